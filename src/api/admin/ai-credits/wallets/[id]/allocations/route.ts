import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { AI_CREDITS_MODULE } from "../../../../../../modules/ai-credits"
import type AiCreditsModuleService from "../../../../../../modules/ai-credits/service"
import { allocatePoolCreditsWorkflow } from "../../../../../../workflows"
import { idempotencyKeyHeader, withCreditErrors } from "../../../../../utils/credit-errors"
import type { AdminCreateAllocationType } from "../../../validators"

/** Allocates credit from this pool to one of its member sales channels. */
export const POST = withCreditErrors(
  async (req: AuthenticatedMedusaRequest<AdminCreateAllocationType>, res: MedusaResponse) => {
    const credits: AiCreditsModuleService = req.scope.resolve(AI_CREDITS_MODULE)
    const pool = await credits.retrieveAiCreditWallet(req.params.id)
    if (pool.owner_type !== "pool") {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "Credits can only be allocated from a pool wallet")
    }
    const { result } = await allocatePoolCreditsWorkflow(req.scope).run({
      input: {
        pool_wallet_id: pool.id,
        sales_channel_id: req.validatedBody.sales_channel_id,
        amount: req.validatedBody.amount,
        reason: req.validatedBody.reason,
        idempotency_key: idempotencyKeyHeader(req) ?? `admin-allocation:${crypto.randomUUID()}`,
        actor: { type: "user", id: req.auth_context.actor_id },
      },
    })
    res.json({ pool: result.from, sales_channel_wallet: result.to })
  }
)
