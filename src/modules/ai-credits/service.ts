import { createHash } from "crypto"
import { PRICE_RATE_FIELDS } from "../../client/enums"
import type { EventArgs } from "@medusajs/framework/mikro-orm/core"
import { Context, IEventBusModuleService, Logger } from "@medusajs/framework/types"
import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/knex"
import {
  InjectManager,
  InjectTransactionManager,
  MedusaContext,
  MedusaError,
  MedusaService,
  Modules,
} from "@medusajs/framework/utils"
import { CreditError, CreditErrorCode } from "./errors"
import { newEntityId } from "./ids"
import { RecentWallets } from "./recent-wallets"
import { LedgerBatcher } from "./ledger-batch"
import { KnexPool, LedgerCall, LedgerCallInput, prepareLedgerCall, runLedgerBatch, serializeLedgerPayload } from "./ledger-call"
import { QuotaCheck, quotaChecks, QuotaRequest, QuotaRuleRecord } from "./quota/matching"
import {
  CreditAlert,
  CreditGrant,
  CreditLedgerEntry,
  CreditPackage,
  CreditPoolMember,
  CreditPrice,
  CreditReservation,
  CreditWallet,
  QuotaCounter,
  QuotaRule,
  UsageEvent,
} from "./models"
import { configuredProviderIds, MAX_CREDITS_PER_OPERATION, ResolvedAiCreditsOptions, resolveAiCreditsOptions } from "./options"
import {
  Actor,
  CostBasis,
  GrantShare,
  GrantSource,
  WalletBalance,
  WalletOwnerType,
} from "./types"

export type WalletRef = { wallet_id: string } | { owner_type: WalletOwnerType; owner_id: string }

export type GrantCreditsInput = WalletRef & {
  amount: number
  source: GrantSource
  idempotency_key: string
  reason?: string
  actor?: Actor
  priority?: number
  effective_at?: Date | string
  expires_at?: Date | string | null
  modules?: string[] | null
  cost_basis?: CostBasis
  /** What one credit cost the buyer, as a decimal string (exact), in `currency_code`. */
  unit_price?: string | null
  currency_code?: string | null
  reference_type?: string | null
  reference_id?: string | null
  metadata?: Record<string, unknown> | null
  /** Name for a wallet created by this grant (pools). */
  wallet_name?: string
}

/** A wallet that may pay, in the order payers are tried. */
export type PayerRef =
  | { wallet_id: string }
  | { owner_type: WalletOwnerType; owner_id: string }
  /** The pools this sales channel belongs to, oldest first. */
  | { pools_of_sales_channel: string }

/** What an AI request used (or is estimated to use). */
export type UsageInput = { input_tokens?: number; output_tokens?: number; images?: number; requests?: number }

/** Who asked and where: copied onto the usage event. `actor_scope` ties an authorization to its caller. */
export type RequestContext = {
  /** The subscriber's plan: prices scoped to it apply (see aic_price_for). */
  plan_id?: string | null
  actor_scope?: string
  customer_id?: string | null
  sales_channel_id?: string | null
  visitor_id?: string | null
  user_id?: string | null
  cart_id?: string | null
  conversation_id?: string | null
  action?: string | null
}

type PricedOrAmount =
  /** An explicit number of credits. */
  | { amount: number; provider?: string; model?: string; estimate?: never }
  /** Priced from the rate card of the provider and model at the paying wallet's price. */
  | { amount?: never; provider: string; model: string; estimate: UsageInput }

export type AuthorizeCreditsInput = (WalletRef | { payers: PayerRef[] }) &
  PricedOrAmount & {
    module: string
    idempotency_key?: string
    actor?: Actor
    ttl_seconds?: number
    context?: RequestContext
    /** The quota counters this request takes from (see `quotasFor`). */
    quotas?: QuotaCheck[]
    metadata?: Record<string, unknown> | null
  }

export type ChargeCreditsInput = (WalletRef | { payers: PayerRef[] }) &
  (
    | { amount: number; provider?: string; model?: string; usage?: UsageInput }
    | { amount?: never; provider: string; model: string; usage: UsageInput }
  ) & {
    module: string
    idempotency_key: string
    actor?: Actor
    context?: RequestContext
    quotas?: QuotaCheck[]
    output_type?: string | null
    latency_ms?: number | null
    metadata?: Record<string, unknown> | null
    /** Refuse (usage_exceeds_maximum) usage that costs more than this much usage would: a storefront's report. */
    max_usage?: UsageInput
  }

export type CaptureCreditsInput = {
  reservation_id: string
  /** Refuse unless the authorization belongs to this wallet. */
  wallet_id?: string
  /** Refuse unless the authorization was made by this caller (see RequestContext.actor_scope). */
  actor_scope?: string
  actor?: Actor
  provider?: string
  /** The model that really ran; another than the authorized one needs `allow_model_change`. */
  model?: string
  allow_model_change?: boolean
  output_type?: string | null
  latency_ms?: number | null
  metadata?: Record<string, unknown> | null
  /**
   * Charge at most the hold, plus `margins[module]` (a fraction of the hold, rounded down); the rest
   * is returned as `uncharged` (and recorded on the usage event). For usage a storefront reports.
   */
  hold_limit?: { margins?: Record<string, number> }
  /** Refuse (quota_exceeded) a charge above the hold that a blocking quota has no room for. */
  refuse_over_quota?: boolean
} & ({ amount: number; usage?: UsageInput } | { amount?: never; usage: UsageInput })

export type ReleaseCreditsInput = {
  reservation_id: string
  wallet_id?: string
  actor_scope?: string
  actor?: Actor
  reason?: string
}

