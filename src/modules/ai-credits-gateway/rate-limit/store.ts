import Redis from "ioredis"

/** One counter to take from: `cost` units within a fixed window of `window_ms`, at most `limit`. */
export type CounterCheck = { key: string; cost: number; limit: number; window_ms: number }

export type CounterOutcome =
  | { allowed: true }
  /** The first check that would go over its limit, and how long until its window resets. */
  | { allowed: false; index: number; count: number; retry_after_ms: number }

/**
 * Where rate-limit counters live. `take` is all or nothing: when any check would go over its
 * limit nothing is counted, so a refused request never uses up another limit.
 */
export interface RateLimitStore {
  take(checks: CounterCheck[]): Promise<CounterOutcome>
  /** Adds to a counter without a limit (limit violations, for cooldowns); returns the new count. */
  increment(key: string, window_ms: number): Promise<number>
  /** Remaining milliseconds of a flag set with `flag`, or 0. */
  flagged(key: string): Promise<number>
  flag(key: string, ttl_ms: number): Promise<void>
  /**
   * Adds a member to a set that lives for `window_ms`, unless the set already holds `limit` others.
   * A member already in the set is always allowed.
   */
  addMember(key: string, member: string, window_ms: number, limit: number): Promise<{ allowed: boolean; size: number }>
  close(): Promise<void>
}

/** Counters in this process: exact for one server; each server counts alone. */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly counters = new Map<string, { count: number; expires_at: number }>()
  private readonly sets = new Map<string, { members: Set<string>; expires_at: number }>()
  private lastSweep = Date.now()

  async take(checks: CounterCheck[]): Promise<CounterOutcome> {
    const now = Date.now()
    this.sweep(now)
    for (let index = 0; index < checks.length; index++) {
      const check = checks[index]
      const current = this.live(check.key, now)
      if (current && current.count + check.cost > check.limit) {
        return { allowed: false, index, count: current.count, retry_after_ms: current.expires_at - now }
      }
    }
    for (const check of checks) {
      const current = this.live(check.key, now)
      if (current) {
        current.count += check.cost
      } else {
        this.counters.set(check.key, { count: check.cost, expires_at: now + check.window_ms })
      }
    }
    return { allowed: true }
  }

  async increment(key: string, window_ms: number) {
    const now = Date.now()
    const current = this.live(key, now)
    if (current) {
      return ++current.count
    }
    this.counters.set(key, { count: 1, expires_at: now + window_ms })
    return 1
  }

  async flagged(key: string) {
    const current = this.live(key, Date.now())
    return current ? current.expires_at - Date.now() : 0
  }

  async flag(key: string, ttl_ms: number) {
    this.counters.set(key, { count: 1, expires_at: Date.now() + ttl_ms })
  }

  async addMember(key: string, member: string, window_ms: number, limit: number) {
    const now = Date.now()
    let set = this.sets.get(key)
    if (!set || set.expires_at <= now) {
      set = { members: new Set(), expires_at: now + window_ms }
      this.sets.set(key, set)
    }
    if (!set.members.has(member)) {
      if (set.members.size >= limit) {
        return { allowed: false, size: set.members.size }
      }
      set.members.add(member)
    }
    return { allowed: true, size: set.members.size }
  }

  async close() {
    this.counters.clear()
    this.sets.clear()
  }

  private live(key: string, now: number) {
    const current = this.counters.get(key)
    return current && current.expires_at > now ? current : undefined
  }

  /** Drops expired counters now and then, so memory stays bounded by the active callers. */
  private sweep(now: number) {
    if (now - this.lastSweep < 60_000) {
      return
    }
    this.lastSweep = now
    for (const [key, value] of this.counters) {
      if (value.expires_at <= now) {
        this.counters.delete(key)
      }
    }
    for (const [key, value] of this.sets) {
      if (value.expires_at <= now) {
        this.sets.delete(key)
      }
    }
  }
}

/**
 * Checks every counter, then counts them all, atomically (Redis runs a script alone), so several
 * servers sharing one Redis enforce one limit between them.
 * KEYS: counter keys; ARGV: cost, limit, window_ms for each key in turn.
 */
