import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import Stripe from "stripe"
import { AI_CREDITS_MODULE } from "../../modules/ai-credits"
import type AiCreditsModuleService from "../../modules/ai-credits/service"
import { AI_CREDITS_BILLING_MODULE } from "../../modules/ai-credits-billing"
import type AiCreditsBillingModuleService from "../../modules/ai-credits-billing/service"
import { compareDecimals, decimalString, divideDecimal, formatDecimal, parseDecimal, sumDecimals } from "./order-credit-math"

const HOUR_MS = 3_600_000

/** More successful top-ups than this within an hour is a burst: auto top-up stops and alerts. */
export const AUTO_TOP_UP_BURST = { max: 3, within_ms: HOUR_MS }

/** After a declined card: wait 1 h, then 2 h, 4 h ... at most a day before trying again. */
export function backoffAfter(consecutiveFailures: number): number {
  return Math.min(HOUR_MS * 2 ** Math.max(0, consecutiveFailures - 1), 24 * HOUR_MS)
}

/** Currencies Stripe counts in whole units (no cents). */
const ZERO_DECIMAL_CURRENCIES = new Set(["bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"])

/** A decimal amount in Stripe's smallest unit (cents), exact; refuses fractions of a cent. */
export function toMinorUnits(amount: string, currency: string): number {
  const digits = ZERO_DECIMAL_CURRENCIES.has(currency) ? 0 : 2
  const value = parseDecimal(amount)
  if (value.scale > digits && value.units % 10n ** BigInt(value.scale - digits) !== 0n) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `${amount} ${currency} is not a whole number of ${digits ? "cents" : "units"}`)
  }
  const minor = value.scale > digits ? value.units / 10n ** BigInt(value.scale - digits) : value.units * 10n ** BigInt(digits - value.scale)
  return Number(minor)
}

const billing = (container: MedusaContainer): AiCreditsBillingModuleService => container.resolve(AI_CREDITS_BILLING_MODULE)
const credits = (container: MedusaContainer): AiCreditsModuleService => container.resolve(AI_CREDITS_MODULE)

function monthStart(now: Date) {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1))
}

export type AutoTopUpTrigger = "threshold" | "schedule"

/** The credit package a top-up buys, with its price in the top-up's currency. */
export async function packagePrice(container: MedusaContainer, packageId: string, currency: string) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "ai_credit_package",
    fields: ["id", "title", "credits", "is_active", "product_variant.prices.amount", "product_variant.prices.raw_amount", "product_variant.prices.currency_code"],
    filters: { id: packageId },
  })
  const pkg = data[0] as
    | { id: string; title: string; credits: number; product_variant?: { prices?: { amount: unknown; raw_amount?: unknown; currency_code: string }[] } | null }
    | undefined
  const price = pkg?.product_variant?.prices?.find((p) => p.currency_code === currency)
  if (!pkg || !price) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `Credit package ${packageId} has no ${currency.toUpperCase()} price`)
  }
  return { id: pkg.id, title: pkg.title, credits: pkg.credits, price: decimalString(price.raw_amount ?? price.amount) }
}

export type AutoTopUpDecision =
  | { go: false; reason: string }
  | {
      go: true
      attempt_id: string
      auto_top_up_id: string
      wallet_id: string
      customer_id: string
      stripe_customer_id: string
      stripe_payment_method_id: string
      packs: number
      credits: number
      amount: string
      currency_code: string
      package_title: string
    }

export type ReadyAutoTopUp = Extract<AutoTopUpDecision, { go: true }>

