import type { Logger } from "@medusajs/framework/types"
import type { ResolvedGatewayOptions } from "../options"
import type { RateLimitScope } from "../types"
import { CounterCheck, RateLimitStore } from "./store"

export type RateLimitSubject = RateLimitScope

/** Who is asking, as far as rate limits care. */
export type RateLimitRequest = {
  module: string
  customer_id?: string | null
  visitor_id?: string | null
  ip?: string | null
  publishable_key?: string | null
  conversation_id?: string | null
  /**
   * A server API key's own limit: its requests count against it alone (a backend speaks for many
   * users, so the store's per-IP, visitor and storefront limits do not apply to it).
   */
  api_key?: { id: string; per_minute: number | null } | null
}

const MINUTE_MS = 60_000

export type RateLimitDecision =
  | { allowed: true; degraded?: boolean }
  | {
      allowed: false
      reason: "rate_limit" | "cooldown" | "conversation_messages" | "conversations_per_day" | "limiter_unavailable"
      message: string
      retry_after_s: number
      rule?: { per: string; module: string | null; limit: number; window_seconds: number }
    }

type Options = ResolvedGatewayOptions["rate_limits"]

const DAY_MS = 86_400_000

/**
 * Abuse protection in front of every store AI request: limits per customer, visitor, IP and
 * publishable key (optionally per module), cooldowns for callers that keep hitting them, and
 * conversation limits for chatbots. Counters are fixed windows aligned to the clock, so the last
 * millisecond of a window and the first of the next count apart.
 */
export class RateLimiter {
  constructor(
    private readonly options: Options,
    private readonly store: RateLimitStore,
    private readonly logger?: Pick<Logger, "warn">
  ) {}

  async check(request: RateLimitRequest, now = Date.now()): Promise<RateLimitDecision> {
    try {
      return await this.evaluate(request, now)
    } catch (error) {
      // The limiter's store (Redis) is unreachable: the configured failure mode decides.
      this.logger?.warn(
        `ai-credits: rate limiter unavailable (${(error as Error).message}); failing ${this.options.failure_mode}`
      )
      if (this.options.failure_mode === "open") {
        return { allowed: true, degraded: true }
      }
      return {
        allowed: false,
        reason: "limiter_unavailable",
        message: "Rate limiting is unavailable, so AI requests are paused",
        retry_after_s: 5,
      }
    }
  }

  /**
   * Whose requests these are, in one namespace with a kind per prefix (so a visitor id that looks
   * like a customer id is still a visitor): the customer, one visitor of one storefront, or a
   * guest without a visitor id, known by its address.
   */
  private actor(request: RateLimitRequest): string | undefined {
    if (request.customer_id) {
      return `customer:${request.customer_id}`
    }
    if (request.visitor_id) {
      return `visitor:${request.publishable_key ?? "none"}:${request.visitor_id}`
    }
    return request.ip ? `ip:${request.ip}` : undefined
  }

  private subjects(request: RateLimitRequest): Partial<Record<RateLimitSubject, string>> {
    return {
      customer: request.customer_id ?? undefined,
      // An anonymous caller is known by its visitor id, a guest without one by its address (a
      // missing id is no way around the visitor limits); a logged-in customer is limited as such.
      visitor: request.customer_id ? undefined : this.actor(request),
      ip: request.ip ?? undefined,
      publishable_key: request.publishable_key ?? undefined,
    }
  }

  private async evaluateServerKey(key: { id: string; per_minute: number | null }, now: number): Promise<RateLimitDecision> {
    if (key.per_minute === null) {
      return { allowed: true }
    }
    const windowIndex = Math.floor(now / MINUTE_MS)
    const outcome = await this.store.take([
      { key: `api_key:${key.id}:${windowIndex}`, cost: 1, limit: key.per_minute, window_ms: (windowIndex + 1) * MINUTE_MS - now + 1_000 },
    ])
    if (outcome.allowed) {
      return { allowed: true }
    }
    return {
      allowed: false,
      reason: "rate_limit",
      message: `Too many requests: this API key allows ${key.per_minute} a minute`,
      retry_after_s: Math.max(1, Math.ceil(outcome.retry_after_ms / 1000)),
      rule: { per: "api_key", module: null, limit: key.per_minute, window_seconds: 60 },
    }
  }

