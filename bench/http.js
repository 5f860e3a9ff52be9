"use strict"

/**
 * HTTP throughput against a running server: authorize + capture pairs through the store routes,
 * and a store route of Medusa's own (GET /store/regions) behind the same publishable-key
 * middleware as the baseline. Keep-alive connections, `callers` concurrent loops.
 */

const http = require("http")

function request(agent, port, method, path, headers, body) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body)
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        method,
        path,
        agent,
        headers: { ...headers, ...(payload ? { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } : {}) },
      },
      (res) => {
        const chunks = []
        res.on("data", (c) => chunks.push(c))
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8")
          if (res.statusCode >= 400) {
            reject(new Error(`${method} ${path} -> ${res.statusCode}: ${text.slice(0, 300)}`))
            return
          }
          resolve(text ? JSON.parse(text) : null)
        })
      }
    )
    req.on("error", reject)
    req.end(payload)
  })
}

async function runLoad(callers, seconds, task) {
  const warmUpEnd = Date.now() + Math.min(2000, seconds * 200)
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (Date.now() < warmUpEnd) {
        await task().catch(() => undefined)
      }
    })
  )
  const latencies = []
  let errors = 0
  const start = process.hrtime.bigint()
  const end = Date.now() + seconds * 1000
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (Date.now() < end) {
        const t0 = process.hrtime.bigint()
        try {
          await task()
          latencies.push(Number(process.hrtime.bigint() - t0) / 1e6)
        } catch (error) {
          if (errors++ === 0) {
            console.error("http bench task failed:", error.message)
          }
        }
      }
    })
  )
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9
  latencies.sort((a, b) => a - b)
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? 0
  return { perSecond: latencies.length / elapsed, p50Ms: at(0.5), p99Ms: at(0.99), errors }
}

/**
 * @param {{ port: number, publishableKey: string, callers?: number, seconds?: number }} options
 */
async function benchHttp({ port, publishableKey, callers = 32, seconds = 10 }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: callers })
  const headers = { "x-publishable-api-key": publishableKey }
  let n = 0
  const run = `${Date.now()}`

  const baseline = await runLoad(callers, seconds, () => request(agent, port, "GET", "/store/regions", headers))
  const pairs = await runLoad(callers, seconds, async () => {
    const visitor = `bench-${run}-${n++ % 5000}`
    const visitorHeaders = { ...headers, "x-visitor-id": visitor }
    const auth = await request(agent, port, "POST", "/store/ai-credits/authorizations", visitorHeaders, {
      module: "chatbot",
      estimate: { input_tokens: 400, output_tokens: 200 },
    })
    if (auth.decision !== "allow") {
      throw new Error(`authorization refused: ${JSON.stringify(auth)}`)
    }
    await request(agent, port, "POST", `/store/ai-credits/authorizations/${auth.authorization.id}/capture`, visitorHeaders, {
      usage: { input_tokens: 380, output_tokens: 150 },
    })
  })
  agent.destroy()
  const round = (v) => Math.round(v * 10) / 10
  return {
    "http.authorize_capture.pairs_per_s": round(pairs.perSecond),
    "http.authorize_capture.p99_ms": round(pairs.p99Ms),
    "http.baseline.req_per_s": round(baseline.perSecond),
    "http.baseline.p99_ms": round(baseline.p99Ms),
    "http.pairs_vs_baseline": Math.round((pairs.perSecond / baseline.perSecond) * 1000) / 1000,
    "http.errors": pairs.errors + baseline.errors,
  }
}

module.exports = { benchHttp, request, runLoad }
