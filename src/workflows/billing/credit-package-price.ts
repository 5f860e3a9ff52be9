import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { decimalString } from "../../modules/ai-credits-billing"

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
