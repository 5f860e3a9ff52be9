import { execFile } from "child_process"
import fs from "fs"
import path from "path"
import { promisify } from "util"
import { chromium, type Browser } from "playwright-core"
import { startFakeOpenAi, type FakeOpenAi } from "../helpers/fake-openai"
import { startMedusaApp, type MedusaApp } from "../browser/support/medusa-server"

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { randomFreePort } = require("../../scripts/lib/embedded-pg")

/**
 * The README's "Add it to your Medusa app", run as written in this app, which has the packed
 * tarball installed (scripts/test.js packs it and runs `npm install <tarball>` here) and the
 * README's medusa-config.ts. The blocks marked `<!-- ci:NAME -->` are read from the README and
 * run as they are; only `http://localhost:9000` becomes the test server's address. The provider
 * is a local fake of the OpenAI API (`OPENAI_BASE_URL`, as the config reads it).
 */
const APP_DIR = __dirname
const REPO_ROOT = path.resolve(__dirname, "..", "..")
const ARTIFACTS = path.join(REPO_ROOT, "artifacts", "plugin-app")
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium"
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
const README_HOST = "http://localhost:9000"
/** The first admin load transforms the dashboard with Vite. */
const FIRST_LOAD_MS = 240_000

jest.setTimeout(FIRST_LOAD_MS)

const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8")

/** The fenced block after `<!-- ci:NAME -->` in the README. */
function readmeBlock(name: string): string {
  const match = new RegExp(`<!-- ci:${name} -->\\n\`\`\`\\w+\\n([\\s\\S]*?)\`\`\``).exec(readme)
  if (!match) {
    throw new Error(`README.md has no block marked <!-- ci:${name} -->`)
  }
  return match[1]
}

const run = promisify(execFile)
let app: MedusaApp
let fake: FakeOpenAi
let browser: Browser | undefined
let baseUrl: string
const env: NodeJS.ProcessEnv = {
  ...process.env,
  // `npx medusa` finds the CLI of the repository (the app's Medusa), never a download.
  PATH: `${path.join(REPO_ROOT, "node_modules", ".bin")}${path.delimiter}${process.env.PATH}`,
}
const firstCallFile = path.join(APP_DIR, "first-call.mjs")

/** A README block for this server: its address instead of the README's. */
const forThisServer = (block: string) => block.split(README_HOST).join(baseUrl)

async function bash(script: string) {
  const { stdout } = await run("bash", ["-euo", "pipefail", "-c", script], { cwd: APP_DIR, env, maxBuffer: 1 << 24 })
  return stdout
}

async function adminToken(): Promise<string> {
  const response = await fetch(`${baseUrl}/auth/user/emailpass`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "admin@example.com", password: "supersecret" }),
  })
  return ((await response.json()) as { token: string }).token
}

async function walletOf(ownerType: string, token: string) {
  const response = await fetch(`${baseUrl}/admin/ai-credits/wallets?owner_type=${ownerType}`, {
    headers: { authorization: `Bearer ${token}` },
  })
  expect(response.status).toBe(200)
  const { wallets } = (await response.json()) as { wallets: { balance: number }[] }
  expect(wallets).toHaveLength(1)
  return wallets[0]
}

beforeAll(async () => {
  if (!fs.existsSync(path.join(APP_DIR, "node_modules", "medusa-ai-credits", "package.json"))) {
    throw new Error("The packed plugin is not installed in integration-tests/plugin-app: run this suite with `npm test`.")
  }
  fake = await startFakeOpenAi()
  const port: number = await randomFreePort()
  baseUrl = `http://localhost:${port}`
  // Written before the server starts (`medusa develop` restarts on new files in the app), with
  // this server's address instead of the README's.
  fs.writeFileSync(firstCallFile, forThisServer(readmeBlock("first-call")))
  const startCommand = readmeBlock("start").trim()
  expect(startCommand).toBe("npx medusa develop")
  app = await startMedusaApp({
    logDir: ARTIFACTS,
    appDir: APP_DIR,
    port,
    env: { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: "sk-test", PATH: env.PATH },
    setup: async ({ shell }) => {
      for (const line of readmeBlock("setup").split("\n").filter(Boolean)) {
        await shell(line)
      }
    },
    startArgs: startCommand.replace(/^npx medusa /, "").split(" "),
  })
}, FIRST_LOAD_MS)

afterAll(async () => {
  await browser?.close()
  await app?.stop()
  await fake?.close()
  fs.rmSync(firstCallFile, { force: true })
})

describe("README quick start in an app with the packed tarball", () => {
  it("uses the README's medusa-config.ts", () => {
    const config = readme.match(/```ts\n\/\/ medusa-config\.ts\n([\s\S]*?)```/)?.[1]

    expect(config).toBe(fs.readFileSync(path.join(APP_DIR, "medusa-config.ts"), "utf8"))
  })

  let publishableKey = ""

  it("makes a publishable key, a price and grants to a customer and the store pool with the README's commands", async () => {
    const output = await bash(forThisServer(readmeBlock("admin")))
    publishableKey = /^PUBLISHABLE_KEY=(pk_\S+)$/m.exec(output)?.[1] ?? ""

    expect(publishableKey).toMatch(/^pk_/)
    const token = await adminToken()
    expect((await walletOf("customer", token)).balance).toBe(100)
    expect((await walletOf("store", token)).balance).toBe(5000)
  })

  it("answers the first call of the packed client, paid by the store pool", async () => {
    const command = readmeBlock("run-first-call").trim().replace("pk_...", publishableKey)
    const answer = JSON.parse(await bash(command))

    expect(answer).toMatchObject({
      decision: "allow",
      provider: "openai",
      model: "gpt-4o-mini",
      output: "Echo: Which jacket is waterproof?",
    })
    expect(answer.credits).toBeGreaterThan(0)
    expect(fake.requests).toHaveLength(1)
    const token = await adminToken()
    expect((await walletOf("store", token)).balance).toBe(5000 - answer.credits)
    expect((await walletOf("customer", token)).balance).toBe(100)
  })

  it("shows the AI Credits page of the admin", async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
    const page = await browser.newPage()
    try {
      // The first load of the admin's Vite dev server may reload the page once it has optimized
      // the dashboard's dependencies, which loses a login typed before it: try again then.
      for (let attempt = 1; ; attempt++) {
        await page.goto(`${baseUrl}/app/login`, { timeout: FIRST_LOAD_MS })
        await page.waitForSelector("input[name=email]", { timeout: FIRST_LOAD_MS })
        await page.waitForLoadState("networkidle", { timeout: FIRST_LOAD_MS })
        await page.fill("input[name=email]", "admin@example.com")
        await page.fill("input[name=password]", "supersecret")
        await page.click("button[type=submit]")
        try {
          await page.waitForURL(/\/app\/(orders|products)/, { timeout: 60_000 })
          break
        } catch (error) {
          if (attempt === 3) {
            throw error
          }
        }
      }
      await page.goto(`${baseUrl}/app/ai-credits`)
      await page.getByText("Consumption over time").first().waitFor({ timeout: 60_000 })
      await page.screenshot({ path: path.join(ARTIFACTS, "admin-ai-credits.png"), fullPage: true })
    } catch (error) {
      await page.screenshot({ path: path.join(ARTIFACTS, "FAILED-admin.png"), fullPage: true }).catch(() => undefined)
      throw error
    }
  }, FIRST_LOAD_MS * 2)
})
