"use strict"

/**
 * The OpenAI-compatible endpoint under load (issue #15): chat completions through
 * POST /store/ai-credits/v1/chat/completions with a loopback upstream that answers at once, so
 * what is measured is the plugin (authorize, provider call, meter, capture), not a model.
 *
 *   gateway.chat_completions.req_per_s   32 callers, against http.baseline.req_per_s of the same run
 *   gateway.added_p50_ms                 one caller: the endpoint's p50 minus the upstream's own p50
 *                                        called directly (goal: no more than the baseline's p50)
 */

const http = require("http")
const { request, runLoad } = require("./http")

const REPLY = "Our store ships worldwide within three days."

/** A loopback OpenAI-compatible upstream: a fixed completion with its usage, no streaming. */
function startFakeUpstream() {
  const server = http.createServer((req, res) => {
    const chunks = []
    req.on("data", (c) => chunks.push(c))
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}")
      res.setHeader("content-type", "application/json")
      res.end(
        JSON.stringify({
          id: "chatcmpl-bench",
          object: "chat.completion",
          created: Math.floor(Date.now() / 1000),
          model: body.model ?? "bench",
          choices: [{ index: 0, message: { role: "assistant", content: REPLY }, finish_reason: "stop" }],
          usage: { prompt_tokens: 40, completion_tokens: 8, total_tokens: 48 },
        })
      )
    })
  })
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)))
}

const CHAT = { messages: [{ role: "user", content: "Do you ship abroad?" }] }

/**
 * @param {{ port: number, publishableKey: string, upstreamPort: number, module: string, callers?: number, seconds?: number }} options
 */
async function benchGateway({ port, publishableKey, upstreamPort, module, callers = 32, seconds = 10 }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: callers })
  const headers = { "x-publishable-api-key": publishableKey, "x-ai-credits-module": module }
  let n = 0
  const run = `${Date.now()}`
  const chat = () =>
    request(agent, port, "POST", "/store/ai-credits/v1/chat/completions", { ...headers, "x-visitor-id": `gw-${run}-${n++ % 5000}` }, CHAT)
  const baseline = () => request(agent, port, "GET", "/store/regions", { "x-publishable-api-key": publishableKey })
  const upstream = () => request(agent, upstreamPort, "POST", "/v1/chat/completions", {}, { model: "bench", ...CHAT })

  const loaded = await runLoad(callers, seconds, chat)
  const quietSeconds = Math.max(2, Math.round(seconds / 2))
  const quietChat = await runLoad(1, quietSeconds, chat)
  const quietUpstream = await runLoad(1, quietSeconds, upstream)
  const quietBaseline = await runLoad(1, quietSeconds, baseline)
  agent.destroy()
  const round = (v) => Math.round(v * 10) / 10
  return {
    "gateway.chat_completions.req_per_s": round(loaded.perSecond),
    "gateway.chat_completions.p99_ms": round(loaded.p99Ms),
    "gateway.chat_completions.p50_ms.one_caller": round(quietChat.p50Ms),
    "gateway.upstream.p50_ms.one_caller": round(quietUpstream.p50Ms),
    "gateway.added_p50_ms": round(quietChat.p50Ms - quietUpstream.p50Ms),
    "http.baseline.p50_ms.one_caller": round(quietBaseline.p50Ms),
    "gateway.errors": loaded.errors + quietChat.errors + quietUpstream.errors + quietBaseline.errors,
  }
}

module.exports = { benchGateway, startFakeUpstream }
