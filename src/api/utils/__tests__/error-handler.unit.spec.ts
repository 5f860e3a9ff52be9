import { MedusaError } from "@medusajs/framework/utils"
import { aiCreditsErrorHandler, isDatabaseUnavailable } from "../error-handler"

function fakeResponse() {
  const sent: { status?: number; body?: any; headers: Record<string, string> } = { headers: {} }
  const res: any = {
    status: (code: number) => ((sent.status = code), res),
    json: (body: unknown) => ((sent.body = body), res),
    setHeader: (name: string, value: string) => (sent.headers[name.toLowerCase()] = value),
  }
  return { res, sent }
}

const req: any = { method: "POST", path: "/store/ai-credits/usage", scope: { resolve: () => ({ warn: () => undefined, info: () => undefined, error: () => undefined }) } }

describe("isDatabaseUnavailable", () => {
  it.each([
    ["a refused connection", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })],
    ["an admin shutdown", Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" })],
    ["a server starting up", Object.assign(new Error("the database system is starting up"), { code: "57P03" })],
    ["a pool with no connection", new Error("Knex: Timeout acquiring a connection. The pool is probably full.")],
    ["a wrapped cause", new Error("query failed", { cause: new Error("Connection terminated unexpectedly") })],
  ])("recognises %s", (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true)
  })

  it.each([
    ["a validation error", new MedusaError(MedusaError.Types.INVALID_DATA, "bad")],
    ["a unique violation", Object.assign(new Error("duplicate key"), { code: "23505" })],
    ["nothing", undefined],
  ])("leaves %s to Medusa", (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false)
  })
})

describe("aiCreditsErrorHandler", () => {
  it("answers an unreachable database with 503 database_unavailable and Retry-After", () => {
    const { res, sent } = fakeResponse()
    aiCreditsErrorHandler()(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }), req, res, () => undefined)
    expect(sent.status).toBe(503)
    expect(sent.body).toMatchObject({ type: "database_unavailable", message: expect.any(String), retry_after_s: 5 })
    expect(sent.headers["retry-after"]).toBe("5")
  })

  it("answers a body over the size limit with 413 invalid_data saying the limit", () => {
    const { res, sent } = fakeResponse()
    const tooLarge = Object.assign(new Error("request entity too large"), { type: "entity.too.large", status: 413, limit: 102_400, length: 204_900 })
    aiCreditsErrorHandler()(tooLarge, req, res, () => undefined)
    expect(sent).toMatchObject({ status: 413, body: { type: "invalid_data", message: "The request body is larger than the 100 KB this route accepts" } })
  })

  it("answers a path that is not valid percent-encoding with 400 invalid_data", () => {
    const { res, sent } = fakeResponse()
    aiCreditsErrorHandler()(Object.assign(new URIError("Failed to decode param"), { status: 400 }), req, res, () => undefined)
    expect(sent).toMatchObject({ status: 400, body: { type: "invalid_data" } })
  })

  it("hands anything else to Medusa's error handler", () => {
    const { res, sent } = fakeResponse()
    aiCreditsErrorHandler()(new MedusaError(MedusaError.Types.NOT_FOUND, "Wallet not found"), req, res, () => undefined)
    expect(sent).toMatchObject({ status: 404, body: { type: "not_found", message: "Wallet not found" } })
  })
})