/** The reserve step's decision (see `reserveAutoTopUpStep`). */
async function decideAutoTopUp(
  container: MedusaContainer,
  input: { auto_top_up_id: string; trigger: AutoTopUpTrigger; now?: string }
): Promise<AutoTopUpDecision> {
  const service = billing(container)
  const now = input.now ? new Date(input.now) : new Date()
  const settings = await service.retrieveAiCreditAutoTopUp(input.auto_top_up_id)
  const skip = (reason: string): AutoTopUpDecision => ({ go: false, reason })
  if (!settings.enabled) {
    return skip("disabled")
  }
  if (settings.suspended_reason) {
    return skip(`suspended: ${settings.suspended_reason}`)
  }
  if (settings.paused_until && new Date(settings.paused_until) > now) {
    return skip("backing off after a declined card")
  }
  const recent = await service.listAiCreditAutoTopUpAttempts(
    { wallet_id: settings.wallet_id, created_at: { $gte: monthStart(now) } },
    { take: 10_000 }
  )
  if (recent.some((attempt) => attempt.status === "pending")) {
    return skip("a top-up is already pending")
  }
  const succeeded = recent.filter((attempt) => attempt.status === "succeeded")
  const inLastHour = succeeded.filter((attempt) => now.getTime() - new Date(attempt.created_at).getTime() < AUTO_TOP_UP_BURST.within_ms)
  if (inLastHour.length >= AUTO_TOP_UP_BURST.max) {
    await service.updateAiCreditAutoTopUps({ id: settings.id, suspended_reason: "burst" })
    await credits(container).raiseAlert({
      type: "auto_top_up_burst",
      severity: "critical",
      message: `Auto top-up stopped: ${inLastHour.length} top-ups within an hour. Check the wallet's usage, then save its auto top-up again.`,
      dedupe_key: `auto-top-up-burst:${settings.wallet_id}`,
      wallet_id: settings.wallet_id,
      data: { auto_top_up_id: settings.id, top_ups_last_hour: inLastHour.length },
    })
    return skip("suspended: burst")
  }
  if (succeeded.length >= settings.max_per_month) {
    return skip("monthly count limit reached")
  }
  if (input.trigger === "schedule" && recent.some((attempt) => attempt.trigger === "schedule" && attempt.status !== "failed")) {
    return skip("already topped up on schedule this month")
  }
  const balance = (await credits(container).getBalances([settings.wallet_id])).get(settings.wallet_id)
  const available = balance?.available ?? 0
  if (input.trigger === "threshold" && available >= settings.threshold) {
    return skip("above threshold")
  }
  // Credits bought now could not be spent this month anyway.
  const wallet = await credits(container).retrieveAiCreditWallet(settings.wallet_id)
  if (wallet.monthly_spend_cap !== null && wallet.monthly_cap_action === "block" && (balance?.spent_this_month ?? 0) >= wallet.monthly_spend_cap) {
    return skip("the wallet's monthly budget is used up")
  }
  const pkg = await packagePrice(container, settings.package_id, settings.currency_code)
  const wanted = settings.target_balance ? settings.target_balance - available : pkg.credits
  const packs = Math.max(1, Math.ceil(wanted / pkg.credits))
  const unit = parseDecimal(pkg.price)
  const amount = formatDecimal({ units: unit.units * BigInt(packs), scale: unit.scale })
  if (settings.monthly_amount_limit !== null && settings.monthly_amount_limit !== undefined) {
    const spent = sumDecimals([...succeeded.map((attempt) => attempt.raw_amount ?? attempt.amount), amount])
    if (compareDecimals(spent, parseDecimal(settings.raw_monthly_amount_limit ?? settings.monthly_amount_limit)) > 0) {
      return skip("monthly amount limit reached")
    }
  }
  const attempt = await service.openAutoTopUpAttempt({
    auto_top_up_id: settings.id,
    wallet_id: settings.wallet_id,
    trigger: input.trigger,
    packs,
    credits: packs * pkg.credits,
    amount,
    currency_code: settings.currency_code,
  })
  if (!attempt) {
    return skip("a top-up is already pending")
  }
  return {
    go: true,
    attempt_id: attempt.id,
    auto_top_up_id: settings.id,
    wallet_id: settings.wallet_id,
    customer_id: settings.customer_id,
    stripe_customer_id: settings.stripe_customer_id,
    stripe_payment_method_id: settings.stripe_payment_method_id,
    packs,
    credits: packs * pkg.credits,
    amount,
    currency_code: settings.currency_code,
    package_title: pkg.title,
  }
}

/**
 * Decides whether a wallet's auto top-up runs now and, if so, records a `pending` attempt (one per
 * wallet at a time, by a unique index: a second caller finds it and does nothing). It does not
 * run when the owner switched it off, it is stopped after a burst, it waits after a declined card,
 * the month's count or amount limit is reached, the wallet's monthly spending budget (with
 * `block`) is used up, or (for the threshold trigger) available credit is not below the threshold. A burst (more than `AUTO_TOP_UP_BURST.max` top-ups within an hour)
 * stops it and raises an alert. Compensation drops the pending attempt.
 */
export const reserveAutoTopUpStep = createStep(
  "ai-credits-reserve-auto-top-up",
  async (input: { auto_top_up_id: string; trigger: AutoTopUpTrigger; now?: string }, { container }) => {
    const decision = await decideAutoTopUp(container, input)
    return new StepResponse(decision, decision.go ? decision.attempt_id : null)
  },
  async (attemptId, { container }) => {
    if (attemptId) {
      await billing(container).deleteAiCreditAutoTopUpAttempts(attemptId)
    }
  }
)

