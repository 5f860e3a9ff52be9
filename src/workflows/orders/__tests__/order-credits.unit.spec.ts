import { planOrderCreditGrants } from "../steps/plan-order-credit-grants"
import { decimalString, divideDecimal, parseDecimal, proportionalCredits, sumDecimals, wholeQuantity } from "../../../modules/ai-credits-billing/decimals"
import type { OrderCreditRecords, OrderCreditState, OrderGrantRecord, OrderRevocationRecord } from "../order-credit-state"
import { planOrderCreditRevocations } from "../steps/plan-order-credit-revocations"

const DAY_MS = 86_400_000

describe("order credit math", () => {
  it("reads Medusa amounts exactly, whatever their form", () => {
    expect(decimalString({ value: "10.50", precision: 20 })).toEqual("10.50")
    expect(decimalString(0.1)).toEqual("0.1")
    expect(decimalString(1e-7)).toEqual("0.0000001")
    expect(decimalString(2e21)).toEqual("2000000000000000000000")
    expect(decimalString(null)).toEqual("0")
    expect(() => parseDecimal("1e5")).toThrow()
    expect(sumDecimals(["0.1", 0.2, { value: "3" }])).toEqual({ units: 33n, scale: 1 })
  })

  it("divides a price into a per-credit price as an exact decimal", () => {
    expect(divideDecimal("10", 1000n)).toEqual("0.01")
    expect(divideDecimal({ value: "80" }, 10_000n)).toEqual("0.008")
    expect(divideDecimal("350", 50_000n)).toEqual("0.007")
    expect(divideDecimal("9.99", 1n)).toEqual("9.99")
    // Not terminating: rounded half up at the 20th fraction digit.
    expect(divideDecimal("10", 3n)).toEqual("3.33333333333333333333")
    expect(divideDecimal("20", 3n)).toEqual("6.66666666666666666667")
  })

  it("takes whole credits in proportion, rounding in the buyer's favour", () => {
    expect(proportionalCredits(1000, parseDecimal("5"), parseDecimal("10"))).toEqual(500)
    expect(proportionalCredits(1000, parseDecimal("3.33"), parseDecimal("10"))).toEqual(333)
    expect(proportionalCredits(1000, parseDecimal("10"), parseDecimal("10"))).toEqual(1000)
    expect(proportionalCredits(1000, parseDecimal("12"), parseDecimal("10"))).toEqual(1000)
    expect(proportionalCredits(1000, parseDecimal("1"), parseDecimal("0"))).toEqual(0)
  })

  it("accepts whole quantities only", () => {
    expect(wholeQuantity({ value: "3" })).toEqual(3)
    expect(wholeQuantity("2.000")).toEqual(2)
    expect(() => wholeQuantity("1.5")).toThrow()
    expect(() => wholeQuantity(0)).toThrow()
  })
})

const state = (overrides: Partial<OrderCreditState> = {}): OrderCreditState => ({
  order_id: "order_1",
  status: "pending",
  canceled: false,
  customer_id: "cus_1",
  sales_channel_id: "sc_1",
  currency_code: "usd",
  captured: true,
  captured_at: "2026-01-01T00:00:00.000Z",
  captured_amount: "10",
  refunded_amount: "0",
  refunds: [],
  lines: [
    {
      line_item_id: "line_1",
      variant_id: "variant_1",
      quantity: 2,
      unit_price: "5",
      package: {
        id: "aipkg_1",
        title: "Pack",
        credits: 500,
        kind: "prepaid",
        validity_days: 30,
        fills: "buyer",
        modules: null,
        is_active: true,
      },
    },
  ],
  ...overrides,
})

const grant = (overrides: Partial<OrderGrantRecord> = {}): OrderGrantRecord => ({
  id: "aigr_1",
  wallet_id: "aiwal_1",
  line_item_id: "line_1",
  package_id: "aipkg_1",
  amount: 1000,
  remaining: 1000,
  status: "active",
  expires_at: null,
  modules: null,
  unit_price: "0.01",
  currency_code: "usd",
  idempotency_key: "order:order_1:line:line_1",
  metadata: null,
  created_at: null,
  rolled_back: false,
  ...overrides,
})

const revocation = (overrides: Partial<OrderRevocationRecord>): OrderRevocationRecord => ({
  ledger_entry_id: "aile_1",
  wallet_id: "aiwal_1",
  grant_id: "aigr_1",
  line_item_id: "line_1",
  idempotency_key: "",
  cause: "order_refunded",
  refund_id: null,
  requested: 0,
  taken: 0,
  shortfall: 0,
  created_at: null,
  ...overrides,
})

const owners = { line_1: { owner_type: "customer" as const, owner_id: "cus_1", rule: "buyer" } }
const none: OrderCreditRecords = { grants: [], revocations: [] }

