import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { AI_CREDITS_MODULE } from "../../modules/ai-credits"
import type AiCreditsModuleService from "../../modules/ai-credits/service"
import type { GrantShare } from "../../modules/ai-credits/types"
import { AI_CREDITS_BILLING_MODULE, SUBSCRIPTION_REFERENCE } from "../../modules/ai-credits-billing"
import type AiCreditsBillingModuleService from "../../modules/ai-credits-billing/service"
import type { PlanRecord, SubscriptionRecord } from "../../modules/ai-credits-billing/types"

const DAY_MS = 86_400_000

/**
 * Plan credits stay spendable this long after their period ends, so that what is left when a
 * late renewal arrives can still roll over; the renewal (or the end of the subscription) takes
 * them back first.
 */
export const PLAN_CREDITS_GRACE_MS = 2 * DAY_MS

/** Plan credits burn after packs' promotional credits but before bought packs (lower burns first). */
export const PLAN_GRANT_PRIORITY = 20
export const ROLLOVER_GRANT_PRIORITY = 10

const billing = (container: MedusaContainer): AiCreditsBillingModuleService => container.resolve(AI_CREDITS_BILLING_MODULE)
const credits = (container: MedusaContainer): AiCreditsModuleService => container.resolve(AI_CREDITS_MODULE)

const wallet = (subscription: Pick<SubscriptionRecord, "customer_id">) => ({
  owner_type: "customer" as const,
  owner_id: subscription.customer_id,
})

const epoch = (date: Date | string) => Math.floor(new Date(date).getTime() / 1000)

/** What the ledger says when a period's unused plan credits are taken back, by rollover policy. */
const PERIOD_END_REASONS: Record<PlanRecord["rollover_policy"], string> = {
  reset: "plan period ended: unused credits reset",
  rollover_capped: "plan period ended: unused credits roll over, up to the plan's cap",
  rollover_expiring: "plan period ended: unused credits roll over, expiring",
}

export type SubscriptionWithPlan = SubscriptionRecord & { plan: PlanRecord }

