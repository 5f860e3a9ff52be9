import { resolveAiModules } from "../catalog"
import { resolveGatewayOptions } from "../options"

const modulesOf = (raw: unknown) => resolveAiModules(resolveGatewayOptions(raw))

describe("the AI modules of a store", () => {
  it("has none the app did not configure: no module answers with the local provider by itself", () => {
    expect([...modulesOf({}).keys()]).toEqual([])
  })

  it("has only the configured modules, routed to the provider the app named, with the built-in defaults", () => {
    const modules = modulesOf({
      ai_providers: { openai: { type: "openai-compatible", base_url: "https://api.openai.com/v1" } },
      ai_modules: { chatbot: { provider: "openai" } },
    })

    expect([...modules.keys()]).toEqual(["chatbot"])
    expect(modules.get("chatbot")).toMatchObject({ provider: "openai", model: "gpt-4o-mini", name: "AI Chatbot", enabled: true })
  })

  it("switches every built-in module on with the provider named by built_in_modules", () => {
    const modules = modulesOf({ built_in_modules: { provider: "local" }, ai_modules: { faq: { provider: "local" } } })

    expect([...modules.keys()].sort()).toEqual(["analytics", "chatbot", "content", "faq", "recommendations", "search", "seo"])
    expect([...modules.values()].every((m) => m.provider === "local")).toBe(true)
  })

  it("refuses an enabled module without a provider, naming the providers it may use", () => {
    expect(() => modulesOf({ ai_modules: { chatbot: {} } })).toThrow(
      /ai_modules\.chatbot\.provider: required.*"local"/
    )
    expect(() => modulesOf({ built_in_modules: { provider: "openai" } })).toThrow(/built_in_modules\.provider: unknown provider "openai"/)
    expect(modulesOf({ ai_modules: { seo: { enabled: false } } }).get("seo")?.enabled).toBe(false)
  })
})
