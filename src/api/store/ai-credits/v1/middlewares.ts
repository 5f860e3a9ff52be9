import { authenticate, type MiddlewareRoute } from "@medusajs/framework/http"
import { ChatCompletionsBody, EmbeddingsBody } from "./validators"
import { route, withBody } from "../../../utils/middleware-routes"

/** The SDK's `apiKey` arrives as `Authorization: Bearer`: a customer's token, or none for a guest. */
const optionalCustomer = authenticate("customer", ["session", "bearer"], { allowUnauthenticated: true })

/** The OpenAI-compatible endpoints, store and admin (admin routes are authenticated by Medusa). */
export const v1Routes: MiddlewareRoute[] = [
  route("GET", "/store/ai-credits/v1/models", optionalCustomer),
  withBody("/store/ai-credits/v1/chat/completions", ChatCompletionsBody, optionalCustomer),
  withBody("/store/ai-credits/v1/embeddings", EmbeddingsBody, optionalCustomer),
  withBody("/admin/ai-credits/v1/embeddings", EmbeddingsBody),
  withBody("/admin/ai-credits/v1/chat/completions", ChatCompletionsBody),
]