export type DebitCreditsInput = WalletRef & {
  amount: number
  idempotency_key: string
  reason: string
  actor?: Actor
  /** Take from this grant only; otherwise across grants in burn order. */
  grant_id?: string
  module?: string
  /** `exact` refuses when the wallet cannot give it all; `up_to` takes what it can. */
  mode?: "exact" | "up_to"
  entry_type?: "revoke" | "adjust" | "refund"
  metadata?: Record<string, unknown> | null
}

export type TransferCreditsInput = {
  from_wallet_id: string
  to_wallet_id: string
  amount: number
  idempotency_key: string
  reason: string
  actor?: Actor
  entry_type?: "transfer" | "allocate"
  metadata?: Record<string, unknown> | null
}

export type ReservationRecord = {
  id: string
  wallet_id: string
  status: "held" | "captured" | "released" | "expired"
  amount: number
  requested_amount: number | null
  captured_amount: number | null
  module: string | null
  provider: string | null
  model: string | null
  price_id: string | null
  context: RequestContext | null
  usage_event_id: string | null
  expires_at: string
  grants: GrantShare[] | null
}

export type UsageEventRecord = {
  id: string
  wallet_id: string
  reservation_id: string
  module: string
  action: string | null
  provider: string | null
  model: string | null
  price_id: string | null
  input_tokens: number
  output_tokens: number
  images: number
  requests: number
  output_type: string | null
  credits: number
  requested_credits: number
  provider_cost: number | string
  currency_code: string
  sales_channel_id: string | null
  customer_id: string | null
  visitor_id: string | null
  user_id: string | null
  cart_id: string | null
  conversation_id: string | null
  latency_ms: number | null
  status: "charged" | "refunded"
  created_at: string
}

export type ReservationResult = {
  reservation: ReservationRecord
  balance: WalletBalance
  replayed?: boolean
  /** The hold was lowered to the largest hold allowed. */
  capped?: boolean
  /** Notify-only quotas this request went over (it was allowed). */
  quota_over?: (QuotaCheck & { used: number })[]
}

/** Something a charge set off: a budget threshold crossed, a notify-only cap passed, a low balance. */
export type SpendingAlert = {
  kind: "budget_threshold" | "budget_exceeded" | "cost_budget_exceeded" | "low_balance"
  threshold?: number
  spent?: number
  cap?: number
  /** Provider cost this month and the cost cap, exact decimals (cost_budget_exceeded). */
  cost?: string
  cost_cap?: string
  balance?: number
  month_start?: string
}

/** Emitted once per alert crossing (budget threshold, budget exceeded, low balance). */
export const ThresholdReachedEvent = "ai_credits.threshold_reached"

/** The data of `ai_credits.threshold_reached`. */
export type ThresholdReachedData = SpendingAlert & {
  wallet_id: string
  owner_type: string
  owner_id: string
  message: string
}

export type CaptureResult = ReservationResult & {
  usage_event: UsageEventRecord
  alerts?: SpendingAlert[]
  /** Credits the request cost beyond what the wallet could pay. */
  uncharged?: number
  overage?: number
}

export type GrantResult = {
  grant: { id: string; wallet_id: string; amount: number; remaining: number; status: string }
  balance: WalletBalance
  replayed?: boolean
}

export type DebitResult = {
  balance: WalletBalance
  taken: number
  shortfall: number
  grants?: GrantShare[]
  replayed?: boolean
}

export type CreditBackInput = WalletRef & {
  /** The grants to put credit back into, as a capture or debit reported them. */
  grants: GrantShare[]
  idempotency_key: string
  reason: string
  actor?: Actor
  entry_type?: "refund" | "adjust"
  reservation_id?: string
  metadata?: Record<string, unknown> | null
}

export type CreditBackResult = {
  balance: WalletBalance
  restored: number
  not_restored: number
  grants?: GrantShare[]
  replayed?: boolean
}

export type TransferResult = { from: WalletBalance; to: WalletBalance; replayed?: boolean }

/** How long quota rules are cached; other servers see a changed rule within this time. */
const QUOTA_RULES_TTL_MS = 5_000

/** The rates that charge credits (the cost_* rates are the provider's price, for reports). */
export const CREDIT_RATE_FIELDS = PRICE_RATE_FIELDS.filter((field) => field.startsWith("credits_"))

type LedgerFunction =
  | "aic_grant"
  | "aic_authorize"
  | "aic_capture"
  | "aic_charge"
  | "aic_release"
  | "aic_debit"
  | "aic_transfer"
  | "aic_credit_back"
  | "aic_refund_usage"

/**
 * The AI credits module: wallets, grants, holds and the append-only ledger.
 *
 * Every balance change goes through one PostgreSQL function (see `sql/`) that
 * locks the wallet row, applies the change, appends the ledger entry and returns the new balance,
 * in a single round trip. Each is idempotent on its key: the same key and payload returns the first
 * result, the same key with another payload is a 409.
 */
type EntityMutation = "afterCreate" | "afterUpdate" | "afterUpsert" | "afterDelete"
type MutationInterceptor = { interceptEntityMutationEvents(event: EntityMutation, args: EventArgs<any>, context: Context): void }

