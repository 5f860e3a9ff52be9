import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { governanceService } from "../../modules/ai-credits-governance"
import { serverApiKeyStatus } from "../../modules/ai-credits-governance/server-api-keys"
import type { ServerKeyCaller } from "../../modules/ai-credits/policy"

/**
 * The server API key a request presents, read from the database (no cache: a revoke holds at
 * once on every server). Unknown, revoked or expired keys are refused with 401; a key of another
 * storefront than the request's publishable key with 403.
 */
export async function authenticateServerApiKey(
  container: MedusaContainer,
  secret: string,
  storefrontSalesChannelIds: string[]
): Promise<ServerKeyCaller> {
  const key = await governanceService(container).findServerApiKeyBySecret(secret)
  if (!key) {
    throw new MedusaError(MedusaError.Types.UNAUTHORIZED, "Invalid API key")
  }
  const status = serverApiKeyStatus(key)
  if (status !== "active") {
    throw new MedusaError(MedusaError.Types.UNAUTHORIZED, `This API key is ${status}`)
  }
  if (key.sales_channel_id && !storefrontSalesChannelIds.includes(key.sales_channel_id)) {
    throw new MedusaError(MedusaError.Types.FORBIDDEN, "This API key belongs to another storefront")
  }
  return {
    id: key.id,
    name: key.name,
    owner_type: key.owner_type,
    owner_id: key.owner_id,
    allowed_modules: key.allowed_modules as string[],
    allowed_models: key.allowed_models as string[],
    rate_limit_per_minute: key.rate_limit_per_minute,
    monthly_credit_limit: key.monthly_credit_limit,
  }
}
