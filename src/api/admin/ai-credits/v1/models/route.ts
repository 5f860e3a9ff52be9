import { listModels } from "../../../../store/ai-credits/v1/openai"

/** OpenAI's model list for admin users. */
export const GET = listModels
