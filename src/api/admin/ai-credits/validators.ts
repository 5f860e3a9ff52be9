import { z } from "@medusajs/framework/zod"
import { createListParams } from "../../utils/list-params"
import { MAX_CREDITS_PER_OPERATION } from "../../../modules/ai-credits/options"
import { ADJUSTMENT_GRANT_SOURCES, WALLET_OWNER_TYPES } from "../../../modules/ai-credits/types"
import {
  aiModelNameSchema as modelName,
  aiModuleNameSchema as moduleName,
  aiModuleIdSchema as moduleId,
  boundedDate,
  grantPrioritySchema,
  invokeInputSchema,
  metadataSchema,
} from "../../utils/input-schemas"
import { QUOTA_ACTIONS, QUOTA_COUNTED_PER, QUOTA_METRICS, QUOTA_WINDOWS } from "../../../client/enums"

const id = z.string().trim().min(1).max(255)
const credits = z.number().int().positive().max(MAX_CREDITS_PER_OPERATION)

/** An exact decimal (a rate, an amount of money) as a string or number: up to 9 decimals, never negative. */
const decimal = z
  .union([z.string(), z.number()])
  .transform((value) => String(value).trim())
  .refine((value) => /^\d{1,12}(\.\d{1,9})?$/.test(value), "must be a decimal number from 0, at most 9 decimals")
const reason = z.string().trim().min(1, "reason is required").max(500)
const futureDate = boundedDate.refine((date) => date.getTime() > Date.now(), "must be in the future")

export const AdminListWallets = createListParams({
  limit: 20,
  offset: 0,
  orderBy: ["created_at", "updated_at", "balance", "reserved", "owner_type", "name"],
}).extend({
  owner_type: z.enum(WALLET_OWNER_TYPES).optional(),
  owner_id: id.optional(),
  sales_channel_id: id.optional(),
})
export type AdminListWalletsType = z.infer<typeof AdminListWallets>

export const AdminListLedger = createListParams({ limit: 50, offset: 0 }).extend({
  type: z.string().optional(),
})
export type AdminListLedgerType = z.infer<typeof AdminListLedger>

export const AdminCreateAdjustment = z
  .object({
    owner_type: z.enum(WALLET_OWNER_TYPES),
    /** Whose wallet; for the store's default pool (`owner_type: "store"`) it may be left out. */
    owner_id: id.optional(),
    amount: z
      .number()
      .int("amount must be a whole number of credits")
      .min(-MAX_CREDITS_PER_OPERATION)
      .max(MAX_CREDITS_PER_OPERATION)
      .refine((n) => n !== 0, "amount must not be zero"),
    reason,
    expires_at: futureDate.nullish(),
    modules: z.array(moduleName).max(50).nullish(),
    /** For a positive adjustment: the grant's priority (lower is spent first; default 50). */
    priority: grantPrioritySchema.optional(),
    /** For a positive adjustment: what the grant is for (default `adjustment`). */
    source: z.enum(ADJUSTMENT_GRANT_SOURCES).optional(),
    grant_id: id.optional(),
  })
  .strict()
  .refine((body) => body.owner_type === "store" || Boolean(body.owner_id), {
    message: "owner_id is required (it may be left out only for owner_type store)",
    path: ["owner_id"],
  })
  .refine((body) => body.amount < 0 || !body.grant_id, {
    message: "grant_id only applies to negative adjustments",
    path: ["grant_id"],
  })
  .refine((body) => body.amount > 0 || (!body.expires_at && !body.modules), {
    message: "expires_at and modules only apply to positive adjustments",
    path: ["expires_at"],
  })
  .refine((body) => body.amount > 0 || (body.priority === undefined && body.source === undefined), {
    message: "priority and source only apply to positive adjustments",
    path: ["priority"],
  })
export type AdminCreateAdjustmentType = z.infer<typeof AdminCreateAdjustment>

