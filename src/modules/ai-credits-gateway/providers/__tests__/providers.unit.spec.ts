import {
  fakePromptTokens,
  fakeReplyFor,
  startFakeOpenAi,
} from "../../../../../integration-tests/helpers/fake-openai"
import type { FakeOpenAi } from "../../../../../integration-tests/helpers/fake-openai"
import {
  AiProviderError,
  LocalAiProvider,
  OpenAiCompatibleProvider,
  createAiProvider,
  estimateChatTokens,
  estimateTokens,
} from ".."
import type { AiChatMessage, AiInvokeInput, AiProviderConfig, AiStream, AiStreamChunk } from ".."

const messages: AiChatMessage[] = [
  { role: "system", content: "You are a shop assistant." },
  { role: "user", content: "Which running shoes are good for wet trails?" },
]

/** Reads a stream to its end (or until `stopAfterDeltas` deltas, then `break`s). */
async function collect(stream: AiStream, stopAfterDeltas = Infinity) {
  const chunks: AiStreamChunk[] = []
  let text = ""
  let deltas = 0
  for await (const chunk of stream) {
    chunks.push(chunk)
    if (chunk.type === "delta") {
      text += chunk.text
      if (++deltas >= stopAfterDeltas) {
        break
      }
    }
  }
  return { chunks, text, deltas, done: chunks.find((c) => c.type === "done") }
}

async function rejection(promise: Promise<unknown>): Promise<AiProviderError> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(AiProviderError)
    return error as AiProviderError
  }
  throw new Error("expected a rejection")
}

describe("estimateTokens", () => {
  it("counts about four ASCII characters per token and one per other code point", () => {
    expect(estimateTokens("")).toBe(0)
    expect(estimateTokens("abcd")).toBe(1)
    expect(estimateTokens("abcde")).toBe(2)
    expect(estimateTokens("日本語")).toBe(3)
    expect(estimateTokens("héllo")).toBe(2)
    expect(estimateTokens("👍")).toBe(1)
  })

  it("adds a per-message overhead for chats", () => {
    expect(estimateChatTokens(messages)).toBe(
      estimateTokens(messages[0].content) + estimateTokens(messages[1].content) + 8
    )
    expect(estimateChatTokens([])).toBe(0)
  })
})