/** The subscription with its plan; 404 when there is none. */
export async function retrieveSubscription(container: MedusaContainer, id: string): Promise<SubscriptionWithPlan> {
  const [subscription] = await billing(container).listAiCreditSubscriptions({ id }, { relations: ["plan"], take: 1 })
  if (!subscription) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Subscription ${id} not found`)
  }
  return subscription as unknown as SubscriptionWithPlan
}

/** The subscription's grants of these sources that still hold credit. */
async function liveGrants(container: MedusaContainer, subscriptionId: string, sources: string[]) {
  const grants = await credits(container).listAiCreditGrants(
    { reference_type: SUBSCRIPTION_REFERENCE, reference_id: subscriptionId, source: sources, status: "active" },
    { take: 1000, order: { created_at: "ASC" } }
  )
  return grants as unknown as { id: string; wallet_id: string; amount: number; remaining: number; source: string; modules: string[] | null }[]
}

type Revoked = { wallet_id: string; grants: GrantShare[]; key: string }

/** Takes back what is left of grants (a revoke entry each, with the reason). */
async function revokeGrants(
  container: MedusaContainer,
  grants: Awaited<ReturnType<typeof liveGrants>>,
  keyPrefix: string,
  reason: string
): Promise<{ taken: number; revoked: Revoked[] }> {
  let taken = 0
  const revoked: Revoked[] = []
  for (const grant of grants) {
    const key = `${keyPrefix}:${grant.id}`
    // The grant's full amount, "up to": the same payload on a retry, whatever is left by then.
    const result = await credits(container).debitCredits({
      wallet_id: grant.wallet_id,
      grant_id: grant.id,
      amount: grant.amount,
      mode: "up_to",
      entry_type: "revoke",
      reason,
      actor: { type: "webhook" },
      idempotency_key: key,
    })
    taken += result.taken
    if (!result.replayed && result.grants?.length) {
      revoked.push({ wallet_id: grant.wallet_id, grants: result.grants, key })
    }
  }
  return { taken, revoked }
}

/** Puts revoked credits back (compensation of a revoke). */
async function restoreRevoked(container: MedusaContainer, revoked: Revoked[]) {
  for (const entry of revoked) {
    await credits(container).creditBack({
      wallet_id: entry.wallet_id,
      grants: entry.grants,
      entry_type: "adjust",
      reason: "revoke rolled back",
      idempotency_key: `${entry.key}:rollback`,
    })
  }
}

type Granted = { wallet_id: string; grant_id: string; amount: number; key: string }

async function takeBackGrants(container: MedusaContainer, granted: Granted[]) {
  for (const grant of granted) {
    await credits(container).debitCredits({
      wallet_id: grant.wallet_id,
      grant_id: grant.grant_id,
      amount: grant.amount,
      mode: "up_to",
      entry_type: "revoke",
      reason: "grant rolled back",
      idempotency_key: `${grant.key}:rollback`,
    })
  }
}

export type ClosePlanPeriodInput = { subscription: SubscriptionWithPlan; new_period_start: string }

/**
 * Closes the subscription's current period before the next one opens: what is left of its plan
 * credits is revoked (module allowances always reset), and under a rollover policy granted again
 * as `rollover` credits:
 * - `rollover_capped`: with what is left of earlier rollovers, up to `rollover_cap`, no expiry;
 * - `rollover_expiring`: expiring `rollover_expiry_days` after the new period starts (capped by
 *   `rollover_cap` when set); earlier rollovers keep their own expiry.
 * Compensation puts the revoked credits back and takes the rollover grant back.
 */
export const closePlanPeriodStep = createStep(
  "ai-credits-close-plan-period",
  async ({ subscription, new_period_start }: ClosePlanPeriodInput, { container }) => {
    const { plan } = subscription
    const closing = subscription.current_period_start ? epoch(subscription.current_period_start) : "none"
    const keyPrefix = `sub:${subscription.id}:close:${closing}`
    const rolls = plan.rollover_policy !== "reset"
    const planGrants = await liveGrants(container, subscription.id, ["plan"])
    const earlierRollovers = plan.rollover_policy === "rollover_capped" ? await liveGrants(container, subscription.id, ["rollover"]) : []
    const reason = PERIOD_END_REASONS[plan.rollover_policy]
    // Module allowances never roll over: they would become credits any module could spend.
    const allowances = planGrants.filter((grant) => grant.modules?.length)
    const general = planGrants.filter((grant) => !grant.modules?.length)
    const { taken, revoked } = await revokeGrants(container, [...general, ...earlierRollovers], keyPrefix, reason)
    const allowancesReset = await revokeGrants(container, allowances, keyPrefix, "plan period ended: module allowance reset")
    revoked.push(...allowancesReset.revoked)
    const carried = rolls ? Math.min(taken, plan.rollover_cap ?? taken) : 0
    const granted: Granted[] = []
    if (carried > 0) {
      const key = `sub:${subscription.id}:rollover:${epoch(new_period_start)}`
      const expiresAt =
        plan.rollover_policy === "rollover_expiring" && plan.rollover_expiry_days
          ? new Date(new Date(new_period_start).getTime() + plan.rollover_expiry_days * DAY_MS)
          : null
      const result = await credits(container).grantCredits({
        ...wallet(subscription),
        amount: carried,
        source: "rollover",
        priority: ROLLOVER_GRANT_PRIORITY,
        expires_at: expiresAt,
        reason: `rolled over ${carried} of ${taken} unused credits${plan.rollover_cap !== null && taken > carried ? ` (cap ${plan.rollover_cap})` : ""}`,
        actor: { type: "webhook" },
        idempotency_key: key,
        reference_type: SUBSCRIPTION_REFERENCE,
        reference_id: subscription.id,
        metadata: { plan_id: plan.id, period_start: new_period_start },
      })
      if (!result.replayed) {
        granted.push({ wallet_id: result.balance.wallet_id, grant_id: result.grant.id, amount: carried, key })
      }
    }
    return new StepResponse({ unused: taken, rolled_over: carried }, { revoked, granted })
  },
  async (compensation, { container }) => {
    if (!compensation) {
      return
    }
    await takeBackGrants(container, compensation.granted)
    await restoreRevoked(container, compensation.revoked)
  }
)

export type GrantPlanPeriodInput = {
  subscription: SubscriptionWithPlan
  period_start: string
  period_end: string
  /** Who paid for the period: the Stripe invoice, or the enterprise renewal. */
  reference: string
}

/**
 * Grants a period's plan credits: the plan's monthly credits, and each module allowance as a
 * grant only that module may spend. They expire a short grace after the period ends.
 * Compensation takes them back.
 */
export const grantPlanPeriodStep = createStep(
  "ai-credits-grant-plan-period",
  async ({ subscription, period_start, period_end, reference }: GrantPlanPeriodInput, { container }) => {
    const { plan } = subscription
    const expiresAt = new Date(new Date(period_end).getTime() + PLAN_CREDITS_GRACE_MS)
    const parts: { amount: number; modules: string[] | null; suffix: string }[] = [
      { amount: plan.monthly_credits, modules: null, suffix: "" },
      ...Object.entries(plan.module_allowances ?? {}).map(([module, amount]) => ({ amount, modules: [module], suffix: `:${module}` })),
    ]
    const granted: Granted[] = []
    let total = 0
    for (const part of parts.filter((p) => p.amount > 0)) {
      const key = `sub:${subscription.id}:plan:${epoch(period_start)}${part.suffix}`
      const result = await credits(container).grantCredits({
        ...wallet(subscription),
        amount: part.amount,
        source: "plan",
        priority: PLAN_GRANT_PRIORITY,
        modules: part.modules,
        expires_at: expiresAt,
        reason: `${plan.name}: credits for ${period_start.slice(0, 10)} to ${period_end.slice(0, 10)}${part.modules ? ` (${part.modules[0]} only)` : ""}`,
        actor: { type: "webhook" },
        idempotency_key: key,
        reference_type: SUBSCRIPTION_REFERENCE,
        reference_id: subscription.id,
        metadata: { plan_id: plan.id, period_start, period_end, paid_by: reference },
      })
      total += part.amount
      if (!result.replayed) {
        granted.push({ wallet_id: result.balance.wallet_id, grant_id: result.grant.id, amount: part.amount, key })
      }
    }
    return new StepResponse({ granted: total }, granted)
  },
  async (granted, { container }) => {
    if (granted) {
      await takeBackGrants(container, granted)
    }
  }
)

/** Marks the budget a plan set on a wallet, so an admin's own budget is never overwritten. */
const BUDGET_FROM_PLAN = "ai_credits_budget_from_plan"

/**
 * A plan with `alert_thresholds` watches its subscribers' use: each period sets the subscriber's
 * wallet to a notify-only monthly budget of the plan's credits with the plan's thresholds, so the
 * wallet's owner and the admins hear when, say, 80 % of this month's plan credits are used. A
 * budget an admin set on the wallet stays as it is. Compensation puts the previous settings back.
 */
export const applyPlanAlertsStep = createStep(
  "ai-credits-apply-plan-alerts",
  async ({ subscription }: { subscription: SubscriptionWithPlan }, { container }) => {
    const { plan } = subscription
    if (!plan.alert_thresholds?.length) {
      return new StepResponse(null, null)
    }
    const [target] = await credits(container).listAiCreditWallets(wallet(subscription), { take: 1 })
    // The plan's own earlier budget, untouched since: an admin who changed it keeps theirs.
    const mark = (target?.metadata as Record<string, { cap?: number } | undefined> | null)?.[BUDGET_FROM_PLAN]
    const setByPlan = Boolean(mark) && target.monthly_spend_cap === mark!.cap && target.monthly_cap_action === "notify"
    if (!target || (target.monthly_spend_cap !== null && !setByPlan)) {
      return new StepResponse(null, null)
    }
    const previous = {
      id: target.id,
      monthly_spend_cap: target.monthly_spend_cap,
      monthly_cap_action: target.monthly_cap_action,
      alert_thresholds: target.alert_thresholds,
      metadata: target.metadata,
    }
    await credits(container).updateAiCreditWallets({
      id: target.id,
      monthly_spend_cap: plan.monthly_credits,
      monthly_cap_action: "notify",
      alert_thresholds: plan.alert_thresholds as unknown as Record<string, unknown>,
      metadata: { ...(target.metadata ?? {}), [BUDGET_FROM_PLAN]: { plan_id: plan.id, cap: plan.monthly_credits } },
    })
    return new StepResponse({ wallet_id: target.id }, previous)
  },
  async (previous, { container }) => {
    if (previous) {
      await credits(container).updateAiCreditWallets(previous as unknown as Parameters<ReturnType<typeof credits>["updateAiCreditWallets"]>[0])
    }
  }
)

export type ProratePlanChangeInput = {
  subscription: SubscriptionWithPlan
  new_plan: PlanRecord
  /** When the change took effect (the Stripe event's time): the share of the period left from then. */
  changed_at: string
}

/**
 * Prorates a plan change inside the current period: an upgrade grants the difference in monthly
 * credits for the share of the period left, a downgrade takes that much back from this period's
 * plan credits (as far as they are unspent). Both say so in the ledger. Compensation undoes it.
 */
export const proratePlanChangeStep = createStep(
  "ai-credits-prorate-plan-change",
  async ({ subscription, new_plan, changed_at }: ProratePlanChangeInput, { container }) => {
    const { plan } = subscription
    const start = subscription.current_period_start ? new Date(subscription.current_period_start).getTime() : null
    const end = subscription.current_period_end ? new Date(subscription.current_period_end).getTime() : null
    const difference = new_plan.monthly_credits - plan.monthly_credits
    if (start === null || end === null || end <= start || difference === 0) {
      return new StepResponse({ prorated: 0, share: "0" }, null)
    }
    const left = Math.min(Math.max(end - new Date(changed_at).getTime(), 0), end - start)
    // Whole credits, rounded down (in the customer's favour on a downgrade), in exact integer arithmetic.
    const prorated = Number((BigInt(Math.abs(difference)) * BigInt(left)) / BigInt(end - start))
    const days = `${Math.round(left / DAY_MS)} of ${Math.round((end - start) / DAY_MS)} days left`
    const key = `sub:${subscription.id}:change:${plan.id}:${new_plan.id}:${epoch(changed_at)}`
    if (prorated === 0) {
      return new StepResponse({ prorated: 0, share: days }, null)
    }
    if (difference > 0) {
      const result = await credits(container).grantCredits({
        ...wallet(subscription),
        amount: prorated,
        source: "plan",
        priority: PLAN_GRANT_PRIORITY,
        expires_at: new Date(end + PLAN_CREDITS_GRACE_MS),
        reason: `upgrade from ${plan.name} to ${new_plan.name}: ${difference} credits a month prorated for ${days} = ${prorated}`,
        actor: { type: "webhook" },
        idempotency_key: key,
        reference_type: SUBSCRIPTION_REFERENCE,
        reference_id: subscription.id,
        metadata: { plan_id: new_plan.id, from_plan_id: plan.id, prorated: true },
      })
      const granted: Granted[] = result.replayed ? [] : [{ wallet_id: result.balance.wallet_id, grant_id: result.grant.id, amount: prorated, key }]
      return new StepResponse({ prorated, share: days }, { granted, revoked: [] as Revoked[] })
    }
    let left_to_take = prorated
    const revoked: Revoked[] = []
    for (const grant of await liveGrants(container, subscription.id, ["plan"])) {
      if (left_to_take <= 0 || grant.modules?.length) {
        // Module allowances change with the next period.
        continue
      }
      const result = await credits(container).debitCredits({
        wallet_id: grant.wallet_id,
        grant_id: grant.id,
        amount: left_to_take,
        mode: "up_to",
        entry_type: "revoke",
        reason: `downgrade from ${plan.name} to ${new_plan.name}: ${-difference} credits a month prorated for ${days} = ${prorated}`,
        actor: { type: "webhook" },
        idempotency_key: `${key}:${grant.id}`,
      })
      left_to_take -= result.taken
      if (!result.replayed && result.grants?.length) {
        revoked.push({ wallet_id: grant.wallet_id, grants: result.grants, key: `${key}:${grant.id}` })
      }
    }
    return new StepResponse(
      { prorated: -(prorated - left_to_take), share: days, already_spent: left_to_take },
      { granted: [] as Granted[], revoked }
    )
  },
  async (compensation, { container }) => {
    if (!compensation) {
      return
    }
    await takeBackGrants(container, compensation.granted)
    await restoreRevoked(container, compensation.revoked)
  }
)

export type EndSubscriptionCreditsInput = { subscription: SubscriptionWithPlan; reason: string }

/** Takes back what is left of an ending subscription's plan and rollover credits. */
export const revokeSubscriptionCreditsStep = createStep(
  "ai-credits-revoke-subscription-credits",
  async ({ subscription, reason }: EndSubscriptionCreditsInput, { container }) => {
    const grants = await liveGrants(container, subscription.id, ["plan", "rollover", "trial"])
    const { taken, revoked } = await revokeGrants(container, grants, `sub:${subscription.id}:end`, reason)
    return new StepResponse({ revoked: taken }, revoked)
  },
  async (revoked, { container }) => {
    if (revoked) {
      await restoreRevoked(container, revoked)
    }
  }
)

export type UpdateSubscriptionInput = { id: string } & Partial<
  Pick<
    SubscriptionRecord,
    "status" | "plan_id" | "current_period_start" | "current_period_end" | "cancel_at_period_end" | "canceled_at" | "last_event_at" | "metadata"
  >
>

/** Changes a subscription's state; compensation puts the previous values back. */
export const updateSubscriptionStep = createStep(
  "ai-credits-update-subscription",
  async (input: UpdateSubscriptionInput, { container }) => {
    const service = billing(container)
    const previous = (await service.retrieveAiCreditSubscription(input.id)) as unknown as SubscriptionRecord
    const before = Object.fromEntries(Object.keys(input).map((key) => [key, previous[key as keyof SubscriptionRecord]]))
    const updated = await service.updateAiCreditSubscriptions(input)
    return new StepResponse(updated as unknown as SubscriptionRecord, { ...before, id: input.id, customer_id: previous.customer_id })
  },
  async (before, { container }) => {
    if (!before) {
      return
    }
    const { customer_id, ...values } = before as Record<string, unknown> & { id: string; customer_id: string }
    await billing(container).updateAiCreditSubscriptions(values as { id: string })
  }
)

/** Reads a subscription with its plan (and, for a plan change, the new plan). */
export const loadSubscriptionStep = createStep(
  "ai-credits-load-subscription",
  async (input: { subscription_id: string; plan_id?: string }, { container }) => {
    const subscription = await retrieveSubscription(container, input.subscription_id)
    const newPlan = input.plan_id
      ? ((await billing(container).retrieveAiCreditPlan(input.plan_id)) as unknown as PlanRecord)
      : null
    return new StepResponse({ subscription, new_plan: newPlan })
  }
)

export type StartSubscriptionInput = {
  customer_id: string
  plan_id: string
  /** A Stripe PaymentMethod the storefront collected (Stripe Elements); charged for every renewal. */
  payment_method_id?: string | null
}

export type SubscriptionCheckout = {
  plan: PlanRecord
  customer: { id: string; email: string; name: string | null }
  /** The Stripe customer of an earlier subscription, reused. */
  stripe_customer_id: string | null
}

/** Checks the plan is on sale through Stripe and the customer has no live subscription (409). */
export const validateSubscriptionCheckoutStep = createStep(
  "ai-credits-validate-subscription-checkout",
  async (input: StartSubscriptionInput, { container }) => {
    const service = billing(container)
    const [plan] = (await service.listAiCreditPlans({ id: input.plan_id, is_active: true }, { take: 1 })) as unknown as PlanRecord[]
    if (!plan) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Plan ${input.plan_id} not found`)
    }
    if (plan.billing !== "stripe") {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `The plan "${plan.name}" is sold by contract, not online`)
    }
    if (!plan.stripe_price_id) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `The plan "${plan.name}" has no Stripe price yet`)
    }
    const existing = (await service.listAiCreditSubscriptions(
      { customer_id: input.customer_id },
      { take: 100, order: { created_at: "DESC" } }
    )) as unknown as SubscriptionRecord[]
    const live = existing.find((s) => s.status !== "canceled")
    if (live) {
      throw new MedusaError(MedusaError.Types.CONFLICT, `You already have a subscription (${live.status}); change it instead`)
    }
    const customer = await container.resolve(Modules.CUSTOMER).retrieveCustomer(input.customer_id)
    const name = [customer.first_name, customer.last_name].filter(Boolean).join(" ") || null
    const checkout: SubscriptionCheckout = {
      plan,
      customer: { id: customer.id, email: customer.email, name },
      stripe_customer_id: existing.find((s) => s.stripe_customer_id)?.stripe_customer_id ?? null,
    }
    return new StepResponse(checkout)
  }
)

