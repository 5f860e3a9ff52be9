import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { AI_CREDITS_MODULE } from "../../modules/ai-credits"
import type AiCreditsModuleService from "../../modules/ai-credits/service"
import type { CreditPackageTerms } from "../../client/types"
import { compareDecimals, decimalString, formatDecimal, parseDecimal, sumDecimals, wholeQuantity } from "../../modules/ai-credits-billing"

/**
 * What the credit-pack workflows know about an order: its credit-pack lines, payment state, and
 * the grants and revocations already written for it. Read-only; shared by the grant and revoke
 * workflows and the admin order view.
 */

export type CreditPackTerms = CreditPackageTerms

/** An order line whose variant is a credit package. */
export type CreditPackLine = {
  line_item_id: string
  variant_id: string
  quantity: number
  /** The line's unit price, an exact decimal string in the order's currency. */
  unit_price: string
  package: CreditPackTerms
}

export type OrderRefund = { id: string; amount: string; created_at: string }

export type OrderCreditState = {
  order_id: string
  status: string
  canceled: boolean
  customer_id: string | null
  sales_channel_id: string | null
  currency_code: string
  /** At least one payment, and every payment that was not canceled is captured in full. */
  captured: boolean
  /** When the last of those payments was captured in full (ISO), the start of pack validity. */
  captured_at: string | null
  /** Everything captured on the order's payments, a decimal string. */
  captured_amount: string
  refunded_amount: string
  /** Oldest first (created_at, then id): partial refunds are revoked in this order. */
  refunds: OrderRefund[]
  lines: CreditPackLine[]
}

/** The order behind an event: from an order id, or from a payment (through its collection). */
export type OrderCreditsTrigger = { order_id?: string | null; payment_id?: string | null }

function queryOf(container: MedusaContainer) {
  return container.resolve(ContainerRegistrationKeys.QUERY)
}

function credits(container: MedusaContainer): AiCreditsModuleService {
  return container.resolve(AI_CREDITS_MODULE)
}

const PACKAGE_FIELDS = ["id", "title", "credits", "kind", "validity_days", "fills", "modules", "is_active", "priority"]

/**
 * The credit packages of these variants, by variant id (variants that are no credit pack are
 * absent). An inactive package counts (the buyer paid for it); a deleted one does not.
 */
export async function creditPackagesOfVariants(
  container: MedusaContainer,
  variantIds: string[]
): Promise<Map<string, CreditPackTerms>> {
  const ids = [...new Set(variantIds.filter(Boolean))]
  if (!ids.length) {
    return new Map()
  }
  const { data } = await queryOf(container).graph({
    entity: "product_variant",
    fields: ["id", ...PACKAGE_FIELDS.map((f) => `ai_credit_package.${f}`)],
    filters: { id: ids },
  })
  const packages = new Map<string, CreditPackTerms>()
  for (const variant of data) {
    const pkg = variant.ai_credit_package as CreditPackTerms | null | undefined
    if (pkg?.id) {
      packages.set(variant.id, {
        ...pkg,
        credits: Number(pkg.credits),
        validity_days: pkg.validity_days === null || pkg.validity_days === undefined ? null : Number(pkg.validity_days),
        modules: pkg.modules?.length ? pkg.modules : null,
      })
    }
  }
  return packages
}

/**
 * The order an event is about, and whether it has credit-pack lines at all (most orders have
 * none, and the workflows stop there without taking the order's lock). `order_id` is null when
 * a payment belongs to no order (yet): a cart's payment captured before the cart completes.
 */
export async function findOrderWithCreditPacks(
  container: MedusaContainer,
  trigger: OrderCreditsTrigger
): Promise<{ order_id: string | null; has_credit_packs: boolean }> {
  const query = queryOf(container)
  let orderId = trigger.order_id ?? null
  if (!orderId && trigger.payment_id) {
    const { data: payments } = await query.graph({
      entity: "payment",
      fields: ["id", "payment_collection_id"],
      filters: { id: trigger.payment_id },
    })
    const collectionId = payments[0]?.payment_collection_id
    if (collectionId) {
      const { data: links } = await query.graph({
        entity: "order_payment_collection",
        fields: ["order_id"],
        filters: { payment_collection_id: collectionId },
      })
      orderId = links[0]?.order_id ?? null
    }
  }
  if (!orderId) {
    return { order_id: null, has_credit_packs: false }
  }
  const { data: orders } = await query.graph({
    entity: "order",
    fields: ["id", "items.variant_id"],
    filters: { id: orderId },
  })
  if (!orders[0]) {
    return { order_id: null, has_credit_packs: false }
  }
  const variantIds = ((orders[0].items ?? []) as { variant_id?: string | null }[]).map((i) => i?.variant_id ?? "")
  const packages = await creditPackagesOfVariants(container, variantIds)
  if (packages.size) {
    return { order_id: orderId, has_credit_packs: true }
  }
  // A pack deleted since the purchase: its grants still need revoking on a cancel or refund.
  const [grant] = await credits(container).listAiCreditGrants(
    { reference_type: "order", reference_id: orderId },
    { take: 1, select: ["id"] }
  )
  return { order_id: orderId, has_credit_packs: Boolean(grant) }
}