describe("LocalAiProvider", () => {
  const input: AiInvokeInput = { model: "demo-small", messages }

  it("answers deterministically, per model, with estimated token counts", async () => {
    const provider = new LocalAiProvider("local")
    const first = await provider.invoke(input)
    const again = await provider.invoke(input)
    const otherModel = await provider.invoke({ ...input, model: "demo-large" })

    expect(again).toEqual(first)
    expect(first.output).toContain("Which running shoes are good for wet trails?")
    expect(first.output).toContain("demo-small")
    expect(otherModel.output).not.toEqual(first.output)
    expect(first).toMatchObject({ model: "demo-small", finish_reason: "stop" })
    expect(first.usage).toEqual({
      input_tokens: estimateChatTokens(messages),
      output_tokens: estimateTokens(first.output),
    })
  })

  it("cuts the answer at max_output_tokens", async () => {
    const result = await new LocalAiProvider("local").invoke({ ...input, max_output_tokens: 5 })

    expect(result.finish_reason).toBe("length")
    expect(result.usage.output_tokens).toBeLessThanOrEqual(5)
    expect(result.usage.output_tokens).toBeGreaterThan(0)
  })

  it("streams word by word what invoke answers, then done with the same usage", async () => {
    const provider = new LocalAiProvider("local")
    const invoked = await provider.invoke(input)
    const stream = provider.stream(input)
    const { chunks, text, deltas, done } = await collect(stream)

    expect(text).toBe(invoked.output)
    expect(deltas).toBe(invoked.output.split(" ").length)
    expect(chunks[chunks.length - 1]).toEqual({
      type: "done",
      usage: invoked.usage,
      model: "demo-small",
      finish_reason: "stop",
    })
    expect(done).toBe(chunks[chunks.length - 1])
    await expect(stream.result).resolves.toEqual({
      output: invoked.output,
      usage: invoked.usage,
      model: "demo-small",
      finish_reason: "stop",
      completed: true,
      usage_estimated: false,
    })
  })

  it("stops when the signal aborts and counts only what was streamed", async () => {
    const provider = new LocalAiProvider("local", { latency_ms: 5 })
    const full = await provider.invoke(input)
    const controller = new AbortController()
    const stream = provider.stream({ ...input, signal: controller.signal })

    let text = ""
    let last: AiStreamChunk | undefined
    for await (const chunk of stream) {
      last = chunk
      if (chunk.type === "delta") {
        text += chunk.text
        if (text.split(" ").length === 3) {
          controller.abort()
        }
      }
    }

    expect(text.split(" ")).toHaveLength(3)
    expect(last).toEqual({
      type: "done",
      usage: { input_tokens: full.usage.input_tokens, output_tokens: estimateTokens(text) },
      model: "demo-small",
      finish_reason: null,
    })
    expect(estimateTokens(text)).toBeLessThan(full.usage.output_tokens)
    await expect(stream.result).resolves.toMatchObject({ output: text, completed: false, usage_estimated: false })
  })

  it("settles result when the consumer breaks out early", async () => {
    const provider = new LocalAiProvider("local", { latency_ms: 5 })
    const stream = provider.stream(input)
    const { text, done } = await collect(stream, 2)

    expect(done).toBeUndefined()
    const result = await stream.result
    expect(result).toMatchObject({ output: text, completed: false, finish_reason: null })
    expect(result.usage.output_tokens).toBe(estimateTokens(text))
  })

  it("can be iterated only once", async () => {
    const stream = new LocalAiProvider("local").stream(input)
    await collect(stream)
    expect(() => stream[Symbol.asyncIterator]()).toThrow(/only once/)
  })

  it("settles result with zero usage when the stream is closed before it started", async () => {
    const stream = new LocalAiProvider("local").stream(input)
    await stream[Symbol.asyncIterator]().return?.()
    await expect(stream.result).resolves.toMatchObject({
      output: "",
      usage: { input_tokens: 0, output_tokens: 0 },
      completed: false,
    })
  })

  it("rejects an invoke whose signal is already aborted", async () => {
    const error = await rejection(
      new LocalAiProvider("local").invoke({ ...input, signal: AbortSignal.abort() })
    )
    expect(error.retryable).toBe(false)
  })
})

