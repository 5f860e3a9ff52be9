import { AI_CREDITS_GATEWAY_MODULE } from "../../../modules/ai-credits-gateway"
import type AiCreditsGatewayModuleService from "../../../modules/ai-credits-gateway/service"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { governanceService } from "../../../modules/ai-credits-governance"
import type { ReservedBatch } from "./reserve-bulk-batch"

export type BatchRun = {
  done: { id: string; input_tokens: number; output_tokens: number }[]
  failed: string[]
  /** Where the job goes on: after the last item run (a cancel stops a batch between items). */
  next_position: number
}

/**
 * Runs the batch's items through the module's provider, one after another, writing each result.
 * Stops between items when the job was canceled meanwhile. Compensation puts the items it ran
 * back to pending.
 */
export const runBulkBatchItemsStep = createStep(
  "ai-credits-run-bulk-batch-items",
  async (batch: ReservedBatch, { container }) => {
    const service = governanceService(container)
    const provider = await (container.resolve(AI_CREDITS_GATEWAY_MODULE) as AiCreditsGatewayModuleService).getAiProvider(batch.provider)
    const run: BatchRun = { done: [], failed: [], next_position: batch.job.next_position }
    for (const item of batch.items) {
      const { status } = await service.retrieveAiCreditBulkJob(batch.job.id, { select: ["status"] })
      if (status !== "running") {
        break
      }
      try {
        const answer = await provider.invoke({
          model: batch.model,
          messages: [{ role: "user", content: item.prompt }],
          max_output_tokens: batch.max_output_tokens,
        })
        await service.updateAiCreditBulkJobItems({
          id: item.id,
          status: "done",
          output: answer.output,
          input_tokens: answer.usage.input_tokens,
          output_tokens: answer.usage.output_tokens,
          processed_at: new Date(),
        })
        run.done.push({ id: item.id, input_tokens: answer.usage.input_tokens, output_tokens: answer.usage.output_tokens })
      } catch (error) {
        await service.updateAiCreditBulkJobItems({
          id: item.id,
          status: "failed",
          error: error instanceof Error ? error.message : String(error),
          processed_at: new Date(),
        })
        run.failed.push(item.id)
      }
      run.next_position = item.position + 1
    }
    return new StepResponse(run, [...run.done.map((d) => d.id), ...run.failed])
  },
  async (ids, { container }) => {
    if (ids?.length) {
      await governanceService(container).updateAiCreditBulkJobItems(
        ids.map((id) => ({ id, status: "pending" as const, output: null, input_tokens: null, output_tokens: null, error: null, processed_at: null }))
      )
    }
  }
)
