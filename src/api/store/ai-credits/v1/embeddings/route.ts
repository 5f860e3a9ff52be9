import type { MedusaResponse, MedusaStoreRequest } from "@medusajs/framework/http"
import { visibleBalance } from "../../../../../modules/ai-credits/policy"
import { storeCaller } from "../../../../utils/callers"
import { createEmbeddings } from "../openai"
import type { EmbeddingsBodyType } from "../validators"

/** OpenAI's embeddings for storefronts (semantic search): one vector per input. */
export const POST = async (req: MedusaStoreRequest<EmbeddingsBodyType>, res: MedusaResponse) => {
  const caller = storeCaller(req)
  await createEmbeddings(req, res, { caller, showBalance: (balance) => visibleBalance(caller, balance) })
}