class AiCreditsModuleService extends MedusaService({
  // Keys match the data models' names, as Query and links expect (listAiCreditWallets, ...).
  AiCreditWallet: CreditWallet,
  AiCreditGrant: CreditGrant,
  AiCreditLedgerEntry: CreditLedgerEntry,
  AiCreditReservation: CreditReservation,
  AiCreditPoolMember: CreditPoolMember,
  AiCreditPrice: CreditPrice,
  AiCreditUsageEvent: UsageEvent,
  AiCreditAlert: CreditAlert,
  AiCreditPackage: CreditPackage,
  AiCreditQuotaRule: QuotaRule,
  AiCreditQuotaCounter: QuotaCounter,
}) {
  protected readonly options_: ResolvedAiCreditsOptions
  /** The AI providers a price may name (see `configuredProviderIds`). */
  protected readonly providerIds_: string[]
  protected readonly logger_?: Logger
  /** Per process: how many connections ledger calls use at once, and how calls share them. */
  protected readonly ledgerBatcher_: LedgerBatcher<LedgerCall, unknown, LedgerCallInput>
  /** Wallet ids of recent authorizations and owners: their later calls queue behind the same wallet. */
  protected readonly recentWallets_ = new RecentWallets(50_000)

  constructor(container: Record<string, unknown>, options: unknown) {
    super(...arguments)
    this.options_ = resolveAiCreditsOptions(options)
    this.providerIds_ = configuredProviderIds(options)
    const { concurrency, max_batch } = this.options_.ledger_admission
    this.ledgerBatcher_ = new LedgerBatcher(concurrency, max_batch, runLedgerBatch, prepareLedgerCall, (call) => call.walletKey)
    this.logger_ = container.logger as Logger | undefined
    // Like MedusaService itself: the event bus is there when the app has one (not in module tests).
    this.eventBus_ = Object.keys(container).includes(Modules.EVENT_BUS)
      ? (container[Modules.EVENT_BUS] as IEventBusModuleService)
      : undefined
  }

  protected readonly eventBus_?: IEventBusModuleService

  protected packagesRevision_ = 0

  /** Counts this server's writes to credit packages: what caches pack offers compares to see they are stale. */
  get packagesRevision(): number {
    return this.packagesRevision_
  }

  /** Every write of this module passes here: a credit package's change moves the packages' revision on. */
  // A synchronous ORM hook MedusaService calls on every write, not a service method of its own.
  // eslint-disable-next-line @medusajs/service-methods-must-be-async, @medusajs/use-inject-manager-on-public-methods, @medusajs/medusa-context-on-context-param
  interceptEntityMutationEvents(event: EntityMutation, args: EventArgs<any>, context: Context): void {
    // MedusaService's own handler (it emits the module's events) is not in its public type.
    const base = Object.getPrototypeOf(AiCreditsModuleService.prototype) as MutationInterceptor
    base.interceptEntityMutationEvents.call(this, event, args, context)
    if (args.meta.className === "AiCreditPackage") {
      this.packagesRevision_++
    }
  }

  protected quotaRules_?: { rules: QuotaRuleRecord[]; at: number }
  /** The read in flight, shared by every request that needs it (no stampede of 32 reads). */
  protected quotaRulesLoading_?: Promise<QuotaRuleRecord[]>
  /** Bumped by `forgetQuotaRules`, so a read that started before a change is not kept. */
  protected quotaRulesGeneration_ = 0

  /**
   * The quota counters a request takes from: every active rule whose scope matches. Rules are
   * read at most every few seconds, so a rule an admin changes applies without a restart, within
   * that time on every server (at once on the server that changed it, see `forgetQuotaRules`).
   * Requests that find the list out of date all wait for one shared read.
   */
  async quotasFor(request: QuotaRequest, now = Date.now()): Promise<QuotaCheck[]> {
    const cached = this.quotaRules_
    const rules = cached && now - cached.at <= QUOTA_RULES_TTL_MS ? cached.rules : await this.loadQuotaRules_(now)
    return quotaChecks(rules, request, this.options_.time_zone, now)
  }

  protected loadQuotaRules_(now: number): Promise<QuotaRuleRecord[]> {
    if (!this.quotaRulesLoading_) {
      const generation = this.quotaRulesGeneration_
      this.quotaRulesLoading_ = this.readActiveQuotaRules_()
        .then((rules) => {
          if (generation === this.quotaRulesGeneration_) {
            this.quotaRules_ = { rules, at: now }
          }
          return rules
        })
        .finally(() => {
          this.quotaRulesLoading_ = undefined
        })
    }
    return this.quotaRulesLoading_
  }

  /** Plain rows, not entities: the list is read every few seconds on a busy server. */
  @InjectTransactionManager()
  protected async readActiveQuotaRules_(@MedusaContext() sharedContext: Context = {}): Promise<QuotaRuleRecord[]> {
    return await sqlManager(sharedContext).execute(
      `select id, name, is_active, module, sales_channel_id, customer_group_id, customer_id, plan_id, admin_role, per,
         metric, "window", window_seconds, "limit", action
       from ai_credit_quota_rule where is_active and deleted_at is null order by created_at, id limit 10000`,
      []
    )
  }

  /** Reads the quota rules again on the next request. */
  async forgetQuotaRules(): Promise<void> {
    this.quotaRulesGeneration_++
    this.quotaRules_ = undefined
    this.quotaRulesLoading_ = undefined
  }

  /**
   * Whether one of these payers already holds an authorization (or a charge) made under this
   * idempotency key: its retry is answered from the stored result. One index lookup per wallet.
   */
  @InjectManager()
  async hasReservationWithKey(
    payers: PayerRef[],
    idempotencyKey: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    const rows: { id: string | null }[] = await sqlManager(sharedContext).execute(
      `select (aic_reservation_by_key(aic_payer_wallets(?::jsonb), ?)).id as id`,
      [JSON.stringify(payers), idempotencyKey]
    )
    return Boolean(rows[0]?.id)
  }

  get options(): ResolvedAiCreditsOptions {
    return this.options_
  }

  /** Adds credits to a wallet, creating the wallet on its first grant. */
  @InjectManager()
  async grantCredits(input: GrantCreditsInput, @MedusaContext() sharedContext: Context = {}) {
    assertCredits(input.amount, "amount")
    assertKey(input.idempotency_key)
    const payload = {
      ...walletRef(input),
      amount: input.amount,
      source: input.source,
      idempotency_key: input.idempotency_key,
      reason: input.reason ?? `${input.source} grant`,
      ...actorFields(input.actor),
      priority: input.priority,
      effective_at: toIso(input.effective_at),
      expires_at: toIso(input.expires_at),
      modules: input.modules?.length ? input.modules : null,
      cost_basis: input.cost_basis,
      unit_price: input.unit_price ?? null,
      currency_code: input.currency_code ?? null,
      reference_type: input.reference_type ?? null,
      reference_id: input.reference_id ?? null,
      metadata: input.metadata ?? null,
      wallet_name: input.wallet_name,
      overage_limit: this.options_.default_overage_limit,
    }
    if (payload.expires_at && Date.parse(payload.expires_at) <= Date.now()) {
      throw new CreditError("invalid_data", "expires_at must be in the future")
    }
    return (await this.callLedger_("aic_grant", withHash(payload, ["reason", "actor_type", "actor_id", "overage_limit", "wallet_name"]), sharedContext)) as GrantResult
  }

  /**
   * Holds credits for an in-flight AI request: an explicit amount, or an estimate priced at the
   * paying wallet's rate card. With several payers, the first that can pay is held.
   */
  @InjectManager()
  async authorizeCredits(input: AuthorizeCreditsInput, @MedusaContext() sharedContext: Context = {}) {
    if (input.amount !== undefined) {
      assertCredits(input.amount, "amount", { allowZero: true })
    } else {
      assertUsage(input.estimate, "estimate")
    }
    if (input.idempotency_key !== undefined) {
      assertKey(input.idempotency_key)
    }
    const payload = {
      payers: payersOf(input),
      amount: input.amount,
      provider: input.provider,
      model: input.model,
      estimate: input.estimate,
      module: input.module,
      idempotency_key: input.idempotency_key,
      context: input.context ?? null,
      quotas: input.quotas ?? [],
      time_zone: this.options_.time_zone,
      ttl_seconds: input.ttl_seconds ?? this.options_.hold_ttl_seconds,
      max_hold: this.options_.max_hold_credits_by_module[input.module] ?? this.options_.max_hold_credits,
      ...actorFields(input.actor),
      metadata: input.metadata ?? null,
    }
    return (await this.callLedger_(
      "aic_authorize",
      {
        // Quota windows move with time: a retry in the next minute is still the same request.
        ...withHash(payload, ["ttl_seconds", "max_hold", "actor_type", "actor_id", "metadata", "quotas", "time_zone"]),
        new_ids: { reservation: newEntityId("aires"), ledger_entry: newEntityId("aile") },
      },
      sharedContext
    )) as ReservationResult
  }

  /**
   * Charges the real cost of an authorized request and records its usage event: an explicit
   * amount, or the usage priced at the authorization's rate card. Capturing twice returns the first
   * result; different usage under the same authorization is a conflict.
   */
  @InjectManager()
  async captureCredits(input: CaptureCreditsInput, @MedusaContext() sharedContext: Context = {}) {
    if (input.amount !== undefined) {
      assertCredits(input.amount, "amount", { allowZero: true })
    }
    if (input.usage !== undefined) {
      assertUsage(input.usage, "usage")
    }
    const payload = {
      reservation_id: input.reservation_id,
      wallet_id: input.wallet_id,
      actor_scope: input.actor_scope,
      amount: input.amount,
      usage: input.usage,
      provider: input.provider,
      model: input.model,
      allow_model_change: input.allow_model_change ?? false,
      time_zone: this.options_.time_zone,
      output_type: input.output_type ?? null,
      latency_ms: input.latency_ms ?? null,
      ...actorFields(input.actor),
      metadata: input.metadata ?? null,
      hold_limit: input.hold_limit ? { margins: input.hold_limit.margins ?? {} } : undefined,
      refuse_over_quota: input.refuse_over_quota || undefined,
    }
    return await this.raiseSpendingAlerts_(await this.callLedger_(
      "aic_capture",
      {
        // A capture is identified by what was used; descriptive fields and the caller's limits may
        // differ on a retry, and provider and model (optional, defaulting to the authorization's) are
        // compared with what was charged by aic_capture itself.
        ...withHash(payload, [
          "wallet_id", "actor_scope", "actor_type", "actor_id", "metadata", "latency_ms", "output_type", "time_zone",
          "hold_limit", "refuse_over_quota", "provider", "model", "allow_model_change",
        ]),
        new_ids: { ledger_entry: newEntityId("aile"), usage_event: newEntityId("aiuse") },
      },
      sharedContext
    ) as CaptureResult, sharedContext)
  }

  /**
   * Authorizes and captures in one step when the usage is known up front, and records the usage
   * event. All or nothing: refused with `insufficient_credits` when no payer can pay it.
   */
  @InjectManager()
  async chargeCredits(input: ChargeCreditsInput, @MedusaContext() sharedContext: Context = {}) {
    if (input.amount !== undefined) {
      assertCredits(input.amount, "amount")
    }
    if (input.usage !== undefined) {
      assertUsage(input.usage, "usage")
    }
    assertKey(input.idempotency_key)
    const payload = {
      payers: payersOf(input),
      amount: input.amount,
      provider: input.provider,
      model: input.model,
      usage: input.usage,
      module: input.module,
      idempotency_key: input.idempotency_key,
      context: input.context ?? null,
      quotas: input.quotas ?? [],
      time_zone: this.options_.time_zone,
      output_type: input.output_type ?? null,
      latency_ms: input.latency_ms ?? null,
      ...actorFields(input.actor),
      metadata: input.metadata ?? null,
      max_usage: input.max_usage,
    }
    if (input.max_usage !== undefined) {
      assertUsage(input.max_usage, "max_usage")
    }
    return await this.raiseSpendingAlerts_(await this.callLedger_(
      "aic_charge",
      {
        ...withHash(payload, ["actor_type", "actor_id", "metadata", "latency_ms", "quotas", "time_zone", "max_usage"]),
        new_ids: { reservation: newEntityId("aires"), ledger_entry: newEntityId("aile"), usage_event: newEntityId("aiuse") },
      },
      sharedContext
    ) as CaptureResult, sharedContext)
  }

  /** Gives a hold back without charging. */
  @InjectManager()
  async releaseCredits(input: ReleaseCreditsInput, @MedusaContext() sharedContext: Context = {}) {
    const payload = {
      reservation_id: input.reservation_id,
      wallet_id: input.wallet_id,
      actor_scope: input.actor_scope,
      reason: input.reason ?? "released",
      ...actorFields(input.actor),
    }
    return (await this.callLedger_("aic_release", payload, sharedContext)) as ReservationResult
  }

  /** Takes credits out of a wallet (revoke, negative adjustment, refund of a purchase). */
  @InjectManager()
  async debitCredits(input: DebitCreditsInput, @MedusaContext() sharedContext: Context = {}) {
    assertCredits(input.amount, "amount")
    assertKey(input.idempotency_key)
    const payload = {
      ...walletRef(input),
      amount: input.amount,
      idempotency_key: input.idempotency_key,
      reason: input.reason,
      grant_id: input.grant_id,
      module: input.module,
      mode: input.mode ?? "exact",
      entry_type: input.entry_type ?? "revoke",
      ...actorFields(input.actor),
      metadata: input.metadata ?? null,
    }
    return (await this.callLedger_("aic_debit", withHash(payload, ["reason", "actor_type", "actor_id", "metadata"]), sharedContext)) as DebitResult
  }

  /** Puts credits back into the grants that paid them (refunds, reversals). */
  @InjectManager()
  async creditBack(input: CreditBackInput, @MedusaContext() sharedContext: Context = {}) {
    assertKey(input.idempotency_key)
    for (const share of input.grants) {
      assertCredits(share.amount, "grants.amount")
    }
    const payload = {
      ...walletRef(input),
      grants: input.grants,
      idempotency_key: input.idempotency_key,
      reason: input.reason,
      entry_type: input.entry_type ?? "refund",
      reservation_id: input.reservation_id,
      ...actorFields(input.actor),
      metadata: input.metadata ?? null,
    }
    return (await this.callLedger_("aic_credit_back", withHash(payload, ["reason", "actor_type", "actor_id", "metadata"]), sharedContext)) as CreditBackResult
  }

  /**
   * Gives back the credits of a rejected AI result. For a customer (`customer_id` set) the refund
   * window and the refunds-per-30-days cap of the plugin options apply; an admin is not limited.
   */
  @InjectManager()
  async refundUsage(
    input: { usage_event_id: string; reason: string; customer_id?: string; actor?: Actor },
    @MedusaContext() sharedContext: Context = {}
  ) {
    const policy = input.customer_id
      ? {
          customer_id: input.customer_id,
          window_hours: this.options_.refunds.window_hours,
          max_refunds: this.options_.refunds.max_per_customer_per_30_days,
        }
      : {}
    return (await this.callLedger_(
      "aic_refund_usage",
      {
        usage_event_id: input.usage_event_id,
        reason: input.reason,
        time_zone: this.options_.time_zone,
        ...policy,
        ...actorFields(input.actor),
      },
      sharedContext
    )) as { usage_event: UsageEventRecord; refunded_credits: number; balance: WalletBalance; replayed?: boolean }
  }

  /** Moves credits between wallets, keeping each grant's expiry, restrictions and cost basis. */
  @InjectManager()
  async transferCredits(input: TransferCreditsInput, @MedusaContext() sharedContext: Context = {}) {
    assertCredits(input.amount, "amount")
    assertKey(input.idempotency_key)
    const payload = {
      ...input,
      ...actorFields(input.actor),
      actor: undefined,
      entry_type: input.entry_type ?? "transfer",
    }
    return (await this.callLedger_("aic_transfer", withHash(payload, ["reason", "actor_type", "actor_id", "metadata"]), sharedContext)) as TransferResult
  }

  /**
   * Settles wallets whose grants started or expired or whose holds timed out. Returns how many
   * wallets it settled; the expiry job calls it until it returns less than the batch size.
   */
  @InjectManager()
  async settleDueWallets(limit?: number, @MedusaContext() sharedContext: Context = {}): Promise<number> {
    const rows = await sqlManager(sharedContext).execute(`select aic_settle_due(?) as settled`, [
      limit ?? this.options_.expiry_batch_size,
    ])
    return Number(rows[0].settled)
  }

  /**
   * What wallets hold right now (expired grants and timed-out holds never count), by id.
   * With a module, `available` is what that module may spend.
   */
  @InjectManager()
  async getBalances(
    walletIds: string[],
    module?: string | null,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Map<string, WalletBalance>> {
    if (!walletIds.length) {
      return new Map()
    }
    const rows: { view: WalletBalance | string | null }[] = await sqlManager(sharedContext).execute(
      `select aic_wallet_view(id, ?, ?) as view from jsonb_array_elements_text(?::jsonb) as id`,
      [module ?? null, this.options_.time_zone, JSON.stringify(walletIds)]
    )
    const balances = new Map<string, WalletBalance>()
    for (const row of rows) {
      const view = typeof row.view === "string" ? (JSON.parse(row.view) as WalletBalance) : row.view
      if (view) {
        balances.set(view.wallet_id, view)
      }
    }
    return balances
  }

  @InjectManager()
  async getBalance(walletId: string, module?: string | null, @MedusaContext() sharedContext: Context = {}) {
    const balance = (await this.getBalances([walletId], module, sharedContext)).get(walletId)
    if (!balance) {
      throw new CreditError("not_found", `Wallet ${walletId} was not found`)
    }
    return balance
  }

  /**
   * Checks the ledger's invariants for wallets (all when no ids are given): the entries sum to the
   * balance and to the held credits, open holds add up to `reserved`, unspent grant credit less
   * overage used equals the balance, and available never goes below the overage limit.
   * Returns the wallets that break one, with what was found; an empty list means all is exact.
   */
  @InjectManager()
  async reconcileWallets(walletIds?: string[], @MedusaContext() sharedContext: Context = {}) {
    const rows: Record<string, string>[] = await sqlManager(sharedContext).execute(
      `select w.id, w.balance, w.reserved, w.overage_used, w.overage_limit,
        (select coalesce(sum(amount), 0) from ai_credit_ledger_entry where wallet_id = w.id) as ledger_balance,
        (select coalesce(sum(reserved_delta), 0) from ai_credit_ledger_entry where wallet_id = w.id) as ledger_reserved,
        (select coalesce(sum(amount), 0) from ai_credit_reservation where wallet_id = w.id and status = 'held') as open_holds,
        (select coalesce(sum(remaining), 0) from ai_credit_grant where wallet_id = w.id and status <> 'pending') as grants_remaining
      from ai_credit_wallet w where w.deleted_at is null
        and (?::jsonb is null or w.id in (select jsonb_array_elements_text(?::jsonb)))`,
      [walletIds ? JSON.stringify(walletIds) : null, walletIds ? JSON.stringify(walletIds) : null]
    )
    const problems: { wallet_id: string; problems: string[] }[] = []
    for (const row of rows) {
      const n = (key: string) => BigInt(row[key])
      const found: string[] = []
      if (n("ledger_balance") !== n("balance")) {
        found.push(`ledger sums to ${row.ledger_balance}, balance is ${row.balance}`)
      }
      if (n("ledger_reserved") !== n("reserved")) {
        found.push(`ledger holds sum to ${row.ledger_reserved}, reserved is ${row.reserved}`)
      }
      if (n("open_holds") !== n("reserved")) {
        found.push(`open holds sum to ${row.open_holds}, reserved is ${row.reserved}`)
      }
      if (n("grants_remaining") - n("overage_used") !== n("balance")) {
        found.push(`grants hold ${row.grants_remaining} less ${row.overage_used} overage, balance is ${row.balance}`)
      }
      if (n("balance") - n("reserved") < -n("overage_limit")) {
        found.push(`available ${n("balance") - n("reserved")} is below the overage limit -${row.overage_limit}`)
      }
      if (found.length) {
        problems.push({ wallet_id: row.id, problems: found })
      }
    }
    return problems
  }

  /**
   * Raises an alert for the admin, once per cause while it is open: a repeat only counts another
   * occurrence. Returns the alert's id.
   */
  @InjectManager()
  async raiseAlert(
    input: {
      type: string
      message: string
      dedupe_key: string
      severity?: "info" | "warning" | "critical"
      wallet_id?: string | null
      data?: Record<string, unknown> | null
    },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ id: string; occurrences: number }> {
    const rows = await sqlManager(sharedContext).execute(
      `insert into ai_credit_alert (id, type, severity, message, wallet_id, dedupe_key, data)
       values (aic_id('aialr'), ?, ?, ?, ?, ?, ?::jsonb)
       on conflict (dedupe_key) where status = 'open' and deleted_at is null
       do update set occurrences = ai_credit_alert.occurrences + 1, updated_at = now()
       returning id, occurrences`,
      [
        input.type,
        input.severity ?? "warning",
        input.message,
        input.wallet_id ?? null,
        input.dedupe_key,
        JSON.stringify(input.data ?? null),
      ]
    )
    return { id: rows[0].id, occurrences: Number(rows[0].occurrences) }
  }

  /** Resolves the open alert of a cause that is gone (the next occurrence opens a new one). */
  @InjectManager()
  async resolveAlertByKey(dedupeKey: string, @MedusaContext() sharedContext: Context = {}) {
    await sqlManager(sharedContext).execute(
      `update ai_credit_alert set status = 'resolved', resolved_at = now(), updated_at = now()
       where dedupe_key = ? and status = 'open' and deleted_at is null`,
      [dedupeKey]
    )
  }

  /**
   * Changes a price: the current row for the same provider, model and scope is superseded and a
   * new version takes its place, in one transaction. Usage already charged keeps its old row.
   */
  @InjectManager()
  async setPrice(
    input: {
      provider: string
      model: string
      scope_type?: "default" | "pool" | "plan"
      scope_id?: string | null
      rates: Partial<Record<(typeof PRICE_RATE_FIELDS)[number], string | number>>
      currency_code?: string
      created_by?: string | null
      /** Says on purpose that the model costs no credits (every credit rate zero). */
      free?: boolean
    },
    @MedusaContext() sharedContext: Context = {}
  ) {
    return await this.setPrice_(input, sharedContext)
  }

  @InjectTransactionManager()
  protected async setPrice_(
    input: {
      provider: string
      model: string
      scope_type?: "default" | "pool" | "plan"
      scope_id?: string | null
      rates: Partial<Record<(typeof PRICE_RATE_FIELDS)[number], string | number>>
      currency_code?: string
      created_by?: string | null
      /** Says on purpose that the model costs no credits (every credit rate zero). */
      free?: boolean
    },
    @MedusaContext() sharedContext: Context = {}
  ) {
    const providers = this.providerIds_
    if (!providers.includes(input.provider)) {
      // Nothing could use (or remove) a price for a provider the store does not have.
      throw new CreditError(
        "invalid_data",
        `Provider "${input.provider}" is not configured; the configured providers are ${providers.map((p) => `"${p}"`).join(", ")}`,
        { configured_providers: providers }
      )
    }
    const scopeType = input.scope_type ?? "default"
    const scopeId = scopeType === "default" ? null : input.scope_id ?? null
    const [current] = await this.listAiCreditPrices(
      { provider: input.provider, model: input.model, scope_type: scopeType, scope_id: scopeId, superseded_at: null },
      { take: 1 },
      sharedContext
    )
    if (current) {
      await this.updateAiCreditPrices({ id: current.id, superseded_at: new Date() }, sharedContext)
    }
    const rates = Object.fromEntries(
      PRICE_RATE_FIELDS.map((field) => [field, input.rates[field] ?? (current ? current[field] : 0) ?? 0])
    )
    const charges = CREDIT_RATE_FIELDS.some((field) => Number(rates[field]) > 0)
    if (!charges && !input.free) {
      // A forgotten rate would let the model run for nothing.
      throw new CreditError(
        "invalid_data",
        `A price needs at least one credit rate above zero (${CREDIT_RATE_FIELDS.join(", ")}), or free: true for a model that costs no credits`
      )
    }
    if (charges && input.free) {
      throw new CreditError("invalid_data", "A free price cannot have credit rates above zero")
    }
    // The model can run now: its "no price" alert is dealt with.
    await this.resolveAlertByKey(`model_not_priced:${input.provider}:${input.model}`, sharedContext)
    return await this.createAiCreditPrices(
      {
        provider: input.provider,
        model: input.model,
        scope_type: scopeType,
        scope_id: scopeId,
        version: (current?.version ?? 0) + 1,
        currency_code: input.currency_code ?? current?.currency_code ?? "usd",
        created_by: input.created_by ?? null,
        ...rates,
      },
      sharedContext
    )
  }

  /** The wallet of an owner, or null when it has none yet. */
  @InjectManager()
  async findWallet(ownerType: WalletOwnerType, ownerId: string, @MedusaContext() sharedContext: Context = {}) {
    const [wallet] = await this.listAiCreditWallets(
      { owner_type: ownerType, owner_id: ownerId },
      { take: 1 },
      sharedContext
    )
    return wallet ?? null
  }

  /**
   * The owner's wallet, created empty when it has none: one statement, so requests that race to
   * create it all get the same wallet (`created` is true for exactly one of them).
   */
  @InjectManager()
  async ensureWallet(
    input: { owner_type: WalletOwnerType; owner_id: string; name?: string | null },
    @MedusaContext() sharedContext: Context = {}
  ) {
    const manager = sqlManager(sharedContext)
    const [inserted] = await manager.execute(
      `insert into ai_credit_wallet (id, owner_type, owner_id, name, overage_limit) values (?, ?, ?, ?, ?)
       on conflict (owner_type, owner_id) where deleted_at is null do nothing returning id`,
      [newEntityId("aiwal"), input.owner_type, input.owner_id, input.name ?? null, this.options_.default_overage_limit]
    )
    const wallet = inserted
      ? await this.retrieveAiCreditWallet(inserted.id, {}, sharedContext)
      : await this.findWallet(input.owner_type, input.owner_id, sharedContext)
    if (!wallet) {
      throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `No wallet for ${input.owner_type} ${input.owner_id}`)
    }
    return { wallet, created: Boolean(inserted) }
  }

  /** Tells the admin about the budget thresholds and low balances a charge crossed (once each). */
  protected async raiseSpendingAlerts_(result: CaptureResult, sharedContext: ManagerContext) {
    const walletId = result.balance.wallet_id
    for (const alert of result.alerts ?? []) {
      const month = alert.month_start ? new Date(alert.month_start).toISOString().slice(0, 7) : ""
      const text = {
        budget_threshold: `Wallet ${walletId} spent ${alert.threshold}% of its monthly budget (${alert.spent} of ${alert.cap} credits)`,
        budget_exceeded: `Wallet ${walletId} went over its monthly budget (${alert.spent} of ${alert.cap} credits)`,
        cost_budget_exceeded: `Wallet ${walletId} went over its monthly provider-cost budget (${alert.cost} of ${alert.cost_cap})`,
        low_balance: `Wallet ${walletId} is below ${alert.threshold} credits (${alert.balance} left)`,
      }[alert.kind]
      await this.raiseAlert(
        {
          type: alert.kind,
          severity: alert.kind === "budget_threshold" && (alert.threshold ?? 0) < 80 ? "info" : "warning",
          message: text,
          wallet_id: walletId,
          dedupe_key: `${alert.kind}:${walletId}:${month}:${alert.threshold ?? ""}`,
          data: alert,
        },
        sharedContext as Context
      )
      // Each crossing is returned by exactly one ledger transaction, so the event fires once.
      await this.eventBus_?.emit({
        name: ThresholdReachedEvent,
        data: {
          wallet_id: walletId,
          owner_type: result.balance.owner_type ?? "",
          owner_id: result.balance.owner_id ?? "",
          message: text,
          ...alert,
        } satisfies ThresholdReachedData,
      })
    }
    return result
  }

  /** One round trip: the ledger function runs and commits (or joins the caller's transaction). */
  protected async callLedger_(fn: LedgerFunction, payload: Record<string, unknown>, sharedContext: ManagerContext) {
    let raw: unknown
    try {
      const manager = sqlManager(sharedContext)
      if (manager.getTransactionContext()) {
        // Inside a caller's transaction the caller's commit decides.
        raw = (await manager.execute(`select ${fn}(?::jsonb) as result`, [serializeLedgerPayload(payload)]))[0]?.result
      } else {
        raw = await this.ledgerBatcher_.call({ pool: manager.getKnex(), fn, payload, walletKey: this.walletKeyOf_(payload) })
      }
    } catch (error) {
      // A refusal that had to undo work already done (a quota taken last) aborts the transaction and
      // travels as the error's detail.
      const detail = (error as { detail?: string }).detail
      if (!String((error as Error).message).includes("aic_refusal") || !detail) {
        throw error
      }
      raw = detail
    }
    const result = (typeof raw === "string" ? JSON.parse(raw) : raw) as
      | { error?: { type: CreditErrorCode; message: string } & Record<string, unknown> }
      | Record<string, unknown>
    if (result && "error" in result && result.error) {
      const { type, message, ...details } = result.error as {
        type: CreditErrorCode
        message: string
      } & Record<string, unknown>
      if (type === "not_priced") {
        // Never run (or charge as zero) a model without a price; tell the admin once.
        await this.raiseAlert(
          {
            type: "model_not_priced",
            severity: "critical",
            message: `${message}. Requests for it are refused until a price is set.`,
            dedupe_key: `model_not_priced:${details.provider}:${details.model}`,
            data: details,
          },
          sharedContext
        )
      }
      throw new CreditError(type, message, details)
    }
    this.rememberWallet_(payload, result)
    return result
  }

  /** The wallet a ledger call works on, as far as it is known before the call. */
  protected walletKeyOf_(payload: Record<string, unknown>): string | undefined {
    const ref = (Array.isArray(payload.payers) ? payload.payers[0] : payload) as Record<string, unknown> | undefined
    if (typeof ref?.wallet_id === "string") {
      return ref.wallet_id
    }
    if (typeof payload.reservation_id === "string") {
      return this.recentWallets_.get(payload.reservation_id)
    }
    if (typeof ref?.owner_type === "string" && typeof ref.owner_id === "string") {
      const owner = `${ref.owner_type}:${ref.owner_id}`
      return this.recentWallets_.get(owner) ?? owner
    }
    return undefined
  }

  protected rememberWallet_(payload: Record<string, unknown>, result: Record<string, unknown>) {
    const reservation = result.reservation as { id?: string; wallet_id?: string } | undefined
    if (reservation?.id && reservation.wallet_id) {
      this.recentWallets_.set(reservation.id, reservation.wallet_id)
    }
    const ref = (Array.isArray(payload.payers) ? payload.payers[0] : payload) as Record<string, unknown> | undefined
    const balance = result.balance as { wallet_id?: string; owner_type?: string; owner_id?: string } | undefined
    if (balance?.wallet_id && balance.owner_type === ref?.owner_type && balance.owner_id === ref?.owner_id) {
      this.recentWallets_.set(`${balance.owner_type}:${balance.owner_id}`, balance.wallet_id)
    }
  }
}

