import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { demoScript, demoStorefrontAvailable } from "../../../lib/demo-storefront"

/** The demo storefront's script, bundled with the storefront client. */
export const GET = async (_req: MedusaRequest, res: MedusaResponse) => {
  if (!demoStorefrontAvailable()) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, "The demo storefront is not part of this installation")
  }
  res.setHeader("content-type", "text/javascript; charset=utf-8")
  res.setHeader("cache-control", "no-cache")
  res.send(await demoScript())
}
