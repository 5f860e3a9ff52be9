import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { shortBalance } from "../../../../../../modules/ai-credits/policy"
import { chatCompletions } from "../../../../../store/ai-credits/v1/openai"
import type { ChatCompletionsBodyType } from "../../../../../store/ai-credits/v1/validators"
import { adminCaller } from "../../../../../utils/callers"

/** OpenAI's chat completions for admin users' AI actions: metered and attributed to the admin. */
export const POST = async (req: AuthenticatedMedusaRequest<ChatCompletionsBodyType>, res: MedusaResponse) => {
  await chatCompletions(req, res, { caller: adminCaller(req), showBalance: shortBalance })
}
