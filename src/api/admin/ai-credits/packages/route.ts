import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { createCreditPackageWorkflow } from "../../../../workflows"
import { listCreditPackages, retrieveCreditPackage } from "./query"
import type { AdminCreateCreditPackageType, AdminListCreditPackagesType } from "./validators"

/**
 * The credit packages, each with the product variant that sells it (and its prices), by rank.
 * Filters: `is_active`, `kind`, `fills`.
 */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminListCreditPackagesType>, res: MedusaResponse) => {
  const { is_active, kind, fills } = req.validatedQuery
  const filters: Record<string, unknown> = {}
  if (is_active) {
    filters.is_active = is_active === "true"
  }
  if (kind) {
    filters.kind = kind
  }
  if (fills) {
    filters.fills = fills
  }
  const { skip, take } = req.queryConfig.pagination
  const { packages, count } = await listCreditPackages(req.scope, filters, { skip: skip ?? 0, take: take ?? 50 })
  res.json({ packages, count, offset: skip, limit: take })
}

/**
 * Makes an existing product variant a credit package. 404 for an unknown variant, 422 when the
 * variant already is one. The title defaults to the product's (and variant's) title.
 */
export const POST = async (req: AuthenticatedMedusaRequest<AdminCreateCreditPackageType>, res: MedusaResponse) => {
  const { result } = await createCreditPackageWorkflow(req.scope).run({ input: req.validatedBody })
  res.status(201).json({ package: await retrieveCreditPackage(req.scope, result.id) })
}