const ORDER_FIELDS = [
  "id",
  "status",
  "customer_id",
  "sales_channel_id",
  "currency_code",
  "canceled_at",
  "items.id",
  "items.variant_id",
  "items.quantity",
  // The quantity lives on the line's detail; the order module fills items.quantity from it.
  "items.detail.quantity",
  "items.unit_price",
  "items.raw_unit_price",
  "payment_collections.id",
  "payment_collections.payments.id",
  "payment_collections.payments.captured_at",
  "payment_collections.payments.canceled_at",
  "payment_collections.payments.captures.id",
  "payment_collections.payments.captures.amount",
  "payment_collections.payments.captures.raw_amount",
  "payment_collections.payments.refunds.id",
  "payment_collections.payments.refunds.amount",
  "payment_collections.payments.refunds.raw_amount",
  "payment_collections.payments.refunds.created_at",
]

const iso = (value: unknown) => (value ? new Date(value as string).toISOString() : null)

/** The order's credit-pack lines and payment state, read fresh (call it under the order's lock). */
export async function loadOrderCreditState(container: MedusaContainer, orderId: string): Promise<OrderCreditState> {
  const { data } = await queryOf(container).graph({ entity: "order", fields: ORDER_FIELDS, filters: { id: orderId } })
  const order = data[0]
  if (!order) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order with id ${orderId} was not found`)
  }
  type Payment = {
    id: string
    captured_at?: string | Date | null
    canceled_at?: string | Date | null
    captures?: { id: string; amount?: unknown; raw_amount?: unknown }[]
    refunds?: { id: string; amount?: unknown; raw_amount?: unknown; created_at?: string | Date }[]
  }
  const payments: Payment[] = ((order.payment_collections ?? []) as { payments?: Payment[] }[]).flatMap(
    (collection) => collection?.payments ?? []
  )
  const live = payments.filter((p) => !p.canceled_at)
  const captured = live.length > 0 && live.every((p) => p.captured_at)
  const capturedAt = captured
    ? live.map((p) => iso(p.captured_at)!).sort().at(-1) ?? null
    : null
  const capturedAmount = sumDecimals(payments.flatMap((p) => (p.captures ?? []).map((c) => c.raw_amount ?? c.amount)))
  const refunds: OrderRefund[] = payments
    .flatMap((p) => p.refunds ?? [])
    .map((r) => ({ id: r.id, amount: decimalString(r.raw_amount ?? r.amount), created_at: iso(r.created_at) ?? "" }))
    .filter((r) => parseDecimal(r.amount).units > 0n)
    .sort((a, b) => (a.created_at === b.created_at ? (a.id < b.id ? -1 : 1) : a.created_at < b.created_at ? -1 : 1))
  const refundedAmount = sumDecimals(refunds.map((r) => r.amount))

  type Item = {
    id: string
    variant_id?: string | null
    quantity?: unknown
    detail?: { quantity?: unknown } | null
    unit_price?: unknown
    raw_unit_price?: unknown
  }
  const items = ((order.items ?? []) as Item[]).filter((i) => i?.variant_id)
  const packages = await creditPackagesOfVariants(
    container,
    items.map((i) => i.variant_id!)
  )
  const lines: CreditPackLine[] = items
    .filter((i) => packages.has(i.variant_id!))
    .map((i) => ({
      line_item_id: i.id,
      variant_id: i.variant_id!,
      quantity: wholeQuantity(i.quantity ?? i.detail?.quantity),
      unit_price: decimalString(i.raw_unit_price ?? i.unit_price),
      package: packages.get(i.variant_id!)!,
    }))
    .sort((a, b) => (a.line_item_id < b.line_item_id ? -1 : 1))

  return {
    order_id: order.id,
    status: order.status,
    canceled: order.status === "canceled" || Boolean(order.canceled_at),
    customer_id: order.customer_id ?? null,
    sales_channel_id: order.sales_channel_id ?? null,
    currency_code: order.currency_code,
    captured,
    captured_at: capturedAt,
    captured_amount: formatDecimal(capturedAmount),
    refunded_amount: formatDecimal(
      compareDecimals(refundedAmount, capturedAmount) > 0 ? capturedAmount : refundedAmount
    ),
    refunds,
    lines,
  }
}

// -------------------------------------------------------------------------------------------
// What was already written for the order: grants, rollbacks and revocations
// -------------------------------------------------------------------------------------------

export type OrderGrantRecord = {
  id: string
  wallet_id: string
  line_item_id: string | null
  package_id: string | null
  amount: number
  remaining: number
  status: string
  expires_at: string | null
  modules: string[] | null
  unit_price: string | null
  currency_code: string | null
  idempotency_key: string
  metadata: Record<string, unknown> | null
  created_at: string | null
  /** Taken back by a workflow's compensation (a ledger entry `<key>:rollback` exists). */
  rolled_back: boolean
}

export type OrderRevocationRecord = {
  ledger_entry_id: string
  wallet_id: string
  grant_id: string
  line_item_id: string | null
  idempotency_key: string
  cause: "order_canceled" | "order_refunded"
  refund_id: string | null
  requested: number
  taken: number
  /** Credits of the grant that were already spent (or held, or expired): recorded, not taken. */
  shortfall: number
  created_at: string | null
}

export type OrderCreditRecords = {
  /** Every grant written for the order (rolled-back ones included), oldest first. */
  grants: OrderGrantRecord[]
  /** Revocations of the live grants, oldest first. */
  revocations: OrderRevocationRecord[]
}

/** The ledger key of a line's first grant; a grant rolled back by compensation is re-granted under `:retry:<n>`. */
export function orderLineGrantKey(orderId: string, lineItemId: string, attempt = 1) {
  const base = `order:${orderId}:line:${lineItemId}`
  return attempt > 1 ? `${base}:retry:${attempt}` : base
}

/** The key of the revocation for a cancel (one per grant: a cancel takes back all that is left). */
export const cancelRevocationKey = (grantKey: string) => `${grantKey}:revoke`
/** The key of the revocation for one refund (one per grant and refund). */
export const refundRevocationKey = (grantKey: string, refundId: string) => `${grantKey}:refund:${refundId}`
/** The key compensation uses to take a grant back. */
export const grantRollbackKey = (grantKey: string) => `${grantKey}:rollback`

/**
 * The grants written for an order (found through their reference, in every wallet, so a wallet
 * rule that would now pick another wallet never grants twice) and the revocations of each:
 * looked up by their exact keys, which the unique (wallet, key) index answers directly.
 */
export async function loadOrderCreditRecords(
  container: MedusaContainer,
  orderId: string,
  refunds: Pick<OrderRefund, "id">[]
): Promise<OrderCreditRecords> {
  const service = credits(container)
  const rows = await service.listAiCreditGrants(
    { reference_type: "order", reference_id: orderId },
    { order: { created_at: "ASC", id: "ASC" } }
  )
  if (!rows.length) {
    return { grants: [], revocations: [] }
  }
  const wanted: { wallet_id: string; key: string; grant_id: string; kind: "rollback" | "cancel" | "refund"; refund_id?: string }[] = []
  for (const grant of rows) {
    const key = grant.idempotency_key
    wanted.push({ wallet_id: grant.wallet_id, key: grantRollbackKey(key), grant_id: grant.id, kind: "rollback" })
    wanted.push({ wallet_id: grant.wallet_id, key: cancelRevocationKey(key), grant_id: grant.id, kind: "cancel" })
    for (const refund of refunds) {
      wanted.push({
        wallet_id: grant.wallet_id,
        key: refundRevocationKey(key, refund.id),
        grant_id: grant.id,
        kind: "refund",
        refund_id: refund.id,
      })
    }
  }
  const entries = await service.listAiCreditLedgerEntries(
    {
      wallet_id: [...new Set(wanted.map((w) => w.wallet_id))],
      idempotency_key: [...new Set(wanted.map((w) => w.key))],
    },
    { order: { created_at: "ASC", id: "ASC" } }
  )
  const byWalletKey = new Map(entries.map((e) => [`${e.wallet_id}|${e.idempotency_key}`, e]))
  const find = (w: { wallet_id: string; key: string }) => byWalletKey.get(`${w.wallet_id}|${w.key}`)

  const rolledBack = new Set(wanted.filter((w) => w.kind === "rollback" && find(w)).map((w) => w.grant_id))
  const grants: OrderGrantRecord[] = rows.map((g) => {
    const metadata = (g.metadata ?? null) as Record<string, unknown> | null
    return {
      id: g.id,
      wallet_id: g.wallet_id,
      line_item_id: (metadata?.line_item_id as string | undefined) ?? null,
      package_id: (metadata?.package_id as string | undefined) ?? null,
      amount: Number(g.amount),
      remaining: Number(g.remaining),
      status: g.status,
      expires_at: iso(g.expires_at),
      modules: (g.modules as string[] | null) ?? null,
      unit_price: g.unit_price === null || g.unit_price === undefined ? null : decimalString(g.raw_unit_price ?? g.unit_price),
      currency_code: g.currency_code ?? null,
      idempotency_key: g.idempotency_key,
      metadata,
      created_at: iso(g.created_at),
      rolled_back: rolledBack.has(g.id),
    }
  })
  const lineOf = new Map(grants.map((g) => [g.id, g.line_item_id]))
  const revocations: OrderRevocationRecord[] = wanted
    .filter((w) => w.kind !== "rollback" && !rolledBack.has(w.grant_id))
    .flatMap((w) => {
      const entry = find(w)
      if (!entry) {
        return []
      }
      const metadata = (entry.metadata ?? {}) as Record<string, unknown>
      const taken = -Number(entry.amount)
      const requested = Number(metadata.requested ?? taken)
      return [
        {
          ledger_entry_id: entry.id,
          wallet_id: entry.wallet_id,
          grant_id: w.grant_id,
          line_item_id: lineOf.get(w.grant_id) ?? null,
          idempotency_key: w.key,
          cause: w.kind === "cancel" ? ("order_canceled" as const) : ("order_refunded" as const),
          refund_id: w.refund_id ?? null,
          requested,
          taken,
          shortfall: Number(metadata.shortfall ?? requested - taken),
          created_at: iso(entry.created_at),
        },
      ]
    })
    .sort((a, b) => ((a.created_at ?? "") < (b.created_at ?? "") ? -1 : (a.created_at ?? "") > (b.created_at ?? "") ? 1 : 0))
  return { grants, revocations }
}

/** The lock that serializes the credit workflows of one order (grant, cancel, refunds). */
export const orderCreditsLockKey = (orderId: string) => `ai-credits:order:${orderId}`

/**
 * The payments to capture at once of an order that holds nothing but credit packs (digital goods:
 * nothing is shipped, so nothing waits for a fulfilment): those neither captured nor canceled.
 * None for an order with any other line, or without lines.
 */
export async function digitalOrderPaymentsToCapture(container: MedusaContainer, orderId: string): Promise<string[]> {
  const { data: orders } = await queryOf(container).graph({
    entity: "order",
    fields: [
      "id",
      "canceled_at",
      "items.variant_id",
      "payment_collections.payments.id",
      "payment_collections.payments.captured_at",
      "payment_collections.payments.canceled_at",
    ],
    filters: { id: orderId },
  })
  type Row = {
    canceled_at?: string | Date | null
    items?: ({ variant_id?: string | null } | null)[] | null
    payment_collections?: ({ payments?: PaymentRow[] | null } | null)[] | null
  }
  type PaymentRow = { id: string; captured_at?: string | Date | null; canceled_at?: string | Date | null } | null
  const order = orders[0] as Row | undefined
  const variantIds = (order?.items ?? []).map((item) => item?.variant_id ?? "")
  if (!order || order.canceled_at || !variantIds.length || variantIds.some((id) => !id)) {
    return []
  }
  const packages = await creditPackagesOfVariants(container, variantIds)
  if (!variantIds.every((id) => packages.has(id))) {
    return []
  }
  return (order.payment_collections ?? [])
    .flatMap((collection) => collection?.payments ?? [])
    .filter((payment): payment is NonNullable<PaymentRow> => Boolean(payment && !payment.captured_at && !payment.canceled_at))
    .map((payment) => payment.id)
}