const TAKE_SCRIPT = `
for i = 1, #KEYS do
  local current = tonumber(redis.call('GET', KEYS[i]) or '0')
  local cost = tonumber(ARGV[(i - 1) * 3 + 1])
  local limit = tonumber(ARGV[(i - 1) * 3 + 2])
  if current > 0 and current + cost > limit then
    return {0, i - 1, current, redis.call('PTTL', KEYS[i])}
  end
end
for i = 1, #KEYS do
  local cost = tonumber(ARGV[(i - 1) * 3 + 1])
  local window = tonumber(ARGV[(i - 1) * 3 + 3])
  local count = redis.call('INCRBY', KEYS[i], cost)
  if count == cost then
    redis.call('PEXPIRE', KEYS[i], window)
  end
end
return {1}
`

const INCREMENT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return count
`

const ADD_MEMBER_SCRIPT = `
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then
  return {1, redis.call('SCARD', KEYS[1])}
end
local size = redis.call('SCARD', KEYS[1])
if size >= tonumber(ARGV[3]) then
  return {0, size}
end
redis.call('SADD', KEYS[1], ARGV[1])
if redis.call('PTTL', KEYS[1]) < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return {1, size + 1}
`

type RedisWithScripts = Redis & {
  aicTake(numKeys: number, ...args: (string | number)[]): Promise<number[]>
  aicIncrement(key: string, windowMs: number): Promise<number>
  aicAddMember(key: string, member: string, windowMs: number, limit: number): Promise<[number, number]>
}

/** Counters in Redis, shared by every server of the store. */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly redis: RedisWithScripts

  constructor(url: string, private readonly prefix = "aic:rl:") {
    const redis = new Redis(url, {
      // Fail fast: a request must not wait long for a limiter that is down (see failure_mode).
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
      commandTimeout: 1_000,
      enableOfflineQueue: false,
      lazyConnect: true,
    })
    redis.defineCommand("aicTake", { lua: TAKE_SCRIPT })
    redis.defineCommand("aicIncrement", { numberOfKeys: 1, lua: INCREMENT_SCRIPT })
    redis.defineCommand("aicAddMember", { numberOfKeys: 1, lua: ADD_MEMBER_SCRIPT })
    // Errors surface on the commands; without a listener ioredis would also print them unhandled.
    redis.on("error", () => undefined)
    this.redis = redis as RedisWithScripts
  }

  /**
   * Connects on first use and waits for the connection then; afterwards a lost connection fails
   * each command at once (no offline queue), so a Redis outage never stalls requests.
   */
  private async ready() {
    if (this.redis.status === "ready") {
      return
    }
    if (this.redis.status === "wait") {
      this.connecting ??= this.redis.connect().finally(() => {
        this.connecting = undefined
      })
    }
    if (this.connecting) {
      await this.connecting
    }
  }

  private connecting?: Promise<void>

  async take(checks: CounterCheck[]): Promise<CounterOutcome> {
    if (!checks.length) {
      return { allowed: true }
    }
    await this.ready()
    const args: (string | number)[] = checks.map((c) => this.prefix + c.key)
    for (const check of checks) {
      args.push(check.cost, check.limit, check.window_ms)
    }
    const [allowed, index, count, pttl] = await this.redis.aicTake(checks.length, ...args)
    return allowed === 1 ? { allowed: true } : { allowed: false, index, count, retry_after_ms: Math.max(pttl, 0) }
  }

  async increment(key: string, window_ms: number) {
    await this.ready()
    return await this.redis.aicIncrement(this.prefix + key, window_ms)
  }

  async flagged(key: string) {
    await this.ready()
    return Math.max(await this.redis.pttl(this.prefix + key), 0)
  }

  async flag(key: string, ttl_ms: number) {
    await this.ready()
    await this.redis.set(this.prefix + key, "1", "PX", ttl_ms)
  }

  async addMember(key: string, member: string, window_ms: number, limit: number) {
    await this.ready()
    const [allowed, size] = await this.redis.aicAddMember(this.prefix + key, member, window_ms, limit)
    return { allowed: allowed === 1, size }
  }

  async close() {
    this.redis.disconnect()
  }
}
