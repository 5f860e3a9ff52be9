import type { EventArgs } from "@medusajs/framework/mikro-orm/core"
import type { Context, InferTypeOf, Logger } from "@medusajs/framework/types"
import { InjectManager, MedusaContext, MedusaError, MedusaService } from "@medusajs/framework/utils"
import Stripe from "stripe"
import { AutoTopUp, AutoTopUpAttempt, Plan, StripeEvent, Subscription, TrialClaim } from "./models"
import { resolveStripeOptions, StripeOptions } from "./options"
import { checkStripeEventShape } from "./stripe-event-shape"
import type { AutoTopUpAttemptDTO, AutoTopUpDTO, PlanDTO, PlanInput, SubscriptionDTO, SubscriptionWithPlan, PlanFallback, SubscriptionStanding } from "./types"

/**
 * How long a customer's standing is cached. This server forgets it on its own writes at once
 * (see interceptEntityMutationEvents); other servers within this time.
 */
const STANDING_TTL_MS = 5_000

type EntityMutation = "afterCreate" | "afterUpdate" | "afterUpsert" | "afterDelete"
type MutationInterceptor = { interceptEntityMutationEvents(event: EntityMutation, args: EventArgs<any>, context: Context): void }

type SqlManager = import("@medusajs/framework/mikro-orm/knex").SqlEntityManager

function sqlManager(sharedContext: Context): SqlManager {
// Boundary cast: Medusa's Context types its managers as unknown; in this module they are MikroORM's SQL entity managers.
  return (sharedContext.transactionManager ?? sharedContext.manager) as unknown as SqlManager
}

/**
 * Normalizes an email for "one trial per person": lower case, and for the local part no dots and
 * nothing from a `+` on (`Ada.Lovelace+ai@Example.com` is `adalovelace@example.com`).
 */
export function normalizeEmail(email: string): string {
  const [local, domain = ""] = email.trim().toLowerCase().split("@")
  return `${local.split("+")[0].replace(/\./g, "")}@${domain}`
}

/**
 * The `ai_credits_billing` module: plans, subscriptions, the Stripe events already handled,
 * trial claims and auto top-up settings and attempts. It never changes a balance itself: credits
 * are granted and revoked through the `ai_credits` module service (see the billing workflows).
 */
