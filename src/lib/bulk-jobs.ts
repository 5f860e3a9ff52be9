import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN, Modules } from "@medusajs/framework/utils"
import { AI_CREDITS_MODULE } from "../modules/ai-credits"
import { CreditError } from "../modules/ai-credits/errors"
import { estimateChatTokens } from "../modules/ai-credits/providers"
import type AiCreditsModuleService from "../modules/ai-credits/service"
import { governanceService } from "../modules/ai-credits-governance"
import type { BulkJobRecord } from "../modules/ai-credits-governance/service"
import { processBulkJobBatchWorkflow, setBulkJobStatusWorkflow } from "../workflows/governance"
import { moduleFor } from "./metering"

/** bignumber.js's ROUND_CEIL: each item costs its priced usage rounded up, as the ledger charges. */
const ROUND_CEIL = 2
/** Most batches one job runs per pass, so one pass cannot run for ever. */
const MAX_BATCHES_PER_PASS = 50
const HOUR_MS = 3_600_000

export type BulkItemInput = { prompt: string; reference?: string | null }

export type BulkJobQuote = {
  module: string
  provider: string
  model: string
  items: number
  estimated_credits_per_item: number
  estimated_credits: number
  pace: { concurrency: number; items_per_hour: number }
}

/**
 * What a bulk job is expected to cost before it starts: each item's prompt tokens and the module's
 * largest answer, at the model's current rate card, rounded up per item as the ledger charges.
 */
export async function quoteBulkJob(container: MedusaContainer, module: string, items: BulkItemInput[]): Promise<BulkJobQuote> {
  const config = await moduleFor(container, module)
  const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
  const [price] = await credits.listAiCreditPrices(
    { provider: config.provider, model: config.model, scope_type: "default", superseded_at: null },
    { take: 1 }
  )
  if (!price) {
    throw new CreditError("not_priced", `No price is set for ${config.provider}/${config.model}`, {
      provider: config.provider,
      model: config.model,
    })
  }
  const rate = (field: string) => MathBN.convert((price as unknown as Record<string, number | string>)[field] ?? 0)
  const perItem = items.map((item) => {
    const input = estimateChatTokens([{ role: "user", content: item.prompt }])
    return MathBN.sum(
      MathBN.div(MathBN.mult(input, rate("credits_per_1k_input_tokens")), 1000),
      MathBN.div(MathBN.mult(config.max_output_tokens, rate("credits_per_1k_output_tokens")), 1000),
      rate("credits_per_request")
    )
      .integerValue(ROUND_CEIL)
      .toNumber()
  })
  const total = perItem.reduce((sum, n) => sum + n, 0)
  return {
    module: config.id,
    provider: config.provider,
    model: config.model,
    items: items.length,
    estimated_credits_per_item: items.length ? Math.ceil(total / items.length) : 0,
    estimated_credits: total,
    pace: await governanceService(container).bulkPaceOf(config.id),
  }
}

/** How many more items a job may run this hour: the lower of its own pace and its module's. */
async function roomThisHour(container: MedusaContainer, job: BulkJobRecord): Promise<number> {
  const service = governanceService(container)
  const since = new Date(Date.now() - HOUR_MS)
  const pace = await service.bulkPaceOf(job.module)
  let room = pace.items_per_hour - (await service.countBulkItemsProcessedSince(job.module, since))
  if (job.items_per_hour) {
    room = Math.min(room, job.items_per_hour - (await service.countJobItemsProcessedSince(job.id, since)))
  }
  return Math.max(room, 0)
}

/** Starts queued jobs, oldest first, while their module has fewer running than its concurrency cap. */
async function startQueuedJobs(container: MedusaContainer) {
  const service = governanceService(container)
  const queued = (await service.listAiCreditBulkJobs({ status: "queued" }, { order: { created_at: "ASC" }, take: 1_000 })) as unknown as BulkJobRecord[]
  const locking = container.resolve(Modules.LOCKING)
  for (const module of [...new Set(queued.map((job) => job.module))]) {
    await locking.execute(`ai-credits-bulk-start:${module}`, async () => {
      const { concurrency } = await service.bulkPaceOf(module)
      const [, running] = await service.listAndCountAiCreditBulkJobs({ module, status: "running" }, { take: 1, select: ["id"] })
      const waiting = (await service.listAiCreditBulkJobs(
        { module, status: "queued" },
        { order: { created_at: "ASC" }, take: Math.max(concurrency - running, 0), select: ["id"] }
      )) as { id: string }[]
      for (const job of running < concurrency ? waiting : []) {
        await setBulkJobStatusWorkflow(container).run({ input: { id: job.id, from: ["queued"], to: "running" } })
      }
    })
  }
}