/**
 * Claims the plan's trial for the customer when it has one and none of the customer, the
 * normalized email or the card (fingerprint from Stripe) had a trial before. Compensation gives
 * the claim back.
 */
export const claimTrialStep = createStep(
  "ai-credits-claim-trial",
  async (input: { checkout: SubscriptionCheckout; payment_method_id?: string | null }, { container }) => {
    const { plan, customer } = input.checkout
    if (!plan.trial_days || !plan.trial_credits) {
      return new StepResponse({ trial: false, used: [] as string[] }, null)
    }
    const service = billing(container)
    let fingerprint: string | null = null
    if (input.payment_method_id) {
      const method = await service.stripe.paymentMethods.retrieve(input.payment_method_id)
      fingerprint = method.card?.fingerprint ?? null
    }
    const claim = await service.claimTrial({ customer_id: customer.id, email: customer.email, card_fingerprint: fingerprint })
    return new StepResponse({ trial: claim.claimed, used: claim.used }, claim.claimed ? customer.id : null)
  },
  async (customerId, { container }) => {
    if (customerId) {
      const service = billing(container)
      const claims = await service.listAiCreditTrialClaims({ customer_id: customerId, subscription_id: null })
      await service.deleteAiCreditTrialClaims(claims.map((claim) => claim.id))
    }
  }
)

