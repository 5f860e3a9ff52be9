import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { AI_CREDITS_BILLING_MODULE } from "../../modules/ai-credits-billing"
import type AiCreditsBillingModuleService from "../../modules/ai-credits-billing/service"
import type { UpgradeOffer, UpgradePlanOffer } from "../../modules/ai-credits/policy"
import { creditsService } from "./ai-modules"

/** Other servers' changes to packs and plans are seen within this time; this server's at once. */
const OFFERS_TTL_MS = 30_000

/** The revisions of packs and plans the cached offers were read at (see the services' `…Revision`). */
type Revisions = { packages: number; plans: number }
let offersCache: { offers: UpgradeOffer; at: number; revisions: Revisions } | null = null

function billingService(container: MedusaContainer): AiCreditsBillingModuleService | null {
  return container.hasRegistration(AI_CREDITS_BILLING_MODULE) ? container.resolve(AI_CREDITS_BILLING_MODULE) : null
}

function revisionsOf(container: MedusaContainer): Revisions {
  return { packages: creditsService(container).packagesRevision, plans: billingService(container)?.plansRevision ?? 0 }
}

/**
 * The credit packs on sale (active packages with their variant's prices) and the plans sold
 * online, for upgrade prompts. Cached; a write to packs or plans through their services (which
 * moves their revision on) is seen at the next call.
 */
export async function listUpgradeOffers(container: MedusaContainer): Promise<UpgradeOffer> {
  const revisions = revisionsOf(container)
  if (
    offersCache &&
    Date.now() - offersCache.at < OFFERS_TTL_MS &&
    offersCache.revisions.packages === revisions.packages &&
    offersCache.revisions.plans === revisions.plans
  ) {
    return offersCache.offers
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "ai_credit_package",
    fields: [
      "id",
      "title",
      "credits",
      "kind",
      "rank",
      "product_variant.id",
      "product_variant.product_id",
      "product_variant.prices.amount",
      "product_variant.prices.currency_code",
    ],
    filters: { is_active: true },
  })
  type PackageRow = {
    id: string
    title: string
    credits: number
    kind: string
    rank: number
    product_variant?: {
      id: string
      product_id: string
      prices?: { amount: number; currency_code: string }[]
    } | null
  }
  const packs = (data as PackageRow[])
    .filter((pkg) => pkg.product_variant)
    .sort((a, b) => a.rank - b.rank || a.credits - b.credits)
    .map((pkg) => ({
      id: pkg.id,
      title: pkg.title,
      credits: pkg.credits,
      kind: pkg.kind,
      variant_id: pkg.product_variant?.id ?? null,
      product_id: pkg.product_variant?.product_id ?? null,
      prices: (pkg.product_variant?.prices ?? []).map((p) => ({ amount: Number(p.amount), currency_code: p.currency_code })),
    }))
  const offers = { packs, plans: await listPlanOffers(container) }
  offersCache = { offers, at: Date.now(), revisions }
  return offers
}

/** The subscription plans on sale online, when the billing module is there. */
async function listPlanOffers(container: MedusaContainer): Promise<UpgradePlanOffer[]> {
  const billing = billingService(container)
  if (!billing) {
    return []
  }
  const plans = await billing.listAiCreditPlans(
    { is_active: true, billing: "stripe" },
    { order: { rank: "ASC", monthly_credits: "ASC" }, take: 20 }
  )
  return plans.map((plan) => ({
    id: plan.id,
    code: plan.code,
    name: plan.name,
    monthly_credits: plan.monthly_credits,
    price_amount: (plan.raw_price_amount as { value?: string } | null)?.value ?? null,
    currency_code: plan.currency_code ?? null,
    trial_days: plan.trial_days ?? null,
  }))
}

/**
 * Forgets the cached offers. Writes through the services need not call it; it is for tests and
 * for packs changed behind the services' back (e.g. by SQL).
 */
export function clearUpgradeOffersCache() {
  offersCache = null
}
