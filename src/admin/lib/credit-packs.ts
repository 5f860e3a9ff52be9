import type { CreditPackageTerms } from "../../client/types"
import type { CreditAlert } from "./api"

/** `GET /admin/ai-credits/orders/:id`: what an order's credit packs granted and revoked. */
export type OrderCredits = {
  order_id: string
  status: string
  canceled: boolean
  captured: boolean
  currency_code: string
  lines: { line_item_id: string; variant_id: string; quantity: number; unit_price: string; package: { title?: string; credits: number } }[]
  grants: {
    id: string
    wallet_id: string
    line_item_id: string | null
    amount: number
    remaining: number
    status: string
    expires_at: string | null
    rolled_back: boolean
  }[]
  revocations: {
    ledger_entry_id: string
    wallet_id: string
    cause: "order_canceled" | "order_refunded"
    requested: number
    taken: number
    shortfall: number
    created_at: string | null
  }[]
  totals: { granted: number; remaining: number; revoked: number; shortfall: number }
  alerts: CreditAlert[]
}

/** A credit package (`/admin/ai-credits/packages`): the terms of the variant that sells it. */
export type CreditPackage = CreditPackageTerms & {
  rank: number
  product_variant: {
    id: string
    title: string | null
    sku?: string | null
    product_id: string
    product?: { id: string; title: string; handle: string | null; status: string } | null
  } | null
}

/** Whose wallet a package's credits go to when it is bought. */
export const FILL_LABELS: Record<CreditPackage["fills"], string> = {
  buyer: "The buyer's wallet",
  buyer_group: "The buyer's customer group pool",
  sales_channel: "The storefront's wallet",
}

export type CreditPackageInput = Pick<CreditPackage, "credits" | "kind" | "validity_days" | "fills" | "is_active"> &
  Partial<Pick<CreditPackage, "priority">>
