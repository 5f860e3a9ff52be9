import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, ProductStatus } from "@medusajs/framework/utils"
import { createProductsWorkflow } from "@medusajs/medusa/core-flows"
import { AI_CREDITS_MODULE } from "../modules/ai-credits"
import type AiCreditsModuleService from "../modules/ai-credits/service"
import { AI_CREDITS_BILLING_MODULE } from "../modules/ai-credits-billing"
import type AiCreditsBillingModuleService from "../modules/ai-credits-billing/service"
import { toMinorUnits } from "../modules/ai-credits-billing"
import { createPlanWorkflow, updatePlanWorkflow } from "../workflows"

/**
 * Demo rate cards for real model names (served by the `local` provider in the demo). With
 * 1 credit = $0.001 of list price: rates are credits per 1K tokens or per request; costs are what
 * the provider charges the merchant, in USD.
 */
export const DEMO_PRICES = [
  {
    provider: "local",
    model: "gpt-4o-mini",
    credits_per_1k_input_tokens: "0.5",
    credits_per_1k_output_tokens: "2",
    credits_per_request: "0",
    cost_per_1k_input_tokens: "0.00015",
    cost_per_1k_output_tokens: "0.0006",
  },
  {
    provider: "local",
    model: "gpt-4o",
    credits_per_1k_input_tokens: "5",
    credits_per_1k_output_tokens: "20",
    credits_per_request: "0",
    cost_per_1k_input_tokens: "0.0025",
    cost_per_1k_output_tokens: "0.01",
  },
  {
    provider: "local",
    model: "text-embedding-3-small",
    credits_per_1k_input_tokens: "0.05",
    credits_per_1k_output_tokens: "0",
    credits_per_request: "1",
    cost_per_1k_input_tokens: "0.00002",
    cost_per_1k_output_tokens: "0",
  },
] as const

export const DEMO_PACKS = [
  { title: "AI Credits Starter (1,000 credits)", handle: "ai-credits-1000", credits: 1_000, usd: 10 },
  { title: "AI Credits Growth (10,000 credits)", handle: "ai-credits-10000", credits: 10_000, usd: 80 },
  { title: "AI Credits Scale (50,000 credits)", handle: "ai-credits-50000", credits: 50_000, usd: 350 },
] as const

/**
 * What the store's default pool pays for: every AI module but the chatbot. Chats are paid by the
 * shopper's own credits (or their group's pool), so a shopper sees them run out and the chatbot's
 * upgrade prompt; without this the pool would silently pay once the shopper's wallet is empty.
 */
export const STORE_POOL_MODULES = ["search", "recommendations", "seo", "content", "analytics", "faq_assistant"] as const

/** Sets each demo price unless that provider/model already has one (the merchant's edits stay). */
export async function ensureDemoPricing(container: MedusaContainer) {
  const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
  for (const { provider, model, ...rates } of DEMO_PRICES) {
    const [current] = await credits.listAiCreditPrices({ provider, model, scope_type: "default", superseded_at: null })
    if (!current) {
      await credits.setPrice({ provider, model, rates, created_by: "seed" })
    }
  }
}

export type EnsureCreditPackInput = {
  title: string
  handle: string
  credits: number
  /** Price in USD (major units, as Medusa stores prices). */
  usd: number
  salesChannelIds: string[]
  kind?: "prepaid" | "monthly" | "trial" | "enterprise" | "add_on"
  modules?: string[] | null
  validityDays?: number | null
}

/**
 * A credit pack for sale: a product with one variant, and the credit package linked to that
 * variant. Looked up by product handle, so running it twice changes nothing.
 */
export async function ensureCreditPack(container: MedusaContainer, input: EnsureCreditPackInput) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const link = container.resolve(ContainerRegistrationKeys.LINK)
  const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)

  const { data: existing } = await query.graph({
    entity: "product",
    fields: ["id", "variants.id", "variants.ai_credit_package.id"],
    filters: { handle: input.handle },
  })
  let variantId = existing[0]?.variants?.[0]?.id as string | undefined
  const existingPackageId = (existing[0]?.variants?.[0] as { ai_credit_package?: { id: string } } | undefined)
    ?.ai_credit_package?.id
  if (existingPackageId) {
    return { variant_id: variantId!, package_id: existingPackageId }
  }
  if (!variantId) {
    const { result } = await createProductsWorkflow(container).run({
      input: {
        products: [
          {
            title: input.title,
            handle: input.handle,
            status: ProductStatus.PUBLISHED,
            description: `${input.credits.toLocaleString("en-US")} AI credits for every AI feature of the store.`,
            is_giftcard: false,
            discountable: false,
            options: [{ title: "Pack", values: ["Default"] }],
            variants: [
              {
                title: "Default",
                sku: input.handle.toUpperCase(),
                manage_inventory: false,
                options: { Pack: "Default" },
                prices: [{ amount: input.usd, currency_code: "usd" }],
              },
            ],
            sales_channels: input.salesChannelIds.map((id) => ({ id })),
          },
        ],
      },
    })
    variantId = result[0].variants[0].id
  }
  const pkg = await credits.createAiCreditPackages({
    title: input.title,
    credits: input.credits,
    kind: input.kind ?? "prepaid",
    modules: input.modules ?? null,
    validity_days: input.validityDays ?? null,
  })
  await link.create({
    [AI_CREDITS_MODULE]: { ai_credit_package_id: pkg.id },
    [Modules.PRODUCT]: { product_variant_id: variantId },
  })
  return { variant_id: variantId!, package_id: pkg.id }
}

