// Unmodified `openai` SDK and Vercel AI SDK code against the demo store (`npm run dev` first):
// each chats, streams and embeds as Ada, and the credits her wallet lost must equal the priced
// usage the SDKs were told, to the credit. Run: node demo/sdk-example.mjs
import { readFileSync } from "node:fs"
import OpenAI from "openai"
import { createOpenAICompatible } from "@ai-sdk/openai-compatible"
import { embed, generateText, streamText } from "ai"

const BASE = process.env.MEDUSA_URL ?? "http://localhost:9000"
const seed = JSON.parse(readFileSync(new URL("../.data/seed-output.json", import.meta.url), "utf8"))
const publishableKey = seed.publishable_keys.find((key) => key.sales_channel === "Web Store").token
const ada = seed.customers.find((customer) => customer.email === "ada@example.com")

const { token } = await (
  await fetch(`${BASE}/auth/customer/emailpass`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: ada.email, password: ada.password }),
  })
).json()
const storeHeaders = { "x-publishable-api-key": publishableKey }
const available = async () =>
  (await (await fetch(`${BASE}/store/ai-credits/wallet`, { headers: { ...storeHeaders, authorization: `Bearer ${token}` } })).json()).wallet.available
const pricing = (await (await fetch(`${BASE}/store/ai-credits/pricing`, { headers: storeHeaders })).json()).modules
// The published rates; each request costs its priced usage rounded up to a whole credit.
const priced = (module, inputTokens, outputTokens) => {
  const rates = pricing.find((m) => m.id === module).models[0].rates
  return Math.ceil(
    (inputTokens / 1000) * rates.credits_per_1k_input_tokens + (outputTokens / 1000) * rates.credits_per_1k_output_tokens + rates.credits_per_request
  )
}

// The only plugin-specific parts: the base URL, two headers, and the customer's token as the API key.
const baseURL = `${BASE}/store/ai-credits/v1`
const openai = (module) => new OpenAI({ baseURL, apiKey: token, defaultHeaders: { ...storeHeaders, "x-ai-credits-module": module } })
const vercel = (module) =>
  createOpenAICompatible({ name: "ai-credits", baseURL, apiKey: token, headers: { ...storeHeaders, "x-ai-credits-module": module }, includeUsage: true })

const before = await available()
const rows = []

try {
  const chat = await openai("chatbot").chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Which jacket is waterproof?" }] })
  rows.push(["openai chat", priced("chatbot", chat.usage.prompt_tokens, chat.usage.completion_tokens)])

  const stream = await openai("chatbot").chat.completions.create({
    model: "gpt-4o-mini",
    stream: true,
    stream_options: { include_usage: true },
    messages: [{ role: "user", content: "Tell me about rain jackets" }],
  })
  let streamUsage
  for await (const chunk of stream) {
    streamUsage = chunk.usage ?? streamUsage
  }
  rows.push(["openai stream", priced("chatbot", streamUsage.prompt_tokens, streamUsage.completion_tokens)])

  const vectors = await openai("search").embeddings.create({ model: "text-embedding-3-small", input: ["rain jacket", "boots"] })
  rows.push(["openai embeddings", priced("search", vectors.usage.prompt_tokens, 0)])

  const generated = await generateText({ model: vercel("chatbot")("chatbot"), prompt: "Which jacket is waterproof?" })
  rows.push(["ai generateText", priced("chatbot", generated.usage.inputTokens, generated.usage.outputTokens)])

  const streamed = streamText({ model: vercel("chatbot")("chatbot"), prompt: "Tell me about boots" })
  for await (const _text of streamed.textStream) {
    // A widget would render the text here.
  }
  const streamedUsage = await streamed.usage
  rows.push(["ai streamText", priced("chatbot", streamedUsage.inputTokens, streamedUsage.outputTokens)])

  const embedded = await embed({ model: vercel("search").textEmbeddingModel("text-embedding-3-small"), value: "waterproof jacket" })
  rows.push(["ai embed", priced("search", embedded.usage.tokens, 0)])
} catch (error) {
  if (error instanceof OpenAI.APIError && error.status === 402) {
    console.error(`Ada is out of credits (${before} left): adjust her wallet in the admin (AI Credits > Wallets) or buy a pack.`)
    process.exit(1)
  }
  throw error
}

const spent = before - (await available())
const pricedTotal = rows.reduce((sum, [, credits]) => sum + credits, 0)
console.table(Object.fromEntries(rows.map(([call, credits]) => [call, { priced_credits: credits }])))
console.log(`Ada's wallet: ${before} -> ${before - spent} credits; spent ${spent}, priced usage ${pricedTotal}`)
if (spent !== pricedTotal) {
  console.error("MISMATCH: the wallet was not charged the priced usage")
  process.exit(1)
}
