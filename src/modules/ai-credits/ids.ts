import { randomFillSync } from "crypto"

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
const POOL = Buffer.alloc(4096)
let poolOffset = POOL.length

/** 40 random bits as a number, drawn from a pool refilled 4 KB at a time. */
function random40(): number {
  if (poolOffset + 5 > POOL.length) {
    randomFillSync(POOL)
    poolOffset = 0
  }
  const value = POOL.readUIntBE(poolOffset, 5)
  poolOffset += 5
  return value
}

/** `digits` base-32 characters of a non-negative integer below 2^53, most significant first. */
function base32(value: number, digits: number): string {
  let out = ""
  for (let i = digits - 1; i >= 0; i--) {
    out += CROCKFORD[Math.floor(value / 32 ** i) % 32]
  }
  return out
}

/**
 * A Medusa-style id: `prefix_` + ULID (48-bit millisecond time, 80 random bits, Crockford base32),
 * the same shape as `generateEntityId` makes. Made here for the rows a ledger call creates on the
 * hot path: `generateEntityId`'s ULID draws one random byte per character (tens of microseconds an
 * id), and making the id inside PostgreSQL costs more than the statement that stores it.
 */
export function newEntityId(prefix: string): string {
  return `${prefix}_${base32(Date.now(), 10)}${base32(random40(), 8)}${base32(random40(), 8)}`
}
