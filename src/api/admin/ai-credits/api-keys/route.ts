import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { AdminCreateServerApiKeyResponse, AdminServerApiKeyListResponse } from "../../../../client/types"
import { createServerApiKeyWorkflow, listServerApiKeys, serializeServerApiKey } from "../../../../workflows/api-keys"
import type { AdminCreateServerApiKeyType, AdminListServerApiKeysType } from "./validators"

/** Server API keys with their prefix, last use and spend this month (never a secret). */
export const GET = async (
  req: AuthenticatedMedusaRequest<unknown, AdminListServerApiKeysType>,
  res: MedusaResponse<AdminServerApiKeyListResponse>
) => {
  const { skip = 0, take = 50 } = req.queryConfig.pagination
  const { owner_type, owner_id } = req.validatedQuery
  const filters = { ...(owner_type ? { owner_type } : {}), ...(owner_id ? { owner_id } : {}) }
  const { api_keys, count } = await listServerApiKeys(req.scope, filters, { skip, take })
  res.json({ api_keys, count, offset: skip, limit: take })
}

/** Creates a key; the answer is the only time its secret is shown. */
export const POST = async (
  req: AuthenticatedMedusaRequest<AdminCreateServerApiKeyType>,
  res: MedusaResponse<AdminCreateServerApiKeyResponse>
) => {
  const body = req.validatedBody
  const { result } = await createServerApiKeyWorkflow(req.scope).run({
    input: {
      name: body.name,
      owner_type: body.owner_type,
      owner_id: body.owner_id,
      // A sales channel's key spends that storefront's wallet: it is used from that storefront only.
      sales_channel_id: body.sales_channel_id ?? (body.owner_type === "sales_channel" ? body.owner_id : null),
      allowed_modules: body.allowed_modules,
      allowed_models: body.allowed_models,
      rate_limit_per_minute: body.rate_limit_per_minute ?? null,
      monthly_credit_limit: body.monthly_credit_limit ?? null,
      expires_at: body.expires_at ?? null,
      created_by: req.auth_context.actor_id,
    },
  })
  res.status(201).json({ api_key: serializeServerApiKey(result.api_key), secret: result.secret })
}