/**
 * Creates (or reuses) the Stripe customer and creates the Stripe subscription to the plan's
 * price, with the trial when one was claimed. Compensation cancels the Stripe subscription.
 */
export const createStripeSubscriptionStep = createStep(
  "ai-credits-create-stripe-subscription",
  async (
    input: { checkout: SubscriptionCheckout; payment_method_id?: string | null; trial: boolean; idempotency_key: string },
    { container }
  ) => {
    const { stripe } = billing(container)
    const { plan, customer } = input.checkout
    const stripeCustomerId =
      input.checkout.stripe_customer_id ??
      (
        await stripe.customers.create(
          {
            email: customer.email,
            name: customer.name ?? undefined,
            metadata: { medusa_customer_id: customer.id },
            ...(input.payment_method_id
              ? { payment_method: input.payment_method_id, invoice_settings: { default_payment_method: input.payment_method_id } }
              : {}),
          },
          { idempotencyKey: `${input.idempotency_key}:customer` }
        )
      ).id
    const subscription = await stripe.subscriptions.create(
      {
        customer: stripeCustomerId,
        items: [{ price: plan.stripe_price_id! }],
        ...(input.payment_method_id ? { default_payment_method: input.payment_method_id } : {}),
        ...(input.trial
          ? { trial_period_days: plan.trial_days!, trial_settings: { end_behavior: { missing_payment_method: "cancel" as const } } }
          : {}),
        metadata: { medusa_customer_id: customer.id, ai_credit_plan_id: plan.id },
        // For a first payment that needs the customer (3-D Secure): the storefront confirms it with this.
        expand: ["latest_invoice.confirmation_secret"],
      },
      { idempotencyKey: `${input.idempotency_key}:subscription` }
    )
    const invoice = subscription.latest_invoice && typeof subscription.latest_invoice === "object" ? subscription.latest_invoice : null
    return new StepResponse(
      {
        stripe_customer_id: stripeCustomerId,
        stripe_subscription_id: subscription.id,
        status: subscription.status,
        trial_end: subscription.trial_end,
        client_secret: subscription.status === "incomplete" ? invoice?.confirmation_secret?.client_secret ?? null : null,
      },
      subscription.id
    )
  },
  async (stripeSubscriptionId, { container }) => {
    if (stripeSubscriptionId) {
      await billing(container).stripe.subscriptions.cancel(stripeSubscriptionId)
    }
  }
)

