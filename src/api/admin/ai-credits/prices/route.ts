import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { AI_CREDITS_MODULE } from "../../../../modules/ai-credits"
import type AiCreditsModuleService from "../../../../modules/ai-credits/service"
import { PRICE_RATE_FIELDS } from "../../../../client/enums"
import { setPriceWorkflow } from "../../../../workflows"
import type { AdminListPricesType, AdminSetPriceType } from "../validators"

/** The rate cards: current prices (and with include_superseded=true, their history). */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminListPricesType>, res: MedusaResponse) => {
  const credits: AiCreditsModuleService = req.scope.resolve(AI_CREDITS_MODULE)
  const { provider, model, include_superseded } = req.validatedQuery
  const filters: Record<string, unknown> = {}
  if (provider) {
    filters.provider = provider
  }
  if (model) {
    filters.model = model
  }
  if (include_superseded !== "true") {
    filters.superseded_at = null
  }
  const { skip, take } = req.queryConfig.pagination
  const [prices, count] = await credits.listAndCountAiCreditPrices(filters, {
    skip,
    take,
    order: { provider: "ASC", model: "ASC", version: "DESC" },
  })
  res.json({ prices, count, offset: skip, limit: take })
}

/** Sets a price: a new version supersedes the current one; past usage keeps the price it paid. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminSetPriceType>, res: MedusaResponse) => {
  const body = req.validatedBody
  const rates = Object.fromEntries(
    PRICE_RATE_FIELDS.flatMap((field) => (body[field] === undefined ? [] : [[field, body[field]]]))
  )
  const { result: price } = await setPriceWorkflow(req.scope).run({
    input: {
      provider: body.provider,
      model: body.model,
      scope_type: body.scope_type,
      scope_id: body.scope_id,
      rates,
      currency_code: body.currency_code,
      free: body.free,
      created_by: req.auth_context.actor_id,
    },
  })
  res.status(201).json({ price })
}
