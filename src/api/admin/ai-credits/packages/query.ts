import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { CREDIT_PACKAGE_TERMS } from "../../../../modules/ai-credits/types"

/** A credit package as the admin API shows it: its terms and the variant that sells it. */
export const CREDIT_PACKAGE_FIELDS = [
  "id",
  ...CREDIT_PACKAGE_TERMS,
  "created_at",
  "updated_at",
  "product_variant.id",
  "product_variant.title",
  "product_variant.sku",
  "product_variant.product_id",
  "product_variant.product.id",
  "product_variant.product.title",
  "product_variant.product.handle",
  "product_variant.product.status",
  "product_variant.prices.amount",
  "product_variant.prices.currency_code",
]

export async function listCreditPackages(
  container: MedusaContainer,
  filters: Record<string, unknown>,
  pagination: { skip: number; take: number }
) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data, metadata } = await query.graph({
    entity: "ai_credit_package",
    fields: CREDIT_PACKAGE_FIELDS,
    filters,
    pagination: { skip: pagination.skip, take: pagination.take, order: { rank: "ASC", credits: "ASC", id: "ASC" } },
  })
  return { packages: data, count: metadata?.count ?? data.length }
}

/** One credit package with its variant; 404 when there is none with this id. */
export async function retrieveCreditPackage(container: MedusaContainer, id: string) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "ai_credit_package", fields: CREDIT_PACKAGE_FIELDS, filters: { id } })
  if (!data[0]) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Credit package with id ${id} was not found`)
  }
  return data[0]
}
