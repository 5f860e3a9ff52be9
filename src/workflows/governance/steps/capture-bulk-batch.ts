import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { captureAiRequest, releaseAiRequest } from "../../metering"
import { governanceService } from "../../../modules/ai-credits-governance"
import type { ReservedBatch } from "./reserve-bulk-batch"
import type { BatchRun } from "./run-bulk-batch-items"

/**
 * Charges what the batch's items really used (one usage event for the batch) and adds it to the
 * job's spend; a batch where nothing ran releases its hold. The last step: nothing after it can fail.
 */
export const captureBulkBatchStep = createStep(
  "ai-credits-capture-bulk-batch",
  async (input: { batch: ReservedBatch; run: BatchRun }, { container }) => {
    const caller = { user_id: input.batch.job.created_by }
    if (!input.run.done.length) {
      await releaseAiRequest(container, caller, input.batch.authorization_id)
      return new StepResponse({ credits: 0 })
    }
    const captured = await captureAiRequest(container, {
      caller,
      authorization_id: input.batch.authorization_id,
      usage: {
        input_tokens: input.run.done.reduce((sum, d) => sum + d.input_tokens, 0),
        output_tokens: input.run.done.reduce((sum, d) => sum + d.output_tokens, 0),
        requests: input.run.done.length,
      },
      output_type: "text",
      metadata: { bulk_job_id: input.batch.job.id, items: input.run.done.length },
    })
    const service = governanceService(container)
    const job = await service.retrieveAiCreditBulkJob(input.batch.job.id)
    await service.updateAiCreditBulkJobs({ id: job.id, credits_spent: job.credits_spent + captured.usage_event.credits })
    return new StepResponse({ credits: captured.usage_event.credits })
  }
)