export const AdminUpdateWallet = z
  .object({
    name: z.string().trim().max(255).nullish(),
    overage_limit: z.number().int().min(0).max(MAX_CREDITS_PER_OPERATION).optional(),
    max_hold_credits: credits.nullish(),
    /** The most the wallet may spend in a calendar month; null removes the cap. */
    monthly_spend_cap: credits.nullish(),
    /** The most the providers may charge for the wallet's requests in a month (rate-card currency); null removes it. */
    monthly_cost_cap: decimal.nullish(),
    /** `block`: the wallet pays nothing beyond the cap; `notify`: it does, and the admin is alerted. */
    monthly_cap_action: z.enum(["block", "notify"]).optional(),
    /** Percentages of the monthly cap that raise an alert when spending crosses them. */
    alert_thresholds: z.array(z.number().int().min(1).max(100)).max(10).nullish(),
    low_balance_threshold: z.number().int().min(0).max(MAX_CREDITS_PER_OPERATION).nullish(),
    metadata: metadataSchema.nullish(),
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

const units = z.number().int().min(0).max(100_000_000)
const usage = z.object({ input_tokens: units, output_tokens: units, images: units, requests: units }).partial().strict()

export const AdminCreateAuthorization = z
  .object({
    module: moduleId,
    action: z.string().trim().max(100).optional(),
    model: modelName.optional(),
    estimate: usage.optional(),
    /** Pay from this wallet; by default the store's default pool pays for admin work. */
    wallet_id: id.optional(),
    metadata: metadataSchema.optional(),
  })
  .strict()
export type AdminCreateAuthorizationType = z.infer<typeof AdminCreateAuthorization>

export const AdminCaptureAuthorization = z
  .object({
    usage,
    provider: z.string().max(64).optional(),
    model: modelName.optional(),
    output_type: z.string().max(64).optional(),
    latency_ms: z.number().int().min(0).max(3_600_000).optional(),
  })
  .strict()
export type AdminCaptureAuthorizationType = z.infer<typeof AdminCaptureAuthorization>

export const AdminInvoke = z
  .object({
    module: moduleId,
    model: modelName.optional(),
    action: z.string().trim().max(100).optional(),
    wallet_id: id.optional(),
    input: invokeInputSchema,
  })
  .strict()
export type AdminInvokeType = z.infer<typeof AdminInvoke>

export const AdminSetPrice = z
  .object({
    provider: z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/),
    model: modelName,
    scope_type: z.enum(["default", "pool", "plan"]).default("default"),
    scope_id: id.nullish(),
    credits_per_1k_input_tokens: decimal.optional(),
    credits_per_1k_output_tokens: decimal.optional(),
    credits_per_request: decimal.optional(),
    credits_per_image: decimal.optional(),
    cost_per_1k_input_tokens: decimal.optional(),
    cost_per_1k_output_tokens: decimal.optional(),
    cost_per_request: decimal.optional(),
    cost_per_image: decimal.optional(),
    currency_code: z.string().regex(/^[a-z]{3}$/).optional(),
    /** A price whose credit rates are all zero must say so: the model then runs for no credits. */
    free: z.boolean().optional(),
  })
  .strict()
  .refine((body) => body.scope_type === "default" || Boolean(body.scope_id), {
    message: "scope_id is required for pool and plan prices",
    path: ["scope_id"],
  })
export type AdminSetPriceType = z.infer<typeof AdminSetPrice>

export const AdminListPrices = createListParams({ limit: 100, offset: 0 }).extend({
  provider: z.string().optional(),
  model: z.string().optional(),
  include_superseded: z.enum(["true", "false"]).optional(),
})
export type AdminListPricesType = z.infer<typeof AdminListPrices>

export const AdminListAlerts = createListParams({ limit: 50, offset: 0 }).extend({
  status: z.enum(["open", "resolved"]).optional(),
})
export type AdminListAlertsType = z.infer<typeof AdminListAlerts>

export const AdminListUsage = createListParams({ limit: 50, offset: 0 }).extend({
  wallet_id: id.optional(),
  customer_id: id.optional(),
  sales_channel_id: id.optional(),
  module: moduleId.optional(),
})
export type AdminListUsageType = z.infer<typeof AdminListUsage>

export const AdminRefundUsage = z.object({ reason: reason }).strict()
export type AdminRefundUsageType = z.infer<typeof AdminRefundUsage>

const quotaRuleFields = {
  name: z.string().trim().min(1).max(200),
  is_active: z.boolean().optional(),
  module: moduleId.nullish(),
  sales_channel_id: id.nullish(),
  customer_group_id: id.nullish(),
  customer_id: id.nullish(),
  plan_id: id.nullish(),
  admin_role: z.string().trim().min(1).max(100).nullish(),
  /** `actor`: each customer, visitor or admin user has the limit; `scope`: the whole scope shares it. */
  per: z.enum(QUOTA_COUNTED_PER).default("actor"),
  metric: z.enum(QUOTA_METRICS),
  window: z.enum(QUOTA_WINDOWS),
  window_seconds: z.number().int().min(60).max(90 * 86_400).nullish(),
  limit: z.number().int().min(0).max(2_000_000_000),
  /** `require_approval`: past the limit a request is refused with an approval request an admin decides. */
  action: z.enum(QUOTA_ACTIONS).default("block"),
}

export const AdminCreateQuotaRule = z
  .object(quotaRuleFields)
  .strict()
  .refine((rule) => rule.window !== "rolling" || Boolean(rule.window_seconds), {
    message: "a rolling window needs window_seconds",
    path: ["window_seconds"],
  })
export type AdminCreateQuotaRuleType = z.infer<typeof AdminCreateQuotaRule>

export const AdminUpdateQuotaRule = z
  .object({
    ...quotaRuleFields,
    per: quotaRuleFields.per.optional(),
    action: quotaRuleFields.action.optional(),
  })
  .partial()
  .strict()
export type AdminUpdateQuotaRuleType = z.infer<typeof AdminUpdateQuotaRule>

export const AdminListQuotaRules = createListParams({ limit: 100, offset: 0 }).extend({
  module: moduleId.optional(),
  is_active: z.enum(["true", "false"]).optional(),
})
export type AdminListQuotaRulesType = z.infer<typeof AdminListQuotaRules>
