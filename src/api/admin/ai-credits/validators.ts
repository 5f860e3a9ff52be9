import { z } from "@medusajs/framework/zod"
import { createFindParams } from "@medusajs/medusa/api/utils/validators"
import { MAX_CREDITS_PER_OPERATION } from "../../../modules/ai-credits/options"
import { WALLET_OWNER_TYPES } from "../../../modules/ai-credits/types"

const id = z.string().trim().min(1).max(255)
const credits = z.number().int().positive().max(MAX_CREDITS_PER_OPERATION)
const reason = z.string().trim().min(1, "reason is required").max(500)
const moduleName = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, "module names are lower snake_case")
const futureDate = z.coerce
  .date()
  .refine((date) => date.getTime() > Date.now(), "must be in the future")

export const AdminListWallets = createFindParams({ limit: 20, offset: 0 }).extend({
  owner_type: z.enum(WALLET_OWNER_TYPES).optional(),
  owner_id: id.optional(),
  sales_channel_id: id.optional(),
})
export type AdminListWalletsType = z.infer<typeof AdminListWallets>

export const AdminListLedger = createFindParams({ limit: 50, offset: 0 }).extend({
  type: z.string().optional(),
})
export type AdminListLedgerType = z.infer<typeof AdminListLedger>

export const AdminCreateAdjustment = z
  .object({
    owner_type: z.enum(WALLET_OWNER_TYPES),
    owner_id: id,
    amount: z
      .number()
      .int("amount must be a whole number of credits")
      .min(-MAX_CREDITS_PER_OPERATION)
      .max(MAX_CREDITS_PER_OPERATION)
      .refine((n) => n !== 0, "amount must not be zero"),
    reason,
    expires_at: futureDate.nullish(),
    modules: z.array(moduleName).max(50).nullish(),
    grant_id: id.optional(),
  })
  .strict()
  .refine((body) => body.amount < 0 || !body.grant_id, {
    message: "grant_id only applies to negative adjustments",
    path: ["grant_id"],
  })
  .refine((body) => body.amount > 0 || (!body.expires_at && !body.modules), {
    message: "expires_at and modules only apply to positive adjustments",
    path: ["expires_at"],
  })
export type AdminCreateAdjustmentType = z.infer<typeof AdminCreateAdjustment>

export const AdminUpdateWallet = z
  .object({
    name: z.string().trim().max(255).nullish(),
    overage_limit: z.number().int().min(0).max(MAX_CREDITS_PER_OPERATION).optional(),
    max_hold_credits: credits.nullish(),
    metadata: z.record(z.string(), z.unknown()).nullish(),
  })
  .strict()
export type AdminUpdateWalletType = z.infer<typeof AdminUpdateWallet>

export const AdminCreateAllocation = z
  .object({
    sales_channel_id: id,
    amount: credits,
    reason,
  })
  .strict()
export type AdminCreateAllocationType = z.infer<typeof AdminCreateAllocation>

export const AdminUpsertPoolMember = z
  .object({
    sales_channel_id: id,
    allocation_cap: credits.nullish(),
  })
  .strict()
export type AdminUpsertPoolMemberType = z.infer<typeof AdminUpsertPoolMember>
