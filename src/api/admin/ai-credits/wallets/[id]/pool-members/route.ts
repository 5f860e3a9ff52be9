import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { AI_CREDITS_MODULE } from "../../../../../../modules/ai-credits"
import type AiCreditsModuleService from "../../../../../../modules/ai-credits/service"
import { upsertPoolMemberWorkflow } from "../../../../../../workflows"
import type { AdminUpsertPoolMemberType } from "../../../validators"

/** The sales channels that draw on this pool. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const credits: AiCreditsModuleService = req.scope.resolve(AI_CREDITS_MODULE)
  await credits.retrieveAiCreditWallet(req.params.id)
  const members = await credits.listAiCreditPoolMembers({ pool_id: req.params.id })
  res.json({ pool_members: members })
}

/** Adds a sales channel to the pool, or changes its allocation cap. */
export const POST = async (
  req: AuthenticatedMedusaRequest<AdminUpsertPoolMemberType>,
  res: MedusaResponse
) => {
  const credits: AiCreditsModuleService = req.scope.resolve(AI_CREDITS_MODULE)
  const pool = await credits.retrieveAiCreditWallet(req.params.id)
  if (pool.owner_type !== "pool") {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "Only pool wallets have member sales channels")
  }
  const { sales_channel_id, allocation_cap } = req.validatedBody
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "sales_channel", fields: ["id"], filters: { id: sales_channel_id } })
  if (!data.length) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Sales channel with id ${sales_channel_id} was not found`)
  }
  const { result } = await upsertPoolMemberWorkflow(req.scope).run({
    input: { pool_id: pool.id, sales_channel_id, allocation_cap: allocation_cap ?? null },
  })
  res.status(result.created ? 201 : 200).json({ pool_member: result.member })
}
