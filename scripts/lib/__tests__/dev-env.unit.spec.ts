// eslint-disable-next-line @typescript-eslint/no-require-imports
const { devEnvironment } = require("../dev-env")

const DATABASE_URL = "postgres://postgres@localhost:5433/medusa_ai_credits"

describe("the environment npm run dev gives Medusa", () => {
  it("trusts no proxy hop unless told: the demo is reached directly, so X-Forwarded-For is the client's own", () => {
    expect(devEnvironment({}, DATABASE_URL)).toMatchObject({ AI_CREDITS_TRUSTED_PROXY_HOPS: "0" })
    expect(devEnvironment({ AI_CREDITS_TRUSTED_PROXY_HOPS: "" }, DATABASE_URL)).toMatchObject({ AI_CREDITS_TRUSTED_PROXY_HOPS: "0" })
  })

  it("keeps the hops the environment (or .env) sets, and the rest of it", () => {
    const env = devEnvironment({ AI_CREDITS_TRUSTED_PROXY_HOPS: "2", PORT: "9001", ADMIN_EMAIL: "me@example.com" }, DATABASE_URL)
    expect(env).toMatchObject({
      AI_CREDITS_TRUSTED_PROXY_HOPS: "2",
      PORT: "9001",
      ADMIN_EMAIL: "me@example.com",
      ADMIN_PASSWORD: "supersecret",
      DATABASE_URL,
      NODE_ENV: "development",
    })
  })
})
