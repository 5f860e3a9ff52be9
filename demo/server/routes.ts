import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { demoScript, demoStorefrontAvailable, renderDemoPage } from "./demo-storefront"

/** An app that installed the plugin has no demo storefront: its routes answer 404. */
function assertDemoStorefront() {
  if (!demoStorefrontAvailable()) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, "The demo storefront is not part of this installation")
  }
}

/** GET /ai-credits-demo: the demo storefront page (this repository's demo store only; see README, "Demo storefront"). */
export const getDemoPage = async (req: MedusaRequest, res: MedusaResponse) => {
  assertDemoStorefront()
  res.setHeader("content-type", "text/html; charset=utf-8")
  res.setHeader("cache-control", "no-store")
  res.send(await renderDemoPage(req.scope))
}

/** GET /ai-credits-demo/script: the demo storefront's script, bundled with the storefront client. */
export const getDemoScript = async (_req: MedusaRequest, res: MedusaResponse) => {
  assertDemoStorefront()
  res.setHeader("content-type", "text/javascript; charset=utf-8")
  res.setHeader("cache-control", "no-cache")
  res.send(await demoScript())
}
