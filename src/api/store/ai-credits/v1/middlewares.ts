import { authenticate, validateAndTransformBody, type MiddlewareRoute } from "@medusajs/framework/http"
import { ChatCompletionsBody, EmbeddingsBody } from "./validators"

/** The SDK's `apiKey` arrives as `Authorization: Bearer`: a customer's token, or none for a guest. */
const optionalCustomer = authenticate("customer", ["session", "bearer"], { allowUnauthenticated: true })

/** The OpenAI-compatible endpoints, store and admin (admin routes are authenticated by Medusa). */
export const v1Routes: MiddlewareRoute[] = [
  {
    matcher: "/store/ai-credits/v1/models",
    methods: ["GET"],
    middlewares: [optionalCustomer],
  },
  {
    matcher: "/store/ai-credits/v1/chat/completions",
    methods: ["POST"],
    middlewares: [optionalCustomer, validateAndTransformBody(ChatCompletionsBody)],
  },
  {
    matcher: "/store/ai-credits/v1/embeddings",
    methods: ["POST"],
    middlewares: [optionalCustomer, validateAndTransformBody(EmbeddingsBody)],
  },
  {
    matcher: "/admin/ai-credits/v1/embeddings",
    methods: ["POST"],
    middlewares: [validateAndTransformBody(EmbeddingsBody)],
  },
  {
    matcher: "/admin/ai-credits/v1/chat/completions",
    methods: ["POST"],
    middlewares: [validateAndTransformBody(ChatCompletionsBody)],
  },
]