export default AiCreditsModuleService

/** The managers of a shared context, already injected by the public method that was called. */
type ManagerContext = Pick<Context, "manager" | "transactionManager">

/** The MikroORM manager of the surrounding transaction when there is one, else the module's. */
function sqlManager(sharedContext: ManagerContext): SqlEntityManager {
  return (sharedContext.transactionManager ?? sharedContext.manager) as SqlEntityManager
}

function walletRef(ref: WalletRef) {
  return "wallet_id" in ref && ref.wallet_id
    ? { wallet_id: ref.wallet_id }
    : {
        owner_type: (ref as { owner_type: WalletOwnerType }).owner_type,
        owner_id: (ref as { owner_id: string }).owner_id,
      }
}

function payersOf(input: WalletRef | { payers: PayerRef[] }): PayerRef[] {
  if ("payers" in input && input.payers) {
    return input.payers
  }
  return [walletRef(input as WalletRef)]
}

const MAX_USAGE_UNITS = 100_000_000

function assertUsage(usage: UsageInput | undefined, field: string) {
  if (!usage || typeof usage !== "object") {
    throw new CreditError("invalid_data", `${field} is required`)
  }
  for (const key of ["input_tokens", "output_tokens", "images", "requests"] as const) {
    const value = usage[key]
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 0 || value > MAX_USAGE_UNITS)) {
      throw new CreditError("invalid_data", `${field}.${key} must be a whole number from 0 to ${MAX_USAGE_UNITS}`)
    }
  }
}

