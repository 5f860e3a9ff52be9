import type { ICustomerModuleService, MedusaContainer } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { OrderCreditState } from "../order-credit-state"

/** Which wallet a line's credits go to, and by which rule it was chosen (kept on the grant). */
export type CreditPackOwner = {
  owner_type: "customer" | "customer_group" | "sales_channel"
  owner_id: string
  /** `buyer`, `buyer_group`, `sales_channel`, or `<fills>_fallback_buyer` when the rule had no target. */
  rule: string
}

export type ResolveCreditPackWalletsStepOutput = Record<string, CreditPackOwner>

/**
 * The buyer's company group: the customer group the customer joined first (oldest membership,
 * then group id), so the choice is stable while the customer joins more groups. Null when the
 * customer belongs to no group.
 */
export async function firstCustomerGroupOf(container: MedusaContainer, customerId: string): Promise<string | null> {
  const customers: ICustomerModuleService = container.resolve(Modules.CUSTOMER)
  const memberships = await customers.listCustomerGroupCustomers(
    { customer_id: customerId },
    { order: { created_at: "ASC", customer_group_id: "ASC" } }
  )
  const groupIds = memberships.map((m) => m.customer_group_id)
  if (!groupIds.length) {
    return null
  }
  // Memberships of deleted groups do not count.
  const groups = await customers.listCustomerGroups({ id: groupIds }, { select: ["id"] })
  const alive = new Set(groups.map((g) => g.id))
  return groupIds.find((id) => alive.has(id)) ?? null
}

/**
 * Picks the wallet each credit-pack line fills, from its package's `fills`:
 *
 * - `buyer`: the order's customer (owner type `customer`).
 * - `buyer_group`: the customer's company pool, i.e. the customer group they joined first
 *   (see `firstCustomerGroupOf`); a customer in no group is credited as the buyer.
 * - `sales_channel`: the storefront the order was placed in; an order without a sales channel is
 *   credited to the buyer.
 *
 * Refuses an order without a customer (nobody could spend the credits). Read-only: the wallet is
 * created by the grant itself, so there is nothing to compensate. The grant workflow only asks
 * for lines that were never granted; a line's wallet is fixed by its first grant.
 */
export const resolveCreditPackWalletsStep = createStep(
  "ai-credits-resolve-credit-pack-wallets",
  async (state: OrderCreditState, { container }) => {
    const owners: ResolveCreditPackWalletsStepOutput = {}
    if (!state.lines.length) {
      return new StepResponse(owners)
    }
    if (!state.customer_id) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Order ${state.order_id} has no customer: its credit packs cannot be credited to anyone`
      )
    }
    const buyer = { owner_type: "customer" as const, owner_id: state.customer_id }
    let group: string | null | undefined
    for (const line of state.lines) {
      const fills = line.package.fills
      if (fills === "buyer_group") {
        group = group === undefined ? await firstCustomerGroupOf(container, state.customer_id) : group
        owners[line.line_item_id] = group
          ? { owner_type: "customer_group", owner_id: group, rule: "buyer_group" }
          : { ...buyer, rule: "buyer_group_fallback_buyer" }
      } else if (fills === "sales_channel") {
        owners[line.line_item_id] = state.sales_channel_id
          ? { owner_type: "sales_channel", owner_id: state.sales_channel_id, rule: "sales_channel" }
          : { ...buyer, rule: "sales_channel_fallback_buyer" }
      } else {
        owners[line.line_item_id] = { ...buyer, rule: "buyer" }
      }
    }
    return new StepResponse(owners)
  }
)
