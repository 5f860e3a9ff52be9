import { AI_CREDITS_GATEWAY_MODULE } from "../../../modules/ai-credits-gateway"
import type AiCreditsGatewayModuleService from "../../../modules/ai-credits-gateway/service"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { authorizeAiRequest, releaseAiRequest } from "../../metering"
import { CreditError } from "../../../modules/ai-credits/errors"
import { estimateChatTokens } from "../../../modules/ai-credits-gateway"
import { governanceService } from "../../../modules/ai-credits-governance"
import type { BulkJobDTO } from "../../../modules/ai-credits-governance/types"

export type BulkBatchInput = { job_id: string; item_ids: string[] }

export type ReservedBatch = {
  job: BulkJobDTO
  items: { id: string; position: number; prompt: string }[]
  authorization_id: string
  provider: string
  model: string
  max_output_tokens: number
}

/**
 * Holds the credits of one batch (its prompts' tokens and each item's largest answer) through the
 * ai_credits module, as the job's admin user. Refuses with `insufficient_credits` when the batch
 * cannot be paid (also when the module would only degrade). Compensation releases the hold.
 */
export const reserveBulkBatchStep = createStep(
  "ai-credits-reserve-bulk-batch",
  async (input: BulkBatchInput, { container }) => {
    const service = governanceService(container)
    const job = await service.retrieveAiCreditBulkJob(input.job_id)
    const items = (await service.listAiCreditBulkJobItems(
      { id: input.item_ids, status: "pending" },
      { order: { position: "ASC" }, select: ["id", "position", "prompt"] }
    )) as ReservedBatch["items"]
    const module = await (container.resolve(AI_CREDITS_GATEWAY_MODULE) as AiCreditsGatewayModuleService).getAiModule(job.module)
    const maxOutput = module?.max_output_tokens ?? 0
    const outcome = await authorizeAiRequest(container, {
      caller: { user_id: job.created_by },
      module: job.module,
      wallet_id: job.wallet_id ?? undefined,
      action: "bulk_job",
      estimate: {
        input_tokens: items.reduce((sum, item) => sum + estimateChatTokens([{ role: "user", content: item.prompt }]), 0),
        output_tokens: maxOutput * items.length,
        requests: items.length,
      },
      metadata: { bulk_job_id: job.id },
    })
    if (outcome.decision === "fallback") {
      throw new CreditError("insufficient_credits", "Not enough credits for the next batch", { reason: "balance" })
    }
    const reserved: ReservedBatch = {
      job,
      items,
      authorization_id: outcome.result.reservation.id,
      provider: outcome.provider,
      model: outcome.model,
      max_output_tokens: maxOutput,
    }
    return new StepResponse(reserved, { authorization_id: reserved.authorization_id, user_id: job.created_by })
  },
  async (hold, { container }) => {
    if (hold) {
      await releaseAiRequest(container, { user_id: hold.user_id }, hold.authorization_id).catch(() => undefined)
    }
  }
)