/** Records the new subscription; compensation deletes the record. */
export const createSubscriptionRecordStep = createStep(
  "ai-credits-create-subscription-record",
  async (
    input: Pick<SubscriptionRecord, "customer_id" | "plan_id" | "status" | "billing" | "stripe_customer_id" | "stripe_subscription_id"> &
      Partial<Pick<SubscriptionRecord, "current_period_start" | "current_period_end" | "metadata">>,
    { container }
  ) => {
    const created = (await billing(container).createAiCreditSubscriptions(input)) as unknown as SubscriptionRecord
    return new StepResponse(created, created.id)
  },
  async (id, { container }) => {
    if (id) {
      await billing(container).deleteAiCreditSubscriptions(id)
    }
  }
)

/** Ties the trial claims to the subscription (so each can be traced). */
export const attachTrialClaimsStep = createStep(
  "ai-credits-attach-trial-claims",
  async (input: { customer_id: string; subscription_id: string }, { container }) => {
    const service = billing(container)
    const claims = await service.listAiCreditTrialClaims({ customer_id: input.customer_id, subscription_id: null })
    if (claims.length) {
      await service.updateAiCreditTrialClaims(claims.map((claim) => ({ id: claim.id, subscription_id: input.subscription_id })))
    }
    return new StepResponse(claims.length)
  }
)

