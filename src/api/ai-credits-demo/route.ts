import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { demoStorefrontAvailable, renderDemoPage } from "../../lib/demo-storefront"

/** The demo storefront page (this repository's demo store only; see README, "Demo storefront"). */
export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  if (!demoStorefrontAvailable()) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, "The demo storefront is not part of this installation")
  }
  res.setHeader("content-type", "text/html; charset=utf-8")
  res.setHeader("cache-control", "no-store")
  res.send(await renderDemoPage(req.scope))
}