export type AutoTopUpSettled = { status: "succeeded" | "failed"; credits: number; amount: string; error?: string }

export type AutoTopUpCharge = { succeeded: true; payment_intent_id: string } | { succeeded: false; error: string; declined: boolean }

/**
 * Charges the top-up off-session to the owner's saved card (idempotent on the attempt id). A
 * declined card, or any other Stripe failure, is an answer, not an exception: the next step
 * records it, alerts and grants nothing.
 */
export const chargeAutoTopUpStep = createStep(
  "ai-credits-charge-auto-top-up",
  async (decision: ReadyAutoTopUp, { container }) => {
    const { stripe } = billing(container)
    try {
      const intent = await stripe.paymentIntents.create(
        {
          amount: toMinorUnits(decision.amount, decision.currency_code),
          currency: decision.currency_code,
          customer: decision.stripe_customer_id,
          payment_method: decision.stripe_payment_method_id,
          off_session: true,
          confirm: true,
          description: `Auto top-up: ${decision.packs} × ${decision.package_title}`,
          metadata: { ai_credit_auto_top_up_attempt_id: decision.attempt_id, wallet_id: decision.wallet_id },
        },
        { idempotencyKey: `auto-top-up:${decision.attempt_id}` }
      )
      if (intent.status !== "succeeded") {
        return new StepResponse<AutoTopUpCharge>({ succeeded: false, error: `payment ${intent.status}`, declined: true })
      }
      return new StepResponse<AutoTopUpCharge>({ succeeded: true, payment_intent_id: intent.id })
    } catch (error) {
      const declined = error instanceof Stripe.errors.StripeCardError
      return new StepResponse<AutoTopUpCharge>({ succeeded: false, error: (error as Error).message, declined })
    }
  }
)

/**
 * Settles the attempt. Paid: grants the credits (a `purchase` at the price paid per credit) and
 * marks it succeeded. Failed: marks it failed, backs off (longer after each decline), raises an
 * alert, grants nothing.
 */
export const settleAutoTopUpStep = createStep(
  "ai-credits-settle-auto-top-up",
  async (input: { decision: ReadyAutoTopUp; charge: AutoTopUpCharge }, { container }) => {
    const service = billing(container)
    const { decision, charge } = input
    const settings = await service.retrieveAiCreditAutoTopUp(decision.auto_top_up_id)
    if (charge.succeeded) {
      const grant = await credits(container).grantCredits({
        wallet_id: decision.wallet_id,
        amount: decision.credits,
        source: "purchase",
        cost_basis: "paid",
        unit_price: divideDecimal(decision.amount, BigInt(decision.credits)),
        currency_code: decision.currency_code,
        reason: `auto top-up: ${decision.packs} × ${decision.package_title} for ${decision.amount} ${decision.currency_code.toUpperCase()}`,
        actor: { type: "system" },
        idempotency_key: `auto-top-up:${decision.attempt_id}`,
        reference_type: "ai_credit_auto_top_up_attempt",
        reference_id: decision.attempt_id,
        metadata: { payment_intent_id: charge.payment_intent_id },
      })
      await service.updateAiCreditAutoTopUpAttempts({
        id: decision.attempt_id,
        status: "succeeded",
        stripe_payment_intent_id: charge.payment_intent_id,
        grant_id: grant.grant.id,
      })
      await service.updateAiCreditAutoTopUps({ id: settings.id, consecutive_failures: 0, paused_until: null })
      return new StepResponse<AutoTopUpSettled>({ status: "succeeded", credits: decision.credits, amount: decision.amount })
    }
    const failures = settings.consecutive_failures + 1
    const pausedUntil = new Date(Date.now() + backoffAfter(failures))
    await service.updateAiCreditAutoTopUpAttempts({ id: decision.attempt_id, status: "failed", error: charge.error })
    await service.updateAiCreditAutoTopUps({ id: settings.id, consecutive_failures: failures, paused_until: pausedUntil })
    await credits(container).raiseAlert({
      type: "auto_top_up_failed",
      severity: "warning",
      message: `Auto top-up of ${decision.amount} ${decision.currency_code.toUpperCase()} failed (${charge.error}); no credits were added. Next try after ${pausedUntil.toISOString()}.`,
      dedupe_key: `auto-top-up-failed:${decision.wallet_id}`,
      wallet_id: decision.wallet_id,
      data: { attempt_id: decision.attempt_id, error: charge.error, declined: charge.declined, paused_until: pausedUntil.toISOString() },
    })
    return new StepResponse<AutoTopUpSettled>({ status: "failed", credits: 0, amount: decision.amount, error: charge.error })
  }
)

