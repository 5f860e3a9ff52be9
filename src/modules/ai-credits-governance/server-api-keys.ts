import { createHash, randomBytes, timingSafeEqual } from "crypto"
import type { ServerApiKeyStatus } from "../../client/enums"

/** What every server API key starts with, so it is recognised (and found by secret scanners). */
export const SERVER_API_KEY_PREFIX = "aic_sk_"
/** `aic_sk_` and 32 random bytes in base64url. */
export const SERVER_API_KEY_PATTERN = /^aic_sk_[A-Za-z0-9_-]{43}$/
/** How many characters of a key its list shows: the prefix and 4 of the secret. */
const SHOWN_PREFIX_LENGTH = SERVER_API_KEY_PREFIX.length + 4

export function hashServerApiKey(secret: string): string {
  return createHash("sha256").update(secret).digest("hex")
}

/** A new key: the secret (shown once), the part a list shows and the hash that is stored. */
export function generateServerApiKey() {
  const secret = `${SERVER_API_KEY_PREFIX}${randomBytes(32).toString("base64url")}`
  return { secret, token_prefix: secret.slice(0, SHOWN_PREFIX_LENGTH), token_hash: hashServerApiKey(secret) }
}

/** The stored hash is the secret's (the row was found by it; this keeps the comparison constant-time). */
export function matchesServerApiKey(storedHash: string, secret: string): boolean {
  const expected = Buffer.from(hashServerApiKey(secret), "hex")
  const stored = Buffer.from(storedHash, "hex")
  return stored.length === expected.length && timingSafeEqual(stored, expected)
}

export function serverApiKeyStatus(key: { revoked_at: Date | string | null; expires_at: Date | string | null }, now = Date.now()): ServerApiKeyStatus {
  if (key.revoked_at) {
    return "revoked"
  }
  if (key.expires_at && new Date(key.expires_at).getTime() <= now) {
    return "expired"
  }
  return "active"
}
