import http from "http"
import type { AddressInfo } from "net"
import type { Socket } from "net"

/**
 * A fake OpenAI-compatible server on 127.0.0.1 for tests: `POST /v1/chat/completions` (plain
 * and SSE streaming, `stream_options.include_usage` honored), `POST /v1/embeddings` and `GET /v1/models`;
 * also Azure's `POST /openai/deployments/<deployment>/chat/completions?api-version=...` (the
 * deployment is the model). Answers and usage are deterministic:
 *
 * - the reply is `behavior.reply`, or `Echo: <last user message>`;
 * - `prompt_tokens` = `fakePromptTokens(messages)` (one per character of content, so it differs
 *   from `estimateTokens` and a test can tell measured usage from an estimate);
 * - `completion_tokens` = number of words of the reply (after `max_tokens` cut it to that many
 *   words, finish_reason "length").
 *
 * Every request is recorded; `waitForEnd(i)` tells whether request `i` was answered in full or the
 * client closed the connection first. `close()` destroys open sockets, so a hanging request never
 * keeps the test process alive.
 */

export type FakeOpenAiBehavior =
  /** Answer normally. `omit_usage` acts like a server that never sends usage in streams. */
  | { mode: "ok"; reply?: string; omit_usage?: boolean }
  /**
   * Answer `status` with `body`: to every request, or to the next `times` requests and then
   * normally (a server that recovers, for retries). `retry_after_ms` sends that header.
   */
  | { mode: "error"; status: number; body?: unknown; times?: number; retry_after_ms?: number }
  /** Accept the request and never answer. */
  | { mode: "hang" }
  /**
   * Stream the reply in `chunks` deltas, each followed by a `chunk_delay_ms` pause (a plain
   * request waits as long, then answers). The default reply is "word1 word2 ... word<chunks>".
   */
  | { mode: "slow_stream"; chunk_delay_ms: number; chunks: number; reply?: string }
  /** Answer with this exact body, e.g. malformed JSON or hand-written SSE. */
  | { mode: "raw"; status?: number; content_type?: string; body: string }

export type FakeOpenAiRequest = {
  method: string
  path: string
  headers: http.IncomingHttpHeaders
  /** The parsed JSON body (the raw text when it is not JSON; undefined when empty). */
  body: any
}

export type RequestEnd = "finished" | "aborted"

export type FakeOpenAi = {
  /** The API root, e.g. `http://127.0.0.1:PORT/v1`. */
  url: string
  requests: FakeOpenAiRequest[]
  setBehavior(behavior: FakeOpenAiBehavior): void
  /** Resolves when the response to `requests[index]` ends: written in full, or cut by the client. */
  waitForEnd(index: number): Promise<RequestEnd>
  close(): Promise<void>
}

export const FAKE_CREATED_AT = 1_700_000_000

export function fakePromptTokens(messages: Array<{ content?: unknown }>): number {
  return messages.reduce((sum, m) => sum + (typeof m.content === "string" ? m.content.length : 0), 0)
}

export function fakeReplyFor(messages: Array<{ role?: unknown; content?: unknown }>): string {
  const lastUser = [...messages].reverse().find((m) => m.role === "user")
  return `Echo: ${typeof lastUser?.content === "string" ? lastUser.content : ""}`.trim()
}

/**
 * `POST /v1/embeddings`: per input, the vector [characters, words, 1]; `prompt_tokens` is one per
 * character (as for chat), so a test can price it.
 */
export function fakeEmbeddings(body: any) {
  const inputs: string[] = typeof body?.input === "string" ? [body.input] : Array.isArray(body?.input) ? body.input : []
  return {
    object: "list",
    data: inputs.map((text, index) => ({ object: "embedding", index, embedding: [text.length, text.split(/\s+/).length, 1] })),
    model: typeof body?.model === "string" ? body.model : "fake-model",
    usage: { prompt_tokens: inputs.reduce((sum, text) => sum + text.length, 0), total_tokens: inputs.reduce((sum, text) => sum + text.length, 0) },
  }
}