describe("OpenAiCompatibleProvider (against the fake server)", () => {
  let fake: FakeOpenAi

  beforeEach(async () => {
    fake = await startFakeOpenAi()
  })

  afterEach(async () => {
    await fake.close()
  })

  // No retries unless a test is about them: each failure is one request to the fake.
  const provider = (options: Partial<ConstructorParameters<typeof OpenAiCompatibleProvider>[1]> = {}) =>
    new OpenAiCompatibleProvider("openai", { base_url: fake.url, max_retries: 0, ...options })

  it("invokes chat completions with the mapped model, auth and options, and reads the usage", async () => {
    const result = await provider({
      base_url: `${fake.url}/`,
      api_key: "sk-test",
      model_map: { "chat-default": "fake-gpt" },
      headers: { "X-Title": "My shop" },
    }).invoke({ model: "chat-default", messages, max_output_tokens: 50, temperature: 0.2 })

    expect(fake.requests).toHaveLength(1)
    const [request] = fake.requests
    expect(request).toMatchObject({ method: "POST", path: "/v1/chat/completions" })
    expect(request.headers).toMatchObject({
      authorization: "Bearer sk-test",
      "content-type": "application/json",
      "x-title": "My shop",
    })
    expect(request.body).toEqual({
      model: "fake-gpt",
      messages,
      max_tokens: 50,
      temperature: 0.2,
      stream: false,
    })

    const reply = fakeReplyFor(messages)
    expect(result).toEqual({
      output: reply,
      usage: { input_tokens: fakePromptTokens(messages), output_tokens: reply.split(" ").length },
      model: "chat-default",
      finish_reason: "stop",
    })
    // The fake counts differently from the estimate: these are the server's numbers.
    expect(result.usage.input_tokens).not.toBe(estimateChatTokens(messages))
  })

  it("sends no authorization without an api_key and passes unmapped models through", async () => {
    await provider({ model_map: { other: "x" } }).invoke({ model: "gpt-test", messages })

    expect(fake.requests[0].headers.authorization).toBeUndefined()
    expect(fake.requests[0].body.model).toBe("gpt-test")
    expect(fake.requests[0].body).not.toHaveProperty("max_tokens")
  })

  it("streams deltas and takes the usage from the final chunk", async () => {
    const stream = provider({ api_key: "sk-test" }).stream({ model: "gpt-test", messages })
    const { chunks, text, deltas } = await collect(stream)

    const reply = fakeReplyFor(messages)
    const usage = { input_tokens: fakePromptTokens(messages), output_tokens: reply.split(" ").length }
    expect(text).toBe(reply)
    expect(deltas).toBe(reply.split(" ").length)
    expect(chunks[chunks.length - 1]).toEqual({ type: "done", usage, model: "gpt-test", finish_reason: "stop" })
    await expect(stream.result).resolves.toEqual({
      output: reply,
      usage,
      model: "gpt-test",
      finish_reason: "stop",
      completed: true,
      usage_estimated: false,
    })
    expect(fake.requests[0].body).toMatchObject({ stream: true, stream_options: { include_usage: true } })
    expect(fake.requests[0].headers.accept).toBe("text/event-stream")
    await expect(fake.waitForEnd(0)).resolves.toBe("finished")
  })

  it("estimates the usage when the server sends none", async () => {
    fake.setBehavior({ mode: "ok", omit_usage: true })
    const stream = provider().stream({ model: "gpt-test", messages })
    const { text } = await collect(stream)

    await expect(stream.result).resolves.toEqual({
      output: text,
      usage: { input_tokens: estimateChatTokens(messages), output_tokens: estimateTokens(text) },
      model: "gpt-test",
      finish_reason: "stop",
      completed: true,
      usage_estimated: true,
    })
  })

  it("aborts the upstream request when the consumer breaks out early", async () => {
    fake.setBehavior({ mode: "slow_stream", chunks: 50, chunk_delay_ms: 20 })
    const started = Date.now()
    const stream = provider().stream({ model: "gpt-test", messages })
    const { text, done } = await collect(stream, 3)

    expect(text).toBe("word1 word2 word3")
    expect(done).toBeUndefined()
    await expect(fake.waitForEnd(0)).resolves.toBe("aborted")
    // Far sooner than the 50 x 20 ms the full answer takes.
    expect(Date.now() - started).toBeLessThan(600)
    await expect(stream.result).resolves.toEqual({
      output: text,
      usage: { input_tokens: estimateChatTokens(messages), output_tokens: estimateTokens(text) },
      model: "gpt-test",
      finish_reason: null,
      completed: false,
      usage_estimated: true,
    })
  })

  it("aborts the upstream request when the caller's signal aborts, and ends with done", async () => {
    fake.setBehavior({ mode: "slow_stream", chunks: 50, chunk_delay_ms: 20 })
    const controller = new AbortController()
    const stream = provider().stream({ model: "gpt-test", messages, signal: controller.signal })

    const chunks: AiStreamChunk[] = []
    for await (const chunk of stream) {
      chunks.push(chunk)
      if (chunks.length === 2) {
        controller.abort()
      }
    }

    expect(chunks.map((c) => c.type)).toEqual(["delta", "delta", "done"])
    expect(chunks[2]).toEqual({
      type: "done",
      usage: { input_tokens: estimateChatTokens(messages), output_tokens: estimateTokens("word1 word2") },
      model: "gpt-test",
      finish_reason: null,
    })
    await expect(fake.waitForEnd(0)).resolves.toBe("aborted")
    await expect(stream.result).resolves.toMatchObject({ completed: false, usage_estimated: true })
  })

  it("stops at once when return() is called while a chunk is still awaited", async () => {
    fake.setBehavior({ mode: "slow_stream", chunks: 3, chunk_delay_ms: 5_000 })
    const stream = provider().stream({ model: "gpt-test", messages })
    const iterator = stream[Symbol.asyncIterator]()

    expect(await iterator.next()).toEqual({ done: false, value: { type: "delta", text: "word1" } })
    const pending = iterator.next()
    await new Promise((resolve) => setTimeout(resolve, 20))
    const started = Date.now()
    await iterator.return?.()

    await expect(pending).resolves.toMatchObject({ done: false, value: { type: "done" } })
    expect(Date.now() - started).toBeLessThan(1_000)
    await expect(fake.waitForEnd(0)).resolves.toBe("aborted")
    await expect(stream.result).resolves.toMatchObject({ output: "word1", completed: false })
  })

  it("keeps a slow stream going while chunks arrive within timeout_ms", async () => {
    fake.setBehavior({ mode: "slow_stream", chunks: 6, chunk_delay_ms: 30 })
    const stream = provider({ timeout_ms: 250 }).stream({ model: "gpt-test", messages })
    const { text } = await collect(stream)

    expect(text).toBe("word1 word2 word3 word4 word5 word6")
    await expect(stream.result).resolves.toMatchObject({ completed: true, usage: { output_tokens: 6 } })
  })

  it.each([
    [500, true],
    [503, true],
    [429, true],
    [401, false],
    [400, false],
  ])("turns HTTP %i into an AiProviderError (retryable: %s)", async (status, retryable) => {
    fake.setBehavior({ mode: "error", status, body: { error: { message: "nope from upstream" } } })
    const error = await rejection(provider().invoke({ model: "gpt-test", messages }))

    expect(error).toMatchObject({ provider: "openai", status, retryable })
    expect(error.message).toContain(`HTTP ${status}`)
    expect(error.message).toContain("nope from upstream")
  })

  it("fails a stream on HTTP 500, in the iteration and in result", async () => {
    fake.setBehavior({ mode: "error", status: 500 })
    const stream = provider().stream({ model: "gpt-test", messages })

    const error = await rejection(collect(stream))
    expect(error).toMatchObject({ status: 500, retryable: true })
    await expect(stream.result).rejects.toBe(error)
  })

  it("times out a hanging invoke and closes its connection", async () => {
    fake.setBehavior({ mode: "hang" })
    const error = await rejection(provider({ timeout_ms: 100 }).invoke({ model: "gpt-test", messages }))

    expect(error).toMatchObject({ status: undefined, retryable: true })
    expect(error.message).toMatch(/timed out after 100 ms/)
    await expect(fake.waitForEnd(0)).resolves.toBe("aborted")
  })

  it("times out a hanging stream", async () => {
    fake.setBehavior({ mode: "hang" })
    const stream = provider({ timeout_ms: 100 }).stream({ model: "gpt-test", messages })

    const error = await rejection(collect(stream))
    expect(error.message).toMatch(/timed out .* response headers/)
    expect(error.retryable).toBe(true)
    await expect(fake.waitForEnd(0)).resolves.toBe("aborted")
  })

  it("times out a stream that stalls between chunks", async () => {
    fake.setBehavior({ mode: "slow_stream", chunks: 5, chunk_delay_ms: 2_000 })
    const stream = provider({ timeout_ms: 100 }).stream({ model: "gpt-test", messages })

    const error = await rejection(collect(stream))
    expect(error.message).toMatch(/timed out .* next chunk/)
    await expect(fake.waitForEnd(0)).resolves.toBe("aborted")
  })

  it("reports a network error as retryable", async () => {
    const closed = await startFakeOpenAi()
    await closed.close()
    const error = await rejection(
      new OpenAiCompatibleProvider("openai", { base_url: closed.url }).invoke({ model: "gpt-test", messages })
    )

    expect(error).toMatchObject({ status: undefined, retryable: true })
    expect(error.message).toMatch(/network error.*ECONNREFUSED/)
  })

  it("reports a caller abort of invoke as not retryable", async () => {
    fake.setBehavior({ mode: "hang" })
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 30)
    const error = await rejection(provider().invoke({ model: "gpt-test", messages, signal: controller.signal }))

    expect(error.retryable).toBe(false)
    expect(error.message).toMatch(/aborted by the caller/)
  })

  it("rejects a malformed body", async () => {
    fake.setBehavior({ mode: "raw", body: "<html>gateway</html>" })
    const notJson = await rejection(provider().invoke({ model: "gpt-test", messages }))
    expect(notJson).toMatchObject({ retryable: false })
    expect(notJson.message).toMatch(/malformed/)

    fake.setBehavior({ mode: "raw", body: JSON.stringify({ choices: [] }) })
    const noChoices = await rejection(provider().invoke({ model: "gpt-test", messages }))
    expect(noChoices.message).toMatch(/choices\[0\]\.message/)
  })

  it("reports an error carried in a 200 body", async () => {
    fake.setBehavior({ mode: "raw", body: JSON.stringify({ error: { message: "Rate limit exceeded", code: 429 } }) })
    const error = await rejection(provider().invoke({ model: "gpt-test", messages }))

    expect(error).toMatchObject({ status: 429, retryable: true })
    expect(error.message).toContain("Rate limit exceeded")
  })

  it("falls back to estimated usage when a plain response has none", async () => {
    fake.setBehavior({
      mode: "raw",
      body: JSON.stringify({ choices: [{ message: { role: "assistant", content: "Hi there" }, finish_reason: "stop" }] }),
    })
    const result = await provider().invoke({ model: "gpt-test", messages })

    expect(result.usage).toEqual({ input_tokens: estimateChatTokens(messages), output_tokens: estimateTokens("Hi there") })
  })

  it("reads SSE with CRLF line endings and no [DONE], and fails a stream cut before its end", async () => {
    const sse = (events: object[]) => events.map((e) => `data: ${JSON.stringify(e)}\r\n\r\n`).join("")
    fake.setBehavior({
      mode: "raw",
      content_type: "text/event-stream",
      body: sse([
        { choices: [{ delta: { content: "Hello" } }] },
        { choices: [{ delta: { content: " world" }, finish_reason: "stop" }] },
        { choices: [], usage: { prompt_tokens: 7, completion_tokens: 2 } },
      ]),
    })
    const complete = provider().stream({ model: "gpt-test", messages })
    expect((await collect(complete)).text).toBe("Hello world")
    await expect(complete.result).resolves.toMatchObject({
      completed: true,
      usage: { input_tokens: 7, output_tokens: 2 },
      usage_estimated: false,
    })

    fake.setBehavior({
      mode: "raw",
      content_type: "text/event-stream",
      body: sse([{ choices: [{ delta: { content: "Hel" } }] }]),
    })
    const cut = provider().stream({ model: "gpt-test", messages })
    const error = await rejection(collect(cut))
    expect(error).toMatchObject({ retryable: true })
    expect(error.message).toMatch(/ended before the answer was complete/)
  })

  it("fails on an error event inside the stream", async () => {
    fake.setBehavior({
      mode: "raw",
      content_type: "text/event-stream",
      body:
        `data: ${JSON.stringify({ choices: [{ delta: { content: "Hi" } }] })}\n\n` +
        `data: ${JSON.stringify({ error: { message: "The server had an error" } })}\n\n`,
    })
    const stream = provider().stream({ model: "gpt-test", messages })

    const error = await rejection(collect(stream))
    expect(error.message).toContain("The server had an error")
    await expect(stream.result).rejects.toBe(error)
  })

  it("retries a 429 with the server's retry-after, then answers (the SDK's retries)", async () => {
    fake.setBehavior({ mode: "error", status: 429, times: 2, retry_after_ms: 5 })
    const result = await provider({ max_retries: 2 }).invoke({ model: "gpt-test", messages })

    expect(result.output).toBe(fakeReplyFor(messages))
    expect(fake.requests).toHaveLength(3)
  })

  it("retries a stream's 503 before its first token, then streams the whole answer once", async () => {
    fake.setBehavior({ mode: "error", status: 503, times: 1, retry_after_ms: 5 })
    const stream = provider({ max_retries: 1 }).stream({ model: "gpt-test", messages })
    const { text } = await collect(stream)

    expect(text).toBe(fakeReplyFor(messages))
    expect(fake.requests).toHaveLength(2)
    await expect(stream.result).resolves.toMatchObject({ completed: true, usage_estimated: false })
  })

  it("gives up after max_retries and does not retry a 400", async () => {
    fake.setBehavior({ mode: "error", status: 500, retry_after_ms: 5 })
    await expect(provider({ max_retries: 1 }).invoke({ model: "gpt-test", messages })).rejects.toMatchObject({ status: 500 })
    expect(fake.requests).toHaveLength(2)

    fake.setBehavior({ mode: "error", status: 400, retry_after_ms: 5 })
    await expect(provider({ max_retries: 3 }).invoke({ model: "gpt-test", messages })).rejects.toMatchObject({ status: 400 })
    expect(fake.requests).toHaveLength(3)
  })

  it("sends the configured organization, and never one from the environment", async () => {
    const saved = process.env.OPENAI_ORG_ID
    process.env.OPENAI_ORG_ID = "org-from-env"
    try {
      await provider().invoke({ model: "gpt-test", messages })
      await provider({ organization: "org-shop" }).invoke({ model: "gpt-test", messages })
    } finally {
      if (saved === undefined) {
        delete process.env.OPENAI_ORG_ID
      } else {
        process.env.OPENAI_ORG_ID = saved
      }
    }

    expect(fake.requests[0].headers["openai-organization"]).toBeUndefined()
    expect(fake.requests[1].headers["openai-organization"]).toBe("org-shop")
  })

  it("routes Azure OpenAI deployments: path, api-version and the api-key header", async () => {
    const azure = provider({
      base_url: fake.url.replace(/\/v1$/, ""),
      api_key: "azure-key",
      azure: { api_version: "2024-10-21" },
      model_map: { "chat-default": "shop-gpt-4o-mini" },
    })
    const result = await azure.invoke({ model: "chat-default", messages })
    const streamed = await collect(azure.stream({ model: "chat-default", messages }))

    expect(result).toMatchObject({ output: fakeReplyFor(messages), model: "chat-default" })
    expect(streamed.text).toBe(fakeReplyFor(messages))
    for (const request of fake.requests) {
      expect(request.path).toBe("/openai/deployments/shop-gpt-4o-mini/chat/completions?api-version=2024-10-21")
      expect(request.headers["api-key"]).toBe("azure-key")
      expect(request.headers.authorization).toBeUndefined()
    }
  })

  it("serves GET /v1/models from the fake", async () => {
    const response = await fetch(`${fake.url}/models`)
    expect(response.status).toBe(200)
    expect((await response.json()).data[0].id).toBe("fake-model")
  })
})

