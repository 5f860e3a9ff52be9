import type { MedusaContainer } from "@medusajs/framework/types"
import type { CallerContext } from "../../../modules/ai-credits/policy"
import { authorizeAiRequest } from "../authorize"

const contextOf = (caller: CallerContext["caller"]): CallerContext => ({
  caller,
  customer_group_ids: [],
  standing: null,
  admin_roles: [],
  store_id: "store_1",
})

// Nothing may be resolved before the context is checked: a container that throws on use shows it.
const untouchedContainer = {
  resolve: () => {
    throw new Error("resolved before the context was checked")
  },
} as unknown as MedusaContainer

describe("authorizeAiRequest with a pre-built caller context", () => {
  const input = { module: "chat", caller: { customer_id: "cus_a", sales_channel_id: "sc_1" } }

  it.each([
    ["another customer", { customer_id: "cus_b", sales_channel_id: "sc_1" }],
    ["another sales channel", { customer_id: "cus_a", sales_channel_id: "sc_2" }],
    ["a guest", { sales_channel_id: "sc_1", visitor_id: "v_1", publishable_key: "pk_1" }],
    ["an admin user", { user_id: "user_1" }],
  ])("throws when the context is of %s", async (_, other) => {
    await expect(authorizeAiRequest(untouchedContainer, input, contextOf(other))).rejects.toThrow(
      /context of another caller/
    )
  })

  it("accepts the caller's own context (null and missing fields are the same)", async () => {
    const own = contextOf({ customer_id: "cus_a", sales_channel_id: "sc_1", visitor_id: null })
    // Past the check, the module lookup is the first to use the container.
    await expect(authorizeAiRequest(untouchedContainer, input, own)).rejects.toThrow(/resolved before the context was checked/)
  })
})
