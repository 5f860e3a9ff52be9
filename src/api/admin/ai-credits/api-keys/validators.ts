import { z } from "@medusajs/framework/zod"
import { WALLET_OWNER_TYPES } from "../../../../client/enums"
import { aiModuleNameSchema as moduleName, boundedDate } from "../../../utils/input-schemas"
import { createListParams } from "../../../utils/list-params"

const id = z.string().trim().min(1).max(255)
const modelName = z.string().trim().min(1).max(200)

export const AdminCreateServerApiKey = z
  .object({
    name: z.string().trim().min(1).max(120),
    owner_type: z.enum(WALLET_OWNER_TYPES),
    owner_id: id,
    /** The storefront the key may be used from; a sales channel's own key defaults to it. */
    sales_channel_id: id.nullish(),
    allowed_modules: z.array(moduleName).max(100).default([]),
    allowed_models: z.array(modelName).max(100).default([]),
    rate_limit_per_minute: z.number().int("must be a whole number").positive().max(1_000_000).nullish(),
    monthly_credit_limit: z.number().int("must be a whole number").positive().max(1_000_000_000_000).nullish(),
    expires_at: boundedDate.refine((d) => d.getTime() > Date.now(), "must be in the future").nullish(),
  })
  .strict()
export type AdminCreateServerApiKeyType = z.infer<typeof AdminCreateServerApiKey>

export const AdminListServerApiKeys = createListParams({ limit: 50, offset: 0 }).extend({
  owner_type: z.enum(WALLET_OWNER_TYPES).optional(),
  owner_id: id.optional(),
})
export type AdminListServerApiKeysType = z.infer<typeof AdminListServerApiKeys>
