import type { MedusaContainer } from "@medusajs/framework/types"
import { ProductStatus } from "@medusajs/framework/utils"
import { createProductsWorkflow } from "@medusajs/medusa/core-flows"
import type { TestApi } from "./auth"

export type CheckoutOrder = { id: string; items: { id: string; variant_id: string }[] }

/**
 * The store checkout a shopper goes through: cart in the region, line items, payment
 * collection, a session of the system payment provider, complete. Returns the placed order.
 */
export async function checkout(
  api: TestApi,
  headers: { headers: Record<string, string> },
  regionId: string,
  items: { variant_id: string; quantity: number }[]
): Promise<CheckoutOrder> {
  const { data: created } = await api.post("/store/carts", { region_id: regionId }, headers)
  const cartId = created.cart.id
  for (const item of items) {
    await api.post(`/store/carts/${cartId}/line-items`, item, headers)
  }
  const { data: collection } = await api.post("/store/payment-collections", { cart_id: cartId }, headers)
  await api.post(
    `/store/payment-collections/${collection.payment_collection.id}/payment-sessions`,
    { provider_id: "pp_system_default" },
    headers
  )
  const { data: completed } = await api.post(`/store/carts/${cartId}/complete`, {}, headers)
  if (completed.type !== "order") {
    throw new Error(`the cart did not complete: ${JSON.stringify(completed)}`)
  }
  return completed.order as CheckoutOrder
}

/** Published products with one variant each, priced in USD, in the sales channel. Returns the variant ids. */
export async function createProductVariants(
  container: MedusaContainer,
  salesChannelId: string,
  specs: { title: string; handle: string; usd: number }[]
): Promise<string[]> {
  const { result } = await createProductsWorkflow(container).run({
    input: {
      products: specs.map((spec) => ({
        title: spec.title,
        handle: spec.handle,
        status: ProductStatus.PUBLISHED,
        options: [{ title: "Pack", values: ["Default"] }],
        variants: [
          {
            title: "Default",
            manage_inventory: false,
            options: { Pack: "Default" },
            prices: [{ amount: spec.usd, currency_code: "usd" }],
          },
        ],
        sales_channels: [{ id: salesChannelId }],
      })),
    },
  })
  return result.map((product) => product.variants[0].id)
}
