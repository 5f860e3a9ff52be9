import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { CreateServerApiKeyInput } from "../../../modules/ai-credits-governance/types"
import { validateWalletOwnerStep } from "../../wallets"
import { createServerApiKeyStep } from "../steps/create-server-api-key"

/**
 * Creates a server API key; the answer holds its secret, which is never shown again. Its payer and
 * its storefront must exist (404): a typo must not make a key that spends nobody's wallet.
 */
export const createServerApiKeyWorkflow = createWorkflow("ai-credits-create-server-api-key", (input: CreateServerApiKeyInput) => {
  validateWalletOwnerStep(transform({ input }, ({ input }) => ({ owner_type: input.owner_type, owner_id: input.owner_id })))
  when({ input }, ({ input }) => Boolean(input.sales_channel_id)).then(() => {
    validateWalletOwnerStep(
      transform({ input }, ({ input }) => ({ owner_type: "sales_channel" as const, owner_id: input.sales_channel_id! }))
    ).config({ name: "ai-credits-validate-server-api-key-storefront" })
  })
  return new WorkflowResponse(createServerApiKeyStep(input))
})
