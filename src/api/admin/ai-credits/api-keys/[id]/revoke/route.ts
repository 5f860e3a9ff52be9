import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { AdminServerApiKeyResponse } from "../../../../../../client/types"
import { revokeServerApiKeyWorkflow, serializeServerApiKey } from "../../../../../../workflows/api-keys"

/** Revokes the key: its next request, on any server, gets a 401. */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminServerApiKeyResponse>) => {
  const { result } = await revokeServerApiKeyWorkflow(req.scope).run({ input: { id: req.params.id } })
  res.json({ api_key: serializeServerApiKey(result) })
}