export type PlanFields = Omit<PlanRecord, "id">

/** Creates a plan (its code must be new: 409 otherwise); compensation deletes it. */
export const createPlanStep = createStep(
  "ai-credits-create-plan",
  async (input: Partial<PlanFields> & Pick<PlanFields, "code" | "name" | "monthly_credits">, { container }) => {
    const service = billing(container)
    const [existing] = await service.listAiCreditPlans({ code: input.code }, { take: 1 })
    if (existing) {
      throw new MedusaError(MedusaError.Types.CONFLICT, `A plan with code "${input.code}" exists already`)
    }
    const plan = (await service.createAiCreditPlans(input as Record<string, unknown>)) as unknown as PlanRecord
    return new StepResponse(plan, plan.id)
  },
  async (id, { container }) => {
    if (id) {
      await billing(container).deleteAiCreditPlans(id)
    }
  }
)

/** Changes a plan's terms (for later periods); compensation puts the previous terms back. */
export const updatePlanStep = createStep(
  "ai-credits-update-plan",
  async (input: Partial<PlanFields> & { id: string }, { container }) => {
    const service = billing(container)
    const previous = (await service.retrieveAiCreditPlan(input.id)) as unknown as PlanRecord
    const before = Object.fromEntries(Object.keys(input).map((key) => [key, previous[key as keyof PlanRecord]]))
    const plan = (await service.updateAiCreditPlans(input as Record<string, unknown> & { id: string })) as unknown as PlanRecord
    return new StepResponse(plan, before as Partial<PlanRecord> & { id: string })
  },
  async (before, { container }) => {
    if (before) {
      await billing(container).updateAiCreditPlans(before as Record<string, unknown> & { id: string })
    }
  }
)