/** The demo's two subscription plans. */
export const DEMO_PLANS = [
  {
    code: "ai-starter",
    name: "AI Starter",
    description: "2,000 credits a month; up to 1,000 unused credits roll over.",
    monthly_credits: 2_000,
    rollover_policy: "rollover_capped" as const,
    rollover_cap: 1_000,
    price_amount: "19.00",
    trial_days: 14,
    trial_credits: 300,
    rank: 1,
  },
  {
    code: "ai-pro",
    name: "AI Pro",
    description: "10,000 credits a month plus 1,000 for SEO, reset every month.",
    monthly_credits: 10_000,
    rollover_policy: "reset" as const,
    module_allowances: { seo: 1_000 },
    rate_limit_tier: "pro",
    price_amount: "79.00",
    past_due_fallback: { type: "upgrade_prompt" as const, message: "Your last payment failed: update your card to keep using AI." },
    rank: 2,
  },
]

/**
 * The demo plans, created once (looked up by code). When Stripe keys are configured (plugin
 * option `stripe`), each plan without a Stripe price gets a product and a monthly price in the
 * Stripe account (found again by `lookup_key` on a second run), so a person can subscribe.
 */
export async function ensureDemoPlans(container: MedusaContainer) {
  const billing: AiCreditsBillingModuleService = container.resolve(AI_CREDITS_BILLING_MODULE)
  const plans = []
  for (const demo of DEMO_PLANS) {
    let [plan] = await billing.listAiCreditPlans({ code: demo.code }, { take: 1 })
    if (!plan) {
      plan = (await createPlanWorkflow(container).run({ input: { ...demo, billing: "stripe", currency_code: "usd" } })).result as typeof plan
    }
    if (!plan.stripe_price_id && billing.stripeConfigured) {
      const { stripe } = billing
      const [existing] = (await stripe.prices.list({ lookup_keys: [demo.code], limit: 1 })).data
      const price =
        existing ??
        (await stripe.prices.create({
          lookup_key: demo.code,
          currency: "usd",
          unit_amount: toMinorUnits(demo.price_amount, "usd"),
          recurring: { interval: "month" },
          product_data: { name: demo.name },
        }))
      plan = (await updatePlanWorkflow(container).run({ input: { id: plan.id, stripe_price_id: price.id } })).result as typeof plan
    }
    plans.push({ id: plan.id, name: plan.name, stripe_price_id: plan.stripe_price_id })
  }
  return plans
}

export type SeedAiCreditsInput = {
  storeId: string
  salesChannels: { id: string; name: string }[]
  customers: { id: string; email: string }[]
  customerGroups: { id: string; name: string }[]
}

/**
 * The demo's credits: rate cards, packs and plans on sale, the store's default pool, a small wallet
 * for the first demo customer (so a person sees it run out) and a shared pool for the Wholesale group.
 * Grants use fixed idempotency keys, so a second run adds nothing.
 */
export async function seedAiCreditsDemo(container: MedusaContainer, input: SeedAiCreditsInput) {
  const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
  await ensureDemoPricing(container)
  const packs = []
  for (const pack of DEMO_PACKS) {
    packs.push({ ...pack, ...(await ensureCreditPack(container, { ...pack, salesChannelIds: input.salesChannels.map((c) => c.id) })) })
  }
  const grant = (
    ownerType: "store" | "customer" | "customer_group",
    ownerId: string,
    amount: number,
    key: string,
    modules?: string[]
  ) =>
    credits.grantCredits({
      owner_type: ownerType,
      owner_id: ownerId,
      amount,
      modules,
      source: "promotion",
      cost_basis: "promotional",
      idempotency_key: key,
      reason: "demo seed",
    })
  const storePool = await grant("store", input.storeId, 5_000, "demo-seed:store-pool", [...STORE_POOL_MODULES])
  const wallets = [{ owner: "store default pool", wallet_id: storePool.balance.wallet_id, balance: storePool.balance.balance }]
  const [firstCustomer] = input.customers
  if (firstCustomer) {
    const wallet = await grant("customer", firstCustomer.id, 25, "demo-seed:customer")
    wallets.push({ owner: firstCustomer.email, wallet_id: wallet.balance.wallet_id, balance: wallet.balance.balance })
  }
  const wholesale = input.customerGroups.find((g) => g.name === "Wholesale")
  if (wholesale) {
    const wallet = await grant("customer_group", wholesale.id, 2_000, "demo-seed:wholesale")
    wallets.push({ owner: "Wholesale group pool", wallet_id: wallet.balance.wallet_id, balance: wallet.balance.balance })
  }
  const plans = await ensureDemoPlans(container)
  return { packs, wallets, plans }
}