// The DTOs name the shapes of the JSON columns, which the data models cannot.
class AiCreditsBillingModuleService extends MedusaService<{
  AiCreditPlan: { dto: PlanDTO; inputDto: PlanInput; model: typeof Plan }
  AiCreditSubscription: { dto: SubscriptionDTO; model: typeof Subscription }
  AiCreditStripeEvent: { dto: InferTypeOf<typeof StripeEvent>; model: typeof StripeEvent }
  AiCreditTrialClaim: { dto: InferTypeOf<typeof TrialClaim>; model: typeof TrialClaim }
  AiCreditAutoTopUp: { dto: AutoTopUpDTO; model: typeof AutoTopUp }
  AiCreditAutoTopUpAttempt: { dto: AutoTopUpAttemptDTO; model: typeof AutoTopUpAttempt }
}>({
  AiCreditPlan: Plan,
  AiCreditSubscription: Subscription,
  AiCreditStripeEvent: StripeEvent,
  AiCreditTrialClaim: TrialClaim,
  AiCreditAutoTopUp: AutoTopUp,
  AiCreditAutoTopUpAttempt: AutoTopUpAttempt,
}) {
  protected readonly stripeOptions_: StripeOptions | null
  protected stripe_?: Stripe
  protected readonly logger_?: Logger

  protected readonly standingCache_ = new Map<string, { standing: Promise<SubscriptionStanding | null>; at: number }>()
  protected plansRevision_ = 0

  constructor(container: Record<string, unknown>, options: unknown) {
    super(...arguments)
    this.stripeOptions_ = resolveStripeOptions(options)
    this.logger_ = container.logger as Logger | undefined
  }

  /**
   * The customer's live subscription in short; null when they have none. One authorization and
   * concurrent requests of the same customer share one read.
   */
  subscriptionStanding(customerId: string): Promise<SubscriptionStanding | null> {
    const cached = this.standingCache_.get(customerId)
    if (cached && Date.now() - cached.at < STANDING_TTL_MS) {
      return cached.standing
    }
    if (this.standingCache_.size > 10_000) {
      this.standingCache_.clear()
    }
    const standing = this.readStanding_(customerId)
    this.standingCache_.set(customerId, { standing, at: Date.now() })
    // A failed read is not kept: the next request reads again.
    standing.catch(() => this.standingCache_.delete(customerId))
    return standing
  }

  protected async readStanding_(customerId: string): Promise<SubscriptionStanding | null> {
    const [subscription] = await this.listAiCreditSubscriptions(
      { customer_id: customerId, status: { $ne: "canceled" } },
      { relations: ["plan"], take: 1 }
    )
    return subscription
      ? {
          past_due: subscription.status === "past_due",
          subscription_id: subscription.id,
          plan_id: subscription.plan.id,
          fallback: (subscription.plan.past_due_fallback as PlanFallback | null) ?? null,
        }
      : null
  }

  /** Counts this server's writes to plans: what caches plan offers compares to see they are stale. */
  get plansRevision(): number {
    return this.plansRevision_
  }

  /**
   * Every write of this module passes here: a subscription's change forgets its customer's
   * standing (all of them when the write names no customer, e.g. a delete by id), a plan's change
   * moves the plans' revision on.
   */
  // A synchronous ORM hook MedusaService calls on every write, not a service method of its own.
  // eslint-disable-next-line @medusajs/service-methods-must-be-async, @medusajs/use-inject-manager-on-public-methods, @medusajs/medusa-context-on-context-param
  interceptEntityMutationEvents(event: EntityMutation, args: EventArgs<any>, context: Context): void {
    // MedusaService's own handler (it emits the module's events) is not in its public type.
    const base = Object.getPrototypeOf(AiCreditsBillingModuleService.prototype) as MutationInterceptor
    base.interceptEntityMutationEvents.call(this, event, args, context)
    if (args.meta.className === "AiCreditSubscription") {
      const customerId = (args.entity as { customer_id?: string } | undefined)?.customer_id
      if (customerId) {
        this.standingCache_.delete(customerId)
      } else {
        this.standingCache_.clear()
      }
    } else if (args.meta.className === "AiCreditPlan") {
      this.plansRevision_++
    }
  }

  /** Whether the `stripe` plugin option is set. */
  get stripeConfigured(): boolean {
    return this.stripeOptions_ !== null
  }

  /** The Stripe client (the `stripe` SDK), made from the plugin options on first use. */
  get stripe(): Stripe {
    if (!this.stripeOptions_) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        "Stripe billing is not configured: set the plugin option `stripe` (api_key, webhook_secret)"
      )
    }
    if (!this.stripe_) {
      const { api_key, api_host, api_port, api_protocol } = this.stripeOptions_
      this.stripe_ = new Stripe(api_key, {
        host: api_host,
        port: api_port,
        protocol: api_protocol,
        maxNetworkRetries: 2,
        telemetry: false,
      })
    }
    return this.stripe_
  }

  /**
   * Checks a webhook's `Stripe-Signature` against the raw body and returns the event. A missing or
   * wrong signature (or a changed body) is a 400 and nothing is handled; so is a signed event
   * without the fields the plugin reads.
   */
  async constructStripeEvent(
    rawBody: Buffer | string | undefined,
    signature: string | string[] | undefined
  ): Promise<Stripe.Event> {
    const secret = this.stripeOptions_?.webhook_secret
    if (!secret) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "Stripe webhooks are not configured")
    }
    if (!rawBody || typeof signature !== "string") {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "Missing Stripe-Signature header or body")
    }
    let event: unknown
    try {
      event = this.stripe.webhooks.constructEvent(rawBody, signature, secret)
    } catch (error) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `Invalid Stripe webhook: ${(error as Error).message}`)
    }
    return checkStripeEventShape(event)
  }

  /** The subscription with its plan; 404 when there is none. */
  @InjectManager()
  async retrieveSubscriptionWithPlan(id: string, @MedusaContext() sharedContext: Context = {}): Promise<SubscriptionWithPlan> {
    const [subscription] = await this.listAiCreditSubscriptions({ id }, { relations: ["plan"], take: 1 }, sharedContext)
    if (!subscription) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Subscription ${id} not found`)
    }
    return subscription
  }

  /** Whether this Stripe event was handled before. */
  @InjectManager()
  async isStripeEventHandled(eventId: string, @MedusaContext() sharedContext: Context = {}): Promise<boolean> {
    const [found] = await this.listAiCreditStripeEvents({ id: eventId }, { take: 1, select: ["id"] }, sharedContext)
    return Boolean(found)
  }

  /** Records a handled Stripe event; a second record of the same id is ignored. Returns false then. */
  @InjectManager()
  async recordStripeEvent(
    input: { id: string; type: string; created: number; outcome: string; subscription_id?: string | null },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    const rows = await sqlManager(sharedContext).execute(
      `insert into ai_credit_stripe_event (id, type, stripe_created_at, outcome, subscription_id)
       values (?, ?, to_timestamp(?), ?, ?) on conflict (id) do nothing returning id`,
      [input.id, input.type, input.created, input.outcome, input.subscription_id ?? null]
    )
    return rows.length > 0
  }

  /**
   * Records a pending auto top-up attempt, or returns null when the wallet has one pending already
   * (a unique index: two servers deciding at once get one attempt between them).
   */
  @InjectManager()
  async openAutoTopUpAttempt(
    input: {
      auto_top_up_id: string
      wallet_id: string
      trigger: "threshold" | "schedule"
      packs: number
      credits: number
      /** What will be charged, an exact decimal string. */
      amount: string
      currency_code: string
    },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ id: string } | null> {
    const rows = await sqlManager(sharedContext).execute(
      `insert into ai_credit_auto_top_up_attempt
         (id, auto_top_up_id, wallet_id, trigger, status, packs, credits, amount, raw_amount, currency_code)
       values ('aitpa_' || replace(gen_random_uuid()::text, '-', ''), ?, ?, ?, 'pending', ?, ?, ?::numeric, ?::jsonb, ?)
       on conflict (wallet_id) where status = 'pending' and deleted_at is null do nothing
       returning id`,
      [
        input.auto_top_up_id,
        input.wallet_id,
        input.trigger,
        input.packs,
        input.credits,
        input.amount,
        JSON.stringify({ value: input.amount, precision: 20 }),
        input.currency_code,
      ]
    )
    return rows[0] ? { id: rows[0].id as string } : null
  }

  /**
   * Claims the trial keys of a customer (its id, normalized email and, when known, card
   * fingerprint). All or nothing: when any key was claimed before, nothing is claimed and the
   * answer names the kinds already used.
   */
  @InjectManager()
  async claimTrial(
    input: { customer_id: string; email: string; card_fingerprint?: string | null; subscription_id?: string | null },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ claimed: boolean; used: string[] }> {
    const keys: [string, string][] = [
      ["customer", input.customer_id],
      ["email", normalizeEmail(input.email)],
      ...(input.card_fingerprint ? [["card", input.card_fingerprint] as [string, string]] : []),
    ]
    const manager = sqlManager(sharedContext)
    const used = await manager.execute(
      `select distinct kind from ai_credit_trial_claim
       where deleted_at is null and (kind, value) in (${keys.map(() => "(?, ?)").join(", ")})`,
      keys.flat()
    )
    if (used.length) {
      return { claimed: false, used: used.map((row) => row.kind as string).sort() }
    }
    const inserted = await manager.execute(
      `insert into ai_credit_trial_claim (id, kind, value, customer_id, subscription_id)
       select 'aitrl_' || replace(gen_random_uuid()::text, '-', ''), k.kind, k.value, ?, ?
       from (values ${keys.map(() => "(?, ?)").join(", ")}) as k(kind, value)
       on conflict do nothing returning id, kind`,
      [input.customer_id, input.subscription_id ?? null, ...keys.flat()]
    )
    if (inserted.length !== keys.length) {
      // Claimed concurrently by another request: give back what this one took.
      await manager.execute(
        `delete from ai_credit_trial_claim where id = any(?)`,
        [inserted.map((row) => row.id)]
      )
      return { claimed: false, used: keys.map(([kind]) => kind).filter((kind) => !inserted.some((row) => row.kind === kind)) }
    }
    return { claimed: true, used: [] }
  }
}

export default AiCreditsBillingModuleService
