import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { deleteCreditPackageWorkflow, updateCreditPackageWorkflow } from "../../../../../workflows"
import { retrieveCreditPackage } from "../query"
import type { AdminUpdateCreditPackageType } from "../validators"

/** One credit package with its variant. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json({ package: await retrieveCreditPackage(req.scope, req.params.id) })
}

/**
 * Changes a package's terms (credits, kind, validity_days, fills, modules, is_active, rank,
 * title, metadata). Orders already granted keep their grants; later captures use the new terms.
 * `is_active: false` stops offering the pack in upgrade prompts.
 */
export const POST = async (req: AuthenticatedMedusaRequest<AdminUpdateCreditPackageType>, res: MedusaResponse) => {
  await updateCreditPackageWorkflow(req.scope).run({ input: { ...req.validatedBody, id: req.params.id } })
  res.json({ package: await retrieveCreditPackage(req.scope, req.params.id) })
}

/**
 * Deletes the package and unlinks its variant: purchases of the variant grant nothing from then
 * on. Grants already made stay (and a cancel or refund still revokes them).
 */
export const DELETE = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  await deleteCreditPackageWorkflow(req.scope).run({ input: { id: req.params.id } })
  res.json({ id: req.params.id, object: "ai_credit_package", deleted: true })
}