export async function startFakeOpenAi(opts: { port?: number } = {}): Promise<FakeOpenAi> {
  let behavior: FakeOpenAiBehavior = { mode: "ok" }
  const requests: FakeOpenAiRequest[] = []
  const ends: Array<Promise<RequestEnd>> = []
  const sockets = new Set<Socket>()
  const timers = new Set<NodeJS.Timeout>()

  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer)
      fn()
    }, ms)
    timers.add(timer)
  }

  const server = http.createServer((req, res) => {
    let raw = ""
    req.setEncoding("utf8")
    req.on("data", (chunk: string) => (raw += chunk))
    req.on("end", () => {
      const record: FakeOpenAiRequest = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: parseBody(raw),
      }
      requests.push(record)
      ends.push(
        new Promise<RequestEnd>((resolve) => {
          res.on("close", () => resolve(res.writableFinished ? "finished" : "aborted"))
        })
      )
      handle(record, res, behavior)
    })
  })

  server.on("connection", (socket) => {
    sockets.add(socket)
    socket.on("close", () => sockets.delete(socket))
  })

  function handle(request: FakeOpenAiRequest, res: http.ServerResponse, current: FakeOpenAiBehavior): void {
    const azure = /^\/openai\/deployments\/([^/]+)(\/.*)$/.exec(request.path.split("?")[0])
    const path = azure ? `/v1${azure[2]}` : request.path.split("?")[0]
    if (current.mode === "error" && current.times !== undefined) {
      if (current.times <= 0) {
        current = { mode: "ok" }
      } else {
        current.times -= 1
      }
    }
    if (request.method === "GET" && path === "/v1/models") {
      return sendJson(res, 200, {
        object: "list",
        data: [{ id: "fake-model", object: "model", created: FAKE_CREATED_AT, owned_by: "fake" }],
      })
    }
    if (request.method === "POST" && path === "/v1/embeddings" && current.mode === "ok") {
      return sendJson(res, 200, fakeEmbeddings(request.body))
    }
    if (request.method !== "POST" || path !== "/v1/chat/completions") {
      return sendJson(res, 404, { error: { message: `no route ${request.method} ${path}`, type: "invalid_request_error" } })
    }

    switch (current.mode) {
      case "hang":
        return
      case "error":
        if (current.retry_after_ms !== undefined) {
          res.setHeader("retry-after-ms", String(current.retry_after_ms))
        }
        return sendJson(res, current.status, current.body ?? { error: { message: "fake failure", type: "server_error" } })
      case "raw":
        res.writeHead(current.status ?? 200, { "content-type": current.content_type ?? "application/json" })
        res.end(current.body)
        return
      default:
        break
    }

    const body = isRecord(request.body) ? request.body : {}
    const messages = Array.isArray(body.messages) ? (body.messages as Array<Record<string, unknown>>) : []
    const model = typeof body.model === "string" ? body.model : "fake-model"
    const defaultReply =
      current.mode === "slow_stream"
        ? Array.from({ length: current.chunks }, (_, i) => `word${i + 1}`).join(" ")
        : fakeReplyFor(messages)
    let words = splitWords(current.reply ?? defaultReply)
    let finishReason = "stop"
    if (typeof body.max_tokens === "number" && words.length > body.max_tokens) {
      words = words.slice(0, body.max_tokens)
      finishReason = "length"
    }
    const reply = words.join("").trimStart()
    const usage = {
      prompt_tokens: fakePromptTokens(messages),
      completion_tokens: words.length,
      total_tokens: fakePromptTokens(messages) + words.length,
    }
    const delayMs = current.mode === "slow_stream" ? current.chunk_delay_ms : 0

    if (body.stream !== true) {
      const answer = () =>
        sendJson(res, 200, {
          id: "chatcmpl-fake",
          object: "chat.completion",
          created: FAKE_CREATED_AT,
          model,
          choices: [{ index: 0, message: { role: "assistant", content: reply }, finish_reason: finishReason }],
          usage,
        })
      return current.mode === "slow_stream" ? later(delayMs * current.chunks, answer) : answer()
    }

    const includeUsage =
      isRecord(body.stream_options) && body.stream_options.include_usage === true && !(current.mode === "ok" && current.omit_usage)
    const deltas =
      current.mode === "slow_stream" && current.reply !== undefined ? splitInto(reply, current.chunks) : splitWords(reply)
    const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
      `data: ${JSON.stringify({
        id: "chatcmpl-fake",
        object: "chat.completion.chunk",
        created: FAKE_CREATED_AT,
        model,
        choices,
        ...(includeUsage ? { usage: null } : {}),
        ...extra,
      })}\n\n`
    const events = [
      chunk([{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }]),
      ...deltas.map((text) => chunk([{ index: 0, delta: { content: text }, finish_reason: null }])),
      chunk([{ index: 0, delta: {}, finish_reason: finishReason }]),
      ...(includeUsage ? [chunk([], { usage })] : []),
      "data: [DONE]\n\n",
    ]

    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" })
    res.flushHeaders()
    let next = 0
    const writeNext = () => {
      if (res.destroyed) {
        return
      }
      if (next === events.length) {
        res.end()
        return
      }
      res.write(events[next++])
      // Pause after each delta; the rest goes out at once.
      const wroteDelta = next >= 2 && next <= deltas.length + 1
      if (delayMs > 0 && wroteDelta) {
        later(delayMs, writeNext)
      } else {
        writeNext()
      }
    }
    writeNext()
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(opts.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    setBehavior(next) {
      behavior = next
    },
    waitForEnd(index) {
      const end = ends[index]
      if (!end) {
        return Promise.reject(new Error(`fake-openai: no request #${index} (got ${ends.length})`))
      }
      return end
    },
    close() {
      for (const timer of timers) {
        clearTimeout(timer)
      }
      timers.clear()
      return new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const socket of sockets) {
          socket.destroy()
        }
      })
    },
  }
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) })
  res.end(text)
}