/** Checks a plan invoiced outside Stripe (an enterprise contract) and that the customer has no live subscription. */
export const validateInvoicedSubscriptionStep = createStep(
  "ai-credits-validate-invoiced-subscription",
  async (input: { customer_id: string; plan_id: string }, { container }) => {
    const service = billing(container)
    const plan = (await service.retrieveAiCreditPlan(input.plan_id)) as unknown as PlanRecord
    if (plan.billing !== "invoice") {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `The plan "${plan.name}" is billed through Stripe: the customer subscribes in the store`)
    }
    await container.resolve(Modules.CUSTOMER).retrieveCustomer(input.customer_id)
    const [live] = await service.listAiCreditSubscriptions({ customer_id: input.customer_id, status: { $ne: "canceled" } }, { take: 1 })
    if (live) {
      throw new MedusaError(MedusaError.Types.CONFLICT, `The customer already has a subscription (${live.status})`)
    }
    return new StepResponse(plan)
  }
)

/** The same day of the next month (UTC), or its last day when that day does not exist (Jan 31 -> Feb 28). */
export function addMonth(date: Date): Date {
  const year = date.getUTCFullYear()
  const month = date.getUTCMonth() + 1
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  return new Date(
    Date.UTC(year, month, Math.min(date.getUTCDate(), lastDay), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds())
  )
}
