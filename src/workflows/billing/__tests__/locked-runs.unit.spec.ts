import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { InMemoryLockingProvider } from "@medusajs/locking/dist/providers/in-memory"
import type Stripe from "stripe"
import { handleStripeEvent, renewInvoicedSubscription } from "../locked-runs"

// Each run of a workflow waits until the test lets it finish: a run as long as the test wants.
const runs: { input: unknown; finish: () => void }[] = []
const slowWorkflow = () => ({
  run: ({ input }: { input: unknown }) =>
    new Promise<{ result: unknown }>((resolve) => runs.push({ input, finish: () => resolve({ result: { done: input } }) })),
})
jest.mock("../workflows/handle-stripe-event", () => ({ handleStripeEventWorkflow: () => slowWorkflow() }))
jest.mock("../workflows/renew-invoiced-subscription", () => ({ renewInvoicedSubscriptionWorkflow: () => slowWorkflow() }))

const provider = new InMemoryLockingProvider()
const leases: unknown[] = []
const locking = {
  execute: provider.execute.bind(provider),
  // A lock with a lease (what acquireLockStep takes) could expire while the run goes on.
  acquire: (...args: unknown[]) => leases.push(args),
}
const container = { resolve: (key: string) => (key === Modules.LOCKING ? locking : undefined) } as unknown as MedusaContainer

const settle = () => new Promise((resolve) => setImmediate(resolve))
const eventOf = (id: string, subscription: string) =>
  ({ id, type: "invoice.paid", data: { object: { subscription } } }) as unknown as Stripe.Event

afterEach(() => {
  runs.length = 0
})

describe("runs that hold a subscription's lock for as long as they run", () => {
  it("starts a second Stripe event of a subscription only once the first has ended, however long it takes", async () => {
    const first = handleStripeEvent(container, eventOf("evt_1", "sub_1"))
    const second = handleStripeEvent(container, eventOf("evt_2", "sub_1"))
    await settle()
    expect(runs).toHaveLength(1)
    for (let i = 0; i < 20; i++) {
      await settle()
    }
    expect(runs).toHaveLength(1)
    runs[0].finish()
    await expect(first).resolves.toEqual({ done: { event: expect.objectContaining({ id: "evt_1" }) } })
    await settle()
    expect(runs).toHaveLength(2)
    runs[1].finish()
    await expect(second).resolves.toEqual({ done: { event: expect.objectContaining({ id: "evt_2" }) } })
    expect(leases).toEqual([])
  })

  it("renews one subscription at a time and others beside it", async () => {
    const first = renewInvoicedSubscription(container, { subscription_id: "sub_1", now: "2026-01-01T00:00:00.000Z" })
    const again = renewInvoicedSubscription(container, { subscription_id: "sub_1", now: "2026-01-01T00:00:00.000Z" })
    const other = renewInvoicedSubscription(container, { subscription_id: "sub_2", now: "2026-01-01T00:00:00.000Z" })
    await settle()
    expect(runs.map((run) => run.input)).toEqual([
      expect.objectContaining({ subscription_id: "sub_1" }),
      expect.objectContaining({ subscription_id: "sub_2" }),
    ])
    runs[1].finish()
    runs[0].finish()
    await Promise.all([first, other])
    await settle()
    expect(runs).toHaveLength(3)
    runs[2].finish()
    await again
    expect(leases).toEqual([])
  })
})
