import { z } from "@medusajs/framework/zod"
import { createListParams } from "../../utils/list-params"
import {
  aiModelNameSchema as modelName,
  aiModuleIdSchema as moduleId,
  invokeInputSchema,
  metadataSchema,
} from "../../utils/input-schemas"
import { visitorIdSchema } from "../../utils/visitor-id"

const units = z.number().int("must be a whole number").min(0, "must not be negative").max(100_000_000)
const shortId = z.string().trim().min(1).max(128)

export const Usage = z
  .object({ input_tokens: units, output_tokens: units, images: units, requests: units })
  .partial()
  .strict()

const requestContext = {
  visitor_id: visitorIdSchema.optional(),
  cart_id: shortId.optional(),
  conversation_id: shortId.optional(),
  metadata: metadataSchema.optional(),
}

export const StoreCreateAuthorization = z
  .object({
    module: moduleId,
    action: z.string().trim().max(100).optional(),
    model: modelName.optional(),
    estimate: Usage.optional(),
    ...requestContext,
  })
  .strict()
export type StoreCreateAuthorizationType = z.infer<typeof StoreCreateAuthorization>

export const StoreCaptureAuthorization = z
  .object({
    usage: Usage,
    provider: z.string().max(64).optional(),
    model: modelName.optional(),
    output_type: z.string().max(64).optional(),
    latency_ms: z.number().int().min(0).max(3_600_000).optional(),
  })
  .strict()
export type StoreCaptureAuthorizationType = z.infer<typeof StoreCaptureAuthorization>

export const StoreRecordUsage = z
  .object({
    module: moduleId,
    action: z.string().trim().max(100).optional(),
    model: modelName.optional(),
    usage: Usage,
    output_type: z.string().max(64).optional(),
    latency_ms: z.number().int().min(0).max(3_600_000).optional(),
    ...requestContext,
  })
  .strict()
export type StoreRecordUsageType = z.infer<typeof StoreRecordUsage>

export const StoreInvoke = z
  .object({
    module: moduleId,
    model: modelName.optional(),
    action: z.string().trim().max(100).optional(),
    input: invokeInputSchema,
    stream: z.boolean().optional(),
    ...requestContext,
  })
  .strict()
export type StoreInvokeType = z.infer<typeof StoreInvoke>

export const StoreListUsage = createListParams({ limit: 20, offset: 0 })
export type StoreListUsageType = z.infer<typeof StoreListUsage>

export const StoreRejectUsage = z.object({ reason: z.string().trim().min(1, "reason is required").max(500) }).strict()
export type StoreRejectUsageType = z.infer<typeof StoreRejectUsage>