describe("createAiProvider", () => {
  it("builds the configured provider", () => {
    expect(createAiProvider("local", { type: "local", latency_ms: 10 })).toBeInstanceOf(LocalAiProvider)
    const openai = createAiProvider("openai", {
      type: "openai-compatible",
      base_url: "https://api.openai.com/v1",
      api_key: "sk-x",
      model_map: { "chat-default": "gpt-4o-mini" },
      timeout_ms: 30_000,
      max_retries: 3,
      organization: "org-shop",
      headers: { "HTTP-Referer": "https://shop.example" },
    })
    expect(openai).toBeInstanceOf(OpenAiCompatibleProvider)
    expect(openai.id).toBe("openai")
    const azure = createAiProvider("azure", {
      type: "openai-compatible",
      base_url: "https://my-shop.openai.azure.com",
      api_key: "azure-key",
      azure: { api_version: "2024-10-21" },
    })
    expect(azure).toBeInstanceOf(OpenAiCompatibleProvider)
  })

  it.each([
    [{ type: "anthropic" }, /"openai".*\n.*type: must be "local" or "openai-compatible"/],
    [{ type: "openai-compatible" }, /"openai".*\n.*base_url: must be an http\(s\) URL/],
    [{ type: "openai-compatible", base_url: "ftp://x" }, /base_url/],
    [{ type: "openai-compatible", baseUrl: "https://x/v1" }, /baseUrl: unknown option[\s\S]*base_url/],
    [{ type: "openai-compatible", base_url: "https://x/v1", timeout_ms: -5 }, /timeout_ms/],
    [{ type: "openai-compatible", base_url: "https://x/v1", model_map: { a: 1 } }, /model_map/],
    [{ type: "openai-compatible", base_url: "https://x/v1", headers: "x" }, /headers/],
    [{ type: "openai-compatible", base_url: "https://x/v1", headers: { "bad name": "x" } }, /headers/],
    [{ type: "openai-compatible", base_url: "https://x/v1", max_retries: 1.5 }, /max_retries/],
    [{ type: "openai-compatible", base_url: "https://x/v1", organization: "" }, /organization/],
    [{ type: "openai-compatible", base_url: "https://x", azure: { apiVersion: "1" }, api_key: "k" }, /azure: must be/],
    [{ type: "openai-compatible", base_url: "https://x", azure: { api_version: "2024-10-21" } }, /api_key: is required with azure/],
    [{ type: "local", latency_ms: "slow" }, /latency_ms/],
    [null, /"openai": the config must be an object/],
  ])("rejects %j naming the provider and the option", (config, message) => {
    expect(() => createAiProvider("openai", config as unknown as AiProviderConfig)).toThrow(message)
  })

  it("rejects an empty id", () => {
    expect(() => createAiProvider("", { type: "local" })).toThrow(/provider id/)
  })
})