function actorFields(actor?: Actor) {
  return { actor_type: actor?.type ?? "system", actor_id: actor?.id ?? null }
}

function toIso(value: Date | string | null | undefined) {
  if (value === undefined || value === null) {
    return null
  }
  const date = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(date.getTime())) {
    throw new CreditError("invalid_data", `Invalid date: ${String(value)}`)
  }
  return date.toISOString()
}

function assertCredits(value: unknown, field: string, { allowZero = false } = {}) {
  if (
    typeof value !== "number" ||
    !Number.isSafeInteger(value) ||
    value < (allowZero ? 0 : 1) ||
    value > MAX_CREDITS_PER_OPERATION
  ) {
    throw new CreditError(
      "invalid_data",
      `${field} must be a whole number of credits from ${allowZero ? 0 : 1} to ${MAX_CREDITS_PER_OPERATION}`
    )
  }
}

function assertKey(key: unknown) {
  if (typeof key !== "string" || key.length < 1 || key.length > 255) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "idempotency_key must be 1 to 255 characters")
  }
}

/**
 * Adds `request_hash`: a digest of what the caller asked for, so a retry with the same key is
 * recognised and a different request under the same key is refused. `ignore` lists fields that
 * may differ between retries without changing what is asked (who retried, server-side defaults).
 */
function withHash<T extends Record<string, unknown>>(payload: T, ignore: string[]) {
  const relevant = Object.fromEntries(
    Object.entries(payload)
      .filter(([key, value]) => value !== undefined && !ignore.includes(key))
      .sort(([a], [b]) => (a < b ? -1 : 1))
  )
  return { ...payload, request_hash: createHash("sha256").update(JSON.stringify(relevant)).digest("hex") }
}
