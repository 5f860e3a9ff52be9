import { listModels } from "../openai"

/** OpenAI's model list: what the storefront may name as `model`. */
export const GET = listModels
