import http from "http"

/**
 * The runner's axios instance throws on 4xx and 5xx; tests look at the response instead, as a
 * client would: `const response = await settle(api.post(...))`.
 */
export function settle<T>(promise: Promise<T>): Promise<T> {
  return promise.catch((error: { response?: unknown }) => {
    if (!error.response) {
      throw error
    }
    return error.response as T
  })
}

/** Reads a server-sent-events response: the events in order, and the raw response. */
export async function postSse(port: number, path: string, body: unknown, headers: Record<string, string>, stopAfterDeltas?: number) {
  return new Promise<{ status: number; events: { event: string; data: any }[] }>((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port, path, method: "POST", headers: { "content-type": "application/json", ...headers } },
      (res) => {
        const events: { event: string; data: any }[] = []
        let buffer = ""
        let deltas = 0
        res.setEncoding("utf8")
        res.on("data", (chunk: string) => {
          buffer += chunk
          let end: number
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const block = buffer.slice(0, end)
            buffer = buffer.slice(end + 2)
            const event = /^event: (.*)$/m.exec(block)?.[1] ?? "message"
            const data = /^data: (.*)$/m.exec(block)?.[1]
            events.push({ event, data: data ? JSON.parse(data) : null })
            if (event === "delta" && stopAfterDeltas !== undefined && ++deltas >= stopAfterDeltas) {
              req.destroy()
              resolve({ status: res.statusCode ?? 0, events })
              return
            }
          }
        })
        res.on("end", () => resolve({ status: res.statusCode ?? 0, events }))
        res.on("error", reject)
      }
    )
    req.on("error", (error) => (stopAfterDeltas !== undefined ? undefined : reject(error)))
    req.end(JSON.stringify(body))
  })
}

/** Polls `check` every 50 ms until it holds, for at most `timeoutMs`; throws naming `what` otherwise. */
export async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