describe("planOrderCreditGrants", () => {
  const now = new Date("2026-01-02T00:00:00.000Z")

  it("grants quantity × credits, valid from the capture, at the exact unit price", () => {
    const plan = planOrderCreditGrants(state(), owners, none, now)
    expect(plan.to_grant).toEqual([
      expect.objectContaining({
        idempotency_key: "order:order_1:line:line_1",
        owner_type: "customer",
        owner_id: "cus_1",
        amount: 1000,
        unit_price: "0.01",
        currency_code: "usd",
        expires_at: new Date(Date.parse("2026-01-01T00:00:00.000Z") + 30 * DAY_MS).toISOString(),
        modules: null,
      }),
    ])
  })

  it("counts validity from now when the capture is older than the validity", () => {
    const late = new Date(Date.parse("2026-01-01T00:00:00.000Z") + 31 * DAY_MS)
    const [line] = planOrderCreditGrants(state(), owners, none, late).to_grant
    expect(line.expires_at).toEqual(new Date(late.getTime() + 30 * DAY_MS).toISOString())
  })

  it("leaves a line with a live grant alone, and grants a rolled-back one again under a new key", () => {
    expect(planOrderCreditGrants(state(), owners, { grants: [grant()], revocations: [] }, now)).toMatchObject({
      to_grant: [],
      already_granted: [{ line_item_id: "line_1", grant_id: "aigr_1" }],
    })
    const rolledBack = { grants: [grant({ rolled_back: true, status: "revoked" })], revocations: [] }
    expect(planOrderCreditGrants(state(), owners, rolledBack, now).to_grant[0].idempotency_key).toEqual(
      "order:order_1:line:line_1:retry:2"
    )
  })

  it("refuses a line that would grant more than one grant holds", () => {
    const huge = state()
    huge.lines[0].quantity = 10_000_000
    expect(() => planOrderCreditGrants(huge, owners, none, now)).toThrow(/would grant/)
  })
})

describe("planOrderCreditRevocations", () => {
  const refunds = [
    { id: "ref_1", amount: "2.5", created_at: "2026-01-02T00:00:00.000Z" },
    { id: "ref_2", amount: "2.5", created_at: "2026-01-03T00:00:00.000Z" },
    { id: "ref_3", amount: "5", created_at: "2026-01-04T00:00:00.000Z" },
  ]

  it("does nothing for an order neither canceled nor refunded", () => {
    expect(planOrderCreditRevocations(state(), { grants: [grant()], revocations: [] })).toMatchObject({ cause: null, to_revoke: [] })
  })

  it("takes back each refund's share once, adding up to all the credits", () => {
    const plan = planOrderCreditRevocations(state({ refunds }), { grants: [grant()], revocations: [] })
    expect(plan.to_revoke.map((r) => [r.idempotency_key, r.amount])).toEqual([
      ["order:order_1:line:line_1:refund:ref_1", 250],
      ["order:order_1:line:line_1:refund:ref_2", 250],
      ["order:order_1:line:line_1:refund:ref_3", 500],
    ])
    const done = [
      revocation({ idempotency_key: "order:order_1:line:line_1:refund:ref_1", refund_id: "ref_1", requested: 250 }),
    ]
    expect(
      planOrderCreditRevocations(state({ refunds }), { grants: [grant()], revocations: done }).to_revoke.map((r) => r.refund_id)
    ).toEqual(["ref_2", "ref_3"])
  })

  it("rounds each share down but never loses a credit over several refunds", () => {
    const thirds = [
      { id: "a", amount: "3.33", created_at: "1" },
      { id: "b", amount: "3.33", created_at: "2" },
      { id: "c", amount: "3.34", created_at: "3" },
    ]
    const plan = planOrderCreditRevocations(state({ refunds: thirds }), { grants: [grant()], revocations: [] })
    expect(plan.to_revoke.map((r) => r.amount)).toEqual([333, 333, 334])
  })

  it("on a cancel takes back what the refunds did not already ask for, then nothing more", () => {
    const done = [
      revocation({ idempotency_key: "order:order_1:line:line_1:refund:ref_1", refund_id: "ref_1", requested: 250, taken: 100, shortfall: 150 }),
    ]
    const canceled = state({ canceled: true, status: "canceled", refunds })
    expect(planOrderCreditRevocations(canceled, { grants: [grant()], revocations: done }).to_revoke).toEqual([
      expect.objectContaining({ idempotency_key: "order:order_1:line:line_1:revoke", amount: 750, cause: "order_canceled" }),
    ])
    const after = [...done, revocation({ idempotency_key: "order:order_1:line:line_1:revoke", cause: "order_canceled", requested: 750 })]
    expect(planOrderCreditRevocations(canceled, { grants: [grant()], revocations: after }).to_revoke).toEqual([])
    // A refund event after the cancel asks for nothing either.
    expect(planOrderCreditRevocations(state({ refunds }), { grants: [grant()], revocations: after }).to_revoke).toEqual([])
  })

  it("skips grants rolled back by compensation", () => {
    const grants = [grant({ rolled_back: true }), grant({ id: "aigr_2", idempotency_key: "order:order_1:line:line_1:retry:2" })]
    const plan = planOrderCreditRevocations(state({ canceled: true }), { grants, revocations: [] })
    expect(plan.to_revoke.map((r) => [r.grant_id, r.idempotency_key])).toEqual([
      ["aigr_2", "order:order_1:line:line_1:retry:2:revoke"],
    ])
  })
})