export type AutoTopUpFields = {
  enabled?: boolean
  threshold?: number
  package_id?: string
  target_balance?: number | null
  max_per_month?: number
  monthly_amount_limit?: string | null
  day_of_month?: number | null
  currency_code?: string
}

export type SaveOwnAutoTopUpInput = AutoTopUpFields & {
  customer_id: string
  /** The card the owner allows to be charged off-session (a Stripe PaymentMethod id). */
  payment_method_id: string
}

/**
 * Saves the owner's card for off-session top-ups: reuses the customer's Stripe customer (from a
 * subscription or an earlier setting) and attaches the card, or creates a Stripe customer with it.
 */
export const saveTopUpCardStep = createStep(
  "ai-credits-save-top-up-card",
  async (input: { customer_id: string; payment_method_id: string }, { container }) => {
    const service = billing(container)
    const [setting] = await service.listAiCreditAutoTopUps({ customer_id: input.customer_id }, { take: 1 })
    const [subscription] = setting
      ? []
      : await service.listAiCreditSubscriptions({ customer_id: input.customer_id, stripe_customer_id: { $ne: null } }, { take: 1 })
    const known = setting?.stripe_customer_id ?? subscription?.stripe_customer_id ?? null
    if (known) {
      if (setting?.stripe_payment_method_id !== input.payment_method_id) {
        await service.stripe.paymentMethods.attach(input.payment_method_id, { customer: known })
      }
      return new StepResponse({ stripe_customer_id: known })
    }
    const customer = await container.resolve(Modules.CUSTOMER).retrieveCustomer(input.customer_id)
    const created = await service.stripe.customers.create({
      email: customer.email,
      payment_method: input.payment_method_id,
      invoice_settings: { default_payment_method: input.payment_method_id },
      metadata: { medusa_customer_id: input.customer_id },
    })
    return new StepResponse({ stripe_customer_id: created.id })
  }
)

/** Checks the package a top-up buys exists and has a price in the top-up's currency. */
export const validateTopUpPackageStep = createStep(
  "ai-credits-validate-top-up-package",
  async (input: { package_id?: string; currency_code?: string; auto_top_up_id?: string | null }, { container }) => {
    const current = input.auto_top_up_id ? await billing(container).retrieveAiCreditAutoTopUp(input.auto_top_up_id) : null
    const packageId = input.package_id ?? current?.package_id
    if (!packageId) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "package_id is required")
    }
    const pkg = await packagePrice(container, packageId, input.currency_code ?? current?.currency_code ?? "usd").catch(() => {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `Credit package ${packageId} is not for sale in ${input.currency_code ?? current?.currency_code ?? "usd"}`)
    })
    return new StepResponse(pkg)
  }
)

/**
 * Creates or changes a wallet's auto top-up settings. Saving them clears a stop after a burst
 * and the back-off after declined cards. Compensation puts the previous settings back (or
 * deletes new ones).
 */
export const upsertAutoTopUpStep = createStep(
  "ai-credits-upsert-auto-top-up",
  async (
    input: AutoTopUpFields & { wallet_id: string; customer_id?: string; stripe_customer_id?: string; stripe_payment_method_id?: string },
    { container }
  ) => {
    const service = billing(container)
    const [current] = await service.listAiCreditAutoTopUps({ wallet_id: input.wallet_id }, { take: 1 })
    const values: Record<string, unknown> = { ...input, suspended_reason: null, paused_until: null, consecutive_failures: 0 }
    type Compensation = { previous: Record<string, unknown> | null; created: string | null }
    if (current) {
      const saved = await service.updateAiCreditAutoTopUps({ ...values, id: current.id })
      return new StepResponse<{ id: string }, Compensation>(saved, { previous: current, created: null })
    }
    if (!input.customer_id || !input.stripe_customer_id || !input.stripe_payment_method_id || input.threshold === undefined || !input.package_id) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "Only the wallet's owner can set up auto top-up (with their card)")
    }
    const saved = (await service.createAiCreditAutoTopUps(values)) as unknown as { id: string }
    return new StepResponse<{ id: string }, Compensation>(saved, { previous: null, created: saved.id })
  },
  async (compensation, { container }) => {
    if (!compensation) {
      return
    }
    const service = billing(container)
    if (compensation.created) {
      await service.deleteAiCreditAutoTopUps(compensation.created)
    } else if (compensation.previous) {
      const { attempts: _attempts, created_at: _c, updated_at: _u, deleted_at: _d, ...previous } = compensation.previous
      await service.updateAiCreditAutoTopUps(previous as { id: string })
    }
  }
)