/**
 * Runs batches of one running job while it has items, pace and credit. A batch that cannot be
 * paid pauses the job (`paused_insufficient_credits`) before any of its items run; a resumed job
 * goes on from the next item.
 */
async function runJob(container: MedusaContainer, jobId: string) {
  const service = governanceService(container)
  for (let pass = 0; pass < MAX_BATCHES_PER_PASS; pass++) {
    const job = (await service.retrieveAiCreditBulkJob(jobId)) as unknown as BulkJobRecord
    if (job.status !== "running") {
      return
    }
    const room = await roomThisHour(container, job)
    if (!room) {
      return
    }
    const items = (await service.listAiCreditBulkJobItems(
      { job_id: job.id, status: "pending", position: { $gte: job.next_position } },
      { order: { position: "ASC" }, take: Math.min(job.batch_size, room), select: ["id"] }
    )) as { id: string }[]
    if (!items.length) {
      await setBulkJobStatusWorkflow(container).run({ input: { id: job.id, from: ["running"], to: "completed" } })
      return
    }
    const { errors } = await processBulkJobBatchWorkflow(container).run({
      input: { job_id: job.id, item_ids: items.map((item) => item.id) },
      throwOnError: false,
    })
    if (errors.length) {
      const error = errors[0].error as { code?: string; message?: string }
      const paused = error.code === "insufficient_credits"
      await setBulkJobStatusWorkflow(container).run({
        input: {
          id: job.id,
          from: ["running"],
          to: paused ? "paused_insufficient_credits" : "failed",
          last_error: error.message ?? "The batch failed",
        },
        throwOnError: false,
      })
      return
    }
  }
}

/**
 * One pass of the bulk job runner (the `ai-credits-run-bulk-jobs` job every minute, and right
 * after a job is submitted or resumed): start what the concurrency caps allow, then run batches.
 * Each job is run by one process at a time (Medusa's Locking module); a busy job is skipped.
 */
export async function runBulkJobs(container: MedusaContainer): Promise<void> {
  await startQueuedJobs(container)
  const running = (await governanceService(container).listAiCreditBulkJobs(
    { status: "running" },
    { order: { created_at: "ASC" }, take: 1_000, select: ["id"] }
  )) as { id: string }[]
  const locking = container.resolve(Modules.LOCKING)
  for (const job of running) {
    await locking.execute(`ai-credits-bulk-job:${job.id}`, () => runJob(container, job.id), { timeout: 1 }).catch(() => {
      // Another process is running this job's batches.
    })
  }
  // A job that finished frees a place for a queued one.
  await startQueuedJobs(container)
}

/** Runs the bulk jobs now, without waiting for the scheduled job (after a submit or resume). */
export function kickBulkJobs(container: MedusaContainer) {
  setImmediate(() => {
    runBulkJobs(container).catch((error) =>
      container.resolve(ContainerRegistrationKeys.LOGGER).error(`ai-credits: bulk job run failed: ${(error as Error).message}`)
    )
  })
}

/** A bulk job as the admin API shows it, with its progress. */
export function serializeBulkJob(job: BulkJobRecord) {
  const processed = job.items_done + job.items_failed
  return {
    id: job.id,
    name: job.name,
    module: job.module,
    status: job.status,
    created_by: job.created_by,
    wallet_id: job.wallet_id,
    batch_size: job.batch_size,
    items_per_hour: job.items_per_hour,
    estimated_credits_per_item: job.estimated_credits_per_item,
    estimated_credits: job.estimated_credits_per_item * job.items_total,
    credits_spent: job.credits_spent,
    progress: {
      total: job.items_total,
      done: job.items_done,
      failed: job.items_failed,
      remaining: job.items_total - processed,
      percent: job.items_total ? Math.floor((processed * 100) / job.items_total) : 100,
    },
    last_error: job.last_error,
    created_at: job.created_at,
    started_at: job.started_at,
    finished_at: job.finished_at,
  }
}
