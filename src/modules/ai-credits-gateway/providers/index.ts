import { MedusaError } from "@medusajs/framework/utils"
import { LocalAiProvider } from "./local"
import type { LocalAiProviderOptions } from "./local"
import { OpenAiCompatibleProvider } from "./openai-compatible"
import type { OpenAiCompatibleOptions } from "./openai-compatible"
import type { AiProvider } from "./types"

export * from "./types"
export { LocalAiProvider, estimateTokens, estimateChatTokens, TOKENS_PER_MESSAGE } from "./local"
export type { AiStreamResult, LocalAiProviderOptions } from "./local"
export { OpenAiCompatibleProvider, DEFAULT_TIMEOUT_MS } from "./openai-compatible"
export type { OpenAiCompatibleOptions } from "./openai-compatible"

export type LocalAiProviderConfig = { type: "local" } & LocalAiProviderOptions
export type OpenAiCompatibleProviderConfig = { type: "openai-compatible" } & OpenAiCompatibleOptions
/** One entry of the merchant's provider configuration. */
export type AiProviderConfig = LocalAiProviderConfig | OpenAiCompatibleProviderConfig

/** Longest configurable wait, so a typo (seconds given as minutes...) is caught at boot. */
const MAX_TIMEOUT_MS = 30 * 60 * 1000
const MAX_LATENCY_MS = 60 * 1000
const MAX_RETRIES = 10
/** An HTTP token (RFC 9110): fetch would otherwise only reject a bad name at the first request. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/

/**
 * Builds the provider configured under `id`. The config comes from medusa-config.ts, so it is
 * checked here, whatever its static type: every wrong option is reported in one Error that names
 * the provider and the option (unknown options too, to catch typos such as `baseUrl`).
 */
export function createAiProvider(id: string, config: AiProviderConfig): AiProvider {
  if (typeof id !== "string" || !id.trim()) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `AI provider config: the provider id must be a non-empty string, got ${JSON.stringify(id)}`)
  }
  const raw: unknown = config
  if (!isRecord(raw)) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `AI provider "${id}": the config must be an object with a "type"`)
  }

  const problems: string[] = []
  const check = (ok: boolean, option: string, problem: string) => {
    if (!ok) {
      problems.push(`${option}: ${problem}`)
    }
  }
  const rejectUnknownOptions = (known: string[]) => {
    for (const key of Object.keys(raw)) {
      check(known.includes(key), key, `unknown option (expected one of: ${known.join(", ")})`)
    }
  }
  const fail = (): never => {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `AI provider "${id}": invalid config:\n${problems.map((p) => `  - ${p}`).join("\n")}`)
  }

  switch (raw.type) {
    case "local": {
      rejectUnknownOptions(["type", "latency_ms"])
      check(
        raw.latency_ms === undefined || isIntegerIn(raw.latency_ms, 0, MAX_LATENCY_MS),
        "latency_ms",
        `must be a whole number of milliseconds from 0 to ${MAX_LATENCY_MS}`
      )
      if (problems.length) {
        fail()
      }
      return new LocalAiProvider(id, { latency_ms: raw.latency_ms as number | undefined })
    }
    case "openai-compatible": {
      rejectUnknownOptions(["type", "base_url", "api_key", "organization", "model_map", "timeout_ms", "max_retries", "headers", "azure"])
      check(isHttpUrl(raw.base_url), "base_url", "must be an http(s) URL such as https://api.openai.com/v1")
      check(raw.api_key === undefined || typeof raw.api_key === "string", "api_key", "must be a string")
      check(raw.organization === undefined || isNonEmptyString(raw.organization), "organization", "must be a non-empty string")
      check(
        raw.max_retries === undefined || isIntegerIn(raw.max_retries, 0, MAX_RETRIES),
        "max_retries",
        `must be a whole number from 0 to ${MAX_RETRIES}`
      )
      check(
        raw.azure === undefined ||
          (isRecord(raw.azure) && isNonEmptyString(raw.azure.api_version) && Object.keys(raw.azure).length === 1),
        "azure",
        'must be { api_version: "2024-10-21" } (the Azure OpenAI API version)'
      )
      check(raw.azure === undefined || isNonEmptyString(raw.api_key), "api_key", "is required with azure")
      check(
        raw.model_map === undefined || isStringRecord(raw.model_map, true),
        "model_map",
        'must map model names to non-empty model names, e.g. { "chat-default": "gpt-4o-mini" }'
      )
      check(
        raw.timeout_ms === undefined || isIntegerIn(raw.timeout_ms, 1, MAX_TIMEOUT_MS),
        "timeout_ms",
        `must be a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}`
      )
      check(
        raw.headers === undefined ||
          (isStringRecord(raw.headers, false) && Object.keys(raw.headers).every((name) => HEADER_NAME.test(name))),
        "headers",
        "must map valid header names to strings"
      )
      if (problems.length) {
        fail()
      }
      return new OpenAiCompatibleProvider(id, raw as OpenAiCompatibleOptions)
    }
    default:
      check(false, "type", `must be "local" or "openai-compatible", got ${JSON.stringify(raw.type)}`)
      return fail()
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value.trim().length > 0
}

function isIntegerIn(value: unknown, min: number, max: number): boolean {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max
}

function isStringRecord(value: unknown, nonEmptyValues: boolean): value is Record<string, string> {
  return (
    isRecord(value) &&
    Object.values(value).every((v) => typeof v === "string" && (!nonEmptyValues || v.length > 0))
  )
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== "string") {
    return false
  }
  try {
    const url = new URL(value)
    return url.protocol === "http:" || url.protocol === "https:"
  } catch {
    return false
  }
}
