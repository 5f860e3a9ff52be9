import type { MedusaResponse, MedusaStoreRequest } from "@medusajs/framework/http"
import { visibleBalance } from "../../../../../../modules/ai-credits/policy"
import { storeCaller } from "../../../../../utils/callers"
import { chatCompletions } from "../../openai"
import type { ChatCompletionsBodyType } from "../../validators"

/** OpenAI's chat completions for storefronts: the bearer token is the customer's, absent for a guest. */
export const POST = async (req: MedusaStoreRequest<ChatCompletionsBodyType>, res: MedusaResponse) => {
  const caller = storeCaller(req)
  await chatCompletions(req, res, { caller, showBalance: (balance) => visibleBalance(caller, balance) })
}