  private async evaluate(request: RateLimitRequest, now: number): Promise<RateLimitDecision> {
    if (request.api_key) {
      return this.evaluateServerKey(request.api_key, now)
    }
    const subjects = this.subjects(request)
    const accountable = this.accountable(request)
    if (this.options.cooldown) {
      for (const [per, value] of accountable) {
        const remaining = await this.store.flagged(`cool:${per}:${value}`)
        if (remaining > 0) {
          return {
            allowed: false,
            reason: "cooldown",
            message: "Too many requests: cooling down",
            retry_after_s: Math.ceil(remaining / 1000),
          }
        }
      }
    }

    const rules = this.options.rules.filter(
      (rule) => subjects[rule.per] && (!rule.module || rule.module === request.module)
    )
    const checks: CounterCheck[] = rules.map((rule) => {
      const windowMs = rule.window_seconds * 1000
      const windowIndex = Math.floor(now / windowMs)
      return {
        key: `${rule.per}:${rule.module ?? "*"}:${rule.window_seconds}:${subjects[rule.per]}:${windowIndex}`,
        cost: 1,
        limit: rule.limit,
        // The counter lives until its window ends (plus a second, so clocks a little apart agree;
        // the next window has a key of its own anyway).
        window_ms: (windowIndex + 1) * windowMs - now + 1_000,
      }
    })
    const conversations = this.options.conversations
    const conversationId = request.conversation_id
    const actor = this.actor(request)
    // Counted per caller and conversation: others sending to a conversation id do not use it up.
    if (conversationId && actor && conversations.messages_per_conversation) {
      checks.push({
        key: `conv:${actor}:${conversationId}`,
        cost: 1,
        limit: conversations.messages_per_conversation,
        window_ms: DAY_MS,
      })
    }

    const outcome = await this.store.take(checks)
    if (!outcome.allowed) {
      // Refusals of every kind count: a caller that keeps sending to a full conversation under new
      // visitor ids is cooled down like one that keeps hitting a rate limit.
      await this.recordViolations(accountable)
      const rule = rules[outcome.index]
      if (!rule) {
        return {
          allowed: false,
          reason: "conversation_messages",
          message: `This conversation reached its ${conversations.messages_per_conversation} messages`,
          retry_after_s: Math.ceil(outcome.retry_after_ms / 1000),
        }
      }
      return {
        allowed: false,
        reason: "rate_limit",
        message: `Too many requests: at most ${rule.limit} per ${rule.window_seconds} s per ${rule.per.replace("_", " ")}`,
        retry_after_s: Math.max(1, Math.ceil(outcome.retry_after_ms / 1000)),
        rule: { per: rule.per, module: rule.module ?? null, limit: rule.limit, window_seconds: rule.window_seconds },
      }
    }

    if (conversationId && actor && conversations.conversations_per_visitor_per_day) {
      const day = Math.floor(now / DAY_MS)
      const { allowed } = await this.store.addMember(
        `convs:${actor}:${day}`,
        conversationId,
        (day + 1) * DAY_MS - now,
        conversations.conversations_per_visitor_per_day
      )
      if (!allowed) {
        await this.recordViolations(accountable)
        return {
          allowed: false,
          reason: "conversations_per_day",
          message: `At most ${conversations.conversations_per_visitor_per_day} conversations a day`,
          retry_after_s: Math.ceil(((day + 1) * DAY_MS - now) / 1000),
        }
      }
    }
    return { allowed: true }
  }

  /**
   * Whose record a refusal goes on, and so whose cooldown stops the caller: a customer's own only
   * (an address is shared, behind CGNAT or an office, and can be forged where proxy hops are
   * misconfigured). An anonymous caller's (visitor, or guest known by its address) also its
   * address's: a new visitor id, or none, is free to make and an address is not, so a cooldown is
   * not dodged that way. An address's cooldown therefore stops anonymous callers only.
   */
  private accountable(request: RateLimitRequest): [RateLimitSubject, string][] {
    if (request.customer_id) {
      return [["customer", request.customer_id]]
    }
    const accountable: [RateLimitSubject, string][] = []
    const actor = this.actor(request)
    if (actor) {
      accountable.push(["visitor", actor])
    }
    if (request.ip) {
      accountable.push(["ip", request.ip])
    }
    return accountable
  }

  /** Counts a refusal; enough of them within the cooldown period cool the caller down. */
  private async recordViolations(accountable: [RateLimitSubject, string][]) {
    const cooldown = this.options.cooldown
    if (!cooldown) {
      return
    }
    for (const [per, value] of accountable) {
      const hits = await this.store.increment(`viol:${per}:${value}`, cooldown.within_seconds * 1000)
      if (hits >= cooldown.violations) {
        await this.store.flag(`cool:${per}:${value}`, cooldown.duration_seconds * 1000)
      }
    }
  }

  async close() {
    await this.store.close()
  }
}
