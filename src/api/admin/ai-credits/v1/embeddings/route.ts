import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { shortBalance } from "../../../../../modules/ai-credits/policy"
import { createEmbeddings } from "../../../../store/ai-credits/v1/openai"
import type { EmbeddingsBodyType } from "../../../../store/ai-credits/v1/validators"
import { adminCaller } from "../../../../utils/callers"

/** OpenAI's embeddings for admin users' AI actions. */
export const POST = async (req: AuthenticatedMedusaRequest<EmbeddingsBodyType>, res: MedusaResponse) => {
  await createEmbeddings(req, res, { caller: adminCaller(req), showBalance: shortBalance })
}
