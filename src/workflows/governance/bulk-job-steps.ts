import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError } from "@medusajs/framework/utils"
import { authorizeAiRequest, captureAiRequest, releaseAiRequest } from "../metering"
import { AI_CREDITS_MODULE } from "../../modules/ai-credits"
import { CreditError } from "../../modules/ai-credits/errors"
import { AI_CREDITS_GATEWAY_MODULE, estimateChatTokens } from "../../modules/ai-credits-gateway"
import type AiCreditsGatewayModuleService from "../../modules/ai-credits-gateway/service"
import type AiCreditsModuleService from "../../modules/ai-credits/service"
import { governanceService } from "../../modules/ai-credits-governance"
import type { BulkJobRecord } from "../../modules/ai-credits-governance/service"

export type CreateBulkJobInput = {
  name: string
  module: string
  created_by: string
  wallet_id?: string | null
  batch_size: number
  items_per_hour?: number | null
  estimated_credits_per_item: number
  items: { prompt: string; reference?: string | null }[]
}

/** Creates a queued bulk job with its items. Compensation deletes them. */
export const createBulkJobStep = createStep(
  "ai-credits-create-bulk-job",
  async ({ items, ...input }: CreateBulkJobInput, { container }) => {
    const service = governanceService(container)
    const job = await service.createAiCreditBulkJobs({ ...input, items_total: items.length, status: "queued" })
    await service.createAiCreditBulkJobItems(
      items.map((item, position) => ({ job_id: job.id, position, prompt: item.prompt, reference: item.reference ?? null }))
    )
    return new StepResponse(job as unknown as BulkJobRecord, job.id)
  },
  async (id, { container }) => {
    if (id) {
      await governanceService(container).deleteAiCreditBulkJobs([id])
    }
  }
)

/**
 * Moves a job to another status if it is in one of `from` (409 otherwise). Compensation puts the
 * previous status back.
 */
export const setBulkJobStatusStep = createStep(
  "ai-credits-set-bulk-job-status",
  async (
    input: { id: string; from: BulkJobRecord["status"][]; to: BulkJobRecord["status"]; last_error?: string | null },
    { container }
  ) => {
    const service = governanceService(container)
    const job = (await service.retrieveAiCreditBulkJob(input.id)) as unknown as BulkJobRecord
    if (!input.from.includes(job.status)) {
      throw new MedusaError(MedusaError.Types.CONFLICT, `The bulk job is ${job.status}; it cannot become ${input.to}`)
    }
    const terminal = input.to === "canceled" || input.to === "completed"
    const updated = await service.updateAiCreditBulkJobs({
      id: input.id,
      status: input.to,
      last_error: input.last_error === undefined ? job.last_error : input.last_error,
      finished_at: terminal ? new Date() : null,
      started_at: job.started_at ?? (input.to === "running" ? new Date() : null),
    })
    return new StepResponse(updated as unknown as BulkJobRecord, {
      id: job.id,
      status: job.status,
      last_error: job.last_error,
      finished_at: job.finished_at,
      started_at: job.started_at,
    })
  },
  async (previous, { container }) => {
    if (previous) {
      await governanceService(container).updateAiCreditBulkJobs(previous)
    }
  }
)

export type BulkBatchInput = { job_id: string; item_ids: string[] }

export type ReservedBatch = {
  job: BulkJobRecord
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
    const job = (await service.retrieveAiCreditBulkJob(input.job_id)) as unknown as BulkJobRecord
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

/** Moves the job's progress past the batch. Compensation restores the counters. */
export const advanceBulkJobStep = createStep(
  "ai-credits-advance-bulk-job",
  async (input: { job_id: string; run: BatchRun }, { container }) => {
    const service = governanceService(container)
    const job = (await service.retrieveAiCreditBulkJob(input.job_id)) as unknown as BulkJobRecord
    const previous = { id: job.id, items_done: job.items_done, items_failed: job.items_failed, next_position: job.next_position }
    await service.updateAiCreditBulkJobs({
      id: job.id,
      items_done: job.items_done + input.run.done.length,
      items_failed: job.items_failed + input.run.failed.length,
      next_position: input.run.next_position,
    })
    return new StepResponse(undefined, previous)
  },
  async (previous, { container }) => {
    if (previous) {
      await governanceService(container).updateAiCreditBulkJobs(previous)
    }
  }
)

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
    const job = (await service.retrieveAiCreditBulkJob(input.batch.job.id)) as unknown as BulkJobRecord
    await service.updateAiCreditBulkJobs({ id: job.id, credits_spent: job.credits_spent + captured.usage_event.credits })
    return new StepResponse({ credits: captured.usage_event.credits })
  }
)