function parseBody(raw: string): unknown {
  if (!raw) {
    return undefined
  }
  try {
    return JSON.parse(raw)
  } catch {
    return raw
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
}

/** Word-sized pieces that join back to the text: "a b" -> ["a", " b"]. */
function splitWords(text: string): string[] {
  return text.match(/\s*\S+/g) ?? []
}

/** `count` pieces of about equal length that join back to the text (fewer when it is short). */
function splitInto(text: string, count: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / Math.max(1, count)))
  const pieces: string[] = []
  for (let i = 0; i < text.length; i += size) {
    pieces.push(text.slice(i, i + size))
  }
  return pieces
}

/**
 * A fake for the whole suite, started before the runner boots the app (call it at the top of the
 * file): medusa-config.ts then routes the faq_assistant module to it. `holder.fake` is set once it runs.
 */
export function fakeOpenAiForSuite(): { fake: FakeOpenAi } {
  const holder = {} as { fake: FakeOpenAi }
  beforeAll(async () => {
    holder.fake = await startFakeOpenAi()
    process.env.AI_OPENAI_BASE_URL = holder.fake.url
  })
  afterAll(async () => {
    await holder.fake?.close()
    delete process.env.AI_OPENAI_BASE_URL
  })
  return holder
}

/** Prices the fake's model (the demo config routes faq_assistant to it as provider "openai"). */
export function priceFakeOpenAi<T>(api: { post: (url: string, body: unknown, config?: unknown) => Promise<T> }, adminConfig: unknown) {
  return api.post(
    "/admin/ai-credits/prices",
    {
      provider: "openai",
      model: "gpt-4o-mini",
      credits_per_1k_input_tokens: "1",
      credits_per_1k_output_tokens: "4",
      cost_per_1k_input_tokens: "0.00015",
      cost_per_1k_output_tokens: "0.0006",
    },
    adminConfig
  )
}
