import { resolveAiModules } from "../catalog"
import { resolveGatewayOptions } from "../options"

describe("resolveGatewayOptions", () => {
  it("gives every module a per-request maximum and no capture margin unless stated, and validates the margin", () => {
    const modules = resolveAiModules(resolveGatewayOptions({ built_in_modules: { provider: "local" }, ai_modules: { faq: { provider: "local", capture_margin: 0.25, max_input_tokens: 4_000 } } }))
    expect(modules.get("chatbot")).toMatchObject({ max_input_tokens: 128_000, max_output_tokens: 512, max_images: 0, capture_margin: 0 })
    expect(modules.get("faq")).toMatchObject({ max_input_tokens: 4_000, capture_margin: 0.25 })
    expect(() => resolveGatewayOptions({ ai_modules: { faq: { capture_margin: -0.1 } } })).toThrow(/ai_modules\.faq\.capture_margin/)
    expect(() => resolveGatewayOptions({ ai_modules: { faq: { capture_margin: "10%" } } })).toThrow(/capture_margin/)
  })

  it.each([
    [{ ai_providers: { openai: { type: "openai" } } }, 'ai_providers.openai.type: expected one of "local" | "openai-compatible"'],
    [{ ai_providers: { openai: { base_url: "https://api.openai.com/v1" } } }, 'ai_providers.openai.type: expected one of "local" | "openai-compatible"'],
    [{ rate_limits: { failure_mode: "shut" } }, 'rate_limits.failure_mode: expected one of "open" | "closed"'],
    [
      { ai_modules: { chatbot: { provider: "local", fallback: { type: "stop" } } } },
      'ai_modules.chatbot.fallback.type: expected one of "cheaper_model" | "degrade" | "disable" | "upgrade_prompt"',
    ],
    [
      { rate_limits: { rules: [{ per: "user", limit: 1, window_seconds: 1 }] } },
      'rate_limits.rules.0.per: expected one of "customer" | "visitor" | "ip" | "publishable_key"',
    ],
    [
      { ai_providers: { azure: { type: "openai-compatible", base_url: "https://x.openai.azure.com", azure: { api_version: "2024-10-21" } } } },
      "ai_providers.azure.api_key: azure needs an api_key",
    ],
  ])("names the allowed values of a wrong choice (%j)", (raw, message) => {
    expect(() => resolveGatewayOptions(raw)).toThrow(message)
  })
})
