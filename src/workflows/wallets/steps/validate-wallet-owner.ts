import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { WalletOwnerType } from "../../../modules/ai-credits"

/** The Medusa entity each owner type refers to; pools are the plugin's own and need no record. */
const OWNER_ENTITIES: Partial<Record<WalletOwnerType, string>> = {
  customer: "customer",
  customer_group: "customer_group",
  sales_channel: "sales_channel",
  store: "store",
}

export type ValidateWalletOwnerStepInput = { owner_type: WalletOwnerType; owner_id: string }

/** Refuses an owner that does not exist in Medusa (a typo must not create a stray wallet). */
export const validateWalletOwnerStep = createStep(
  "ai-credits-validate-wallet-owner",
  async (input: ValidateWalletOwnerStepInput, { container }) => {
    const entity = OWNER_ENTITIES[input.owner_type]
    if (entity) {
      const query = container.resolve(ContainerRegistrationKeys.QUERY)
      const { data } = await query.graph({ entity, fields: ["id"], filters: { id: input.owner_id } })
      if (!data.length) {
        throw new MedusaError(
          MedusaError.Types.NOT_FOUND,
          `${input.owner_type} with id ${input.owner_id} was not found`
        )
      }
    }
    return new StepResponse(input)
  }
)
