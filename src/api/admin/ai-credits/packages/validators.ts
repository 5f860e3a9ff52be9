import { z } from "@medusajs/framework/zod"
import { createListParams } from "../../../utils/list-params"
import { MAX_CREDITS_PER_OPERATION } from "../../../../modules/ai-credits/options"
import { CREDIT_PACKAGE_FILLS, CREDIT_PACKAGE_KINDS } from "../../../../modules/ai-credits/types"
import { aiModuleNameSchema as moduleName, grantPrioritySchema, metadataSchema } from "../../../utils/input-schemas"


/** The terms of a credit package, as an admin sets them. */
const packageFields = {
  credits: z
    .number()
    .int("credits must be a whole number")
    .positive("credits must be at least 1")
    .max(MAX_CREDITS_PER_OPERATION),
  title: z.string().trim().min(1, "title must not be empty").max(255),
  kind: z.enum(CREDIT_PACKAGE_KINDS),
  /** Days the credits stay valid after the payment is captured; null: they never expire. */
  validity_days: z.number().int().min(1).max(3650).nullable(),
  /** Which wallet a purchase fills: the buyer, the buyer's company group, or the sales channel. */
  fills: z.enum(CREDIT_PACKAGE_FILLS),
  /** Restricts the credits to these AI modules (an add-on pack); null or []: every module. */
  modules: z.array(moduleName).max(50).nullable(),
  /** Offered in upgrade prompts while true. A purchase grants its credits either way. */
  is_active: z.boolean(),
  /** Order in upgrade prompts, lower first. */
  rank: z.number().int().min(-1_000_000).max(1_000_000),
  /** The priority of the grants a purchase makes (lower is spent first; default 50). */
  priority: grantPrioritySchema,
  metadata: metadataSchema.nullable(),
}

/** Any of the terms. */
export const AdminUpdateCreditPackage = z.object(packageFields).partial().strict()
export type AdminUpdateCreditPackageType = z.infer<typeof AdminUpdateCreditPackage>

/** The existing product variant that sells the package, its credits, and any other term. */
export const AdminCreateCreditPackage = z
  .object({
    variant_id: z.string().trim().min(1).max(255),
    ...AdminUpdateCreditPackage.shape,
    credits: packageFields.credits,
  })
  .strict()
export type AdminCreateCreditPackageType = z.infer<typeof AdminCreateCreditPackage>

export const AdminListCreditPackages = createListParams({ limit: 50, offset: 0 }).extend({
  is_active: z.enum(["true", "false"]).optional(),
  kind: z.enum(CREDIT_PACKAGE_KINDS).optional(),
  fills: z.enum(CREDIT_PACKAGE_FILLS).optional(),
})
export type AdminListCreditPackagesType = z.infer<typeof AdminListCreditPackages>
