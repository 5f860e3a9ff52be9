import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { AdminBulkJobListResponse, AdminSubmitBulkJobResponse } from "../../../../client/types"
import { AI_CREDITS_MODULE } from "../../../../modules/ai-credits"
import type AiCreditsModuleService from "../../../../modules/ai-credits/service"
import { governanceService } from "../../../../modules/ai-credits-governance"
import { assertModuleAccess, submitBulkJobWorkflow } from "../../../../workflows/governance"
import { withCreditErrors } from "../../../utils/credit-errors"
import type { AdminCreateBulkJobType, AdminListBulkJobsType } from "../governance/validators"
import { serializeBulkJob } from "./serializers"

/** Bulk jobs, newest first, with their progress. */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminListBulkJobsType>, res: MedusaResponse<AdminBulkJobListResponse>) => {
  const { skip, take } = req.queryConfig.pagination
  const { status, module } = req.validatedQuery
  const [jobs, count] = await governanceService(req.scope).listAndCountAiCreditBulkJobs(
    { ...(status ? { status } : {}), ...(module ? { module } : {}) },
    { skip, take, order: { created_at: "DESC", id: "DESC" } }
  )
  // The list route always has a page size (defaults in the governance middlewares).
  res.json({ bulk_jobs: jobs.map(serializeBulkJob), count, offset: skip, limit: take! })
}

/**
 * Submits a bulk job: quoted, queued, and started as soon as its module's concurrency cap allows.
 * Its AI requests are the submitting admin user's.
 */
export const POST = withCreditErrors(async (req: AuthenticatedMedusaRequest<AdminCreateBulkJobType>, res: MedusaResponse<AdminSubmitBulkJobResponse>) => {
  const body = req.validatedBody
  const userId = req.auth_context.actor_id
  await assertModuleAccess(req.scope, userId, body.module, "bulk_jobs")
  if (body.wallet_id) {
    // A wallet that does not exist is a 404 now, not a job that fails at its first batch.
    await req.scope.resolve<AiCreditsModuleService>(AI_CREDITS_MODULE).retrieveAiCreditWallet(body.wallet_id, { select: ["id"] })
  }
  const { result } = await submitBulkJobWorkflow(req.scope).run({
    input: {
      name: body.name,
      module: body.module,
      created_by: userId,
      wallet_id: body.wallet_id ?? null,
      batch_size: body.batch_size ?? null,
      items_per_hour: body.items_per_hour ?? null,
      items: body.items,
    },
  })
  res.status(201).json({ bulk_job: serializeBulkJob(result.bulk_job), quote: result.quote })
})
