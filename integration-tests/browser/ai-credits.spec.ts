import fs from "fs"
import path from "path"
import OpenAI from "openai"
import { chromium, type Browser, type Locator, type Page } from "playwright-core"
import { ADMIN_PAGES } from "./admin-pages"
import { startTestServer, type TestServer } from "./support/medusa-server"
import { authorizeAs, preparePageContext, type PageContext } from "./support/store-api"

/**
 * The admin and the demo storefront in a real browser (Debian's Chromium driven by
 * playwright-core), against a real server of this repository with the demo seed. Screenshots
 * go to artifacts/browser/ (git-ignored), with the server's log.
 */
const ARTIFACTS = path.join(__dirname, "..", "..", "artifacts", "browser")
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium"
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
]
/** The first admin load transforms the dashboard with Vite; later pages are quick. */
const FIRST_LOAD_MS = 180_000
/** Generous: CI machines are often shared, and a busy one answers slowly. */
const WAIT_MS = 60_000
/** Migrating, seeding and starting the server: longer on a machine other test runs share (BROWSER_SETUP_MS). */
const SETUP_MS = Number(process.env.BROWSER_SETUP_MS) || 300_000

jest.setTimeout(WAIT_MS * 2)

let server: TestServer
let context: PageContext
let browser: Browser
let storefront: Page
let admin: Page

const shoot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true })

/** A test body that, when it fails, keeps screenshots of both pages as they were. */
const withScreenshots =
  <A extends unknown[]>(name: string, body: (...args: A) => Promise<void>) =>
  async (...args: A) => {
    try {
      await body(...args)
    } catch (error) {
      await shoot(storefront, `FAILED-${name}-storefront`).catch(() => undefined)
      await shoot(admin, `FAILED-${name}-admin`).catch(() => undefined)
      throw error
    }
  }

/** Sends one chat message on the storefront and waits for its answer (or fallback). */
async function chat(text: string) {
  const before = await storefront.locator("#chat-log > .message").count()
  await storefront.fill("#chat-input", text)
  await storefront.click("#chat-send")
  await storefront.waitForFunction(
    (count) =>
      document.querySelectorAll("#chat-log > .message").length >= count + 2 &&
      !(document.querySelector("#chat-send") as HTMLButtonElement).disabled,
    before
  )
  return storefront.locator("#chat-log > .message").last()
}

async function statValue(page: Page, label: string): Promise<number> {
  const text = await page.getByText(label, { exact: true }).locator("xpath=following-sibling::*[1]").innerText()
  return Number(text.replace(/[^\d]/g, ""))
}

/** The text of a row's cell under the column headed `header`, in the row's own table. */
async function cellText(row: Locator, header: string): Promise<string> {
  const headers = await row.locator("xpath=ancestor::table[1]").getByRole("columnheader").allInnerTexts()
  const index = headers.findIndex((text) => text.trim() === header)
  expect(headers).toContain(header)
  return (await row.getByRole("cell").nth(index).innerText()).trim()
}

beforeAll(async () => {
  fs.rmSync(ARTIFACTS, { recursive: true, force: true })
  server = await startTestServer({ logDir: ARTIFACTS })
  context = await preparePageContext(server.baseUrl, server.seed)
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
  const browserContext = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  browserContext.setDefaultTimeout(WAIT_MS)
  const consoleLog = fs.createWriteStream(path.join(ARTIFACTS, "browser-console.log"))
  browserContext.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") {
      consoleLog.write(`[${message.type()}] ${message.page()?.url()}: ${message.text()}\n`)
    }
  })
  browserContext.on("weberror", (error) => consoleLog.write(`[pageerror] ${error.error().message}\n`))
  storefront = await browserContext.newPage()
  admin = await browserContext.newPage()
}, SETUP_MS)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe("demo storefront", () => {
  it("Ada chats until her credits run out: the fallback answers and the upgrade prompt offers the packs", withScreenshots("chat", async () => {
    await storefront.goto(`${server.baseUrl}/ai-credits-demo`)
    await storefront.waitForSelector("body[data-ready=true]")
    await storefront.click("#login-ada")
    await storefront.waitForSelector("#logout:not([hidden])")
    await storefront.waitForFunction(() => document.querySelector("#wallet-balance")?.textContent === "25 credits")

    const balances: string[] = []
    let last = await chat("Which credit pack suits a small shop?")
    for (let i = 0; i < 30 && (await last.getAttribute("data-role")) === "assistant"; i++) {
      balances.push(await storefront.innerText("#wallet-balance"))
      last = await chat(`And what about question ${i}?`)
    }

    expect(balances[0]).toBe("24 credits")
    expect(Number.parseInt(balances.at(-1)!)).toBeLessThan(Number.parseInt(balances[0]))
    expect(await last.getAttribute("data-role")).toBe("fallback")
    expect(await last.innerText()).toContain("Your AI credits have run out.")
    await storefront.waitForSelector("#upgrade:not([hidden])")
    const packs = await storefront.locator("#upgrade-packs li").allInnerTexts()
    expect(packs).toEqual([
      expect.stringContaining("AI Credits Starter (1,000 credits)"),
      expect.stringContaining("AI Credits Growth (10,000 credits)"),
      expect.stringContaining("AI Credits Scale (50,000 credits)"),
    ])
    expect(packs[0]).toContain("$10.00")
    await shoot(storefront, "storefront-out-of-credits")
  }), WAIT_MS * 4)

  it("a guest's AI search is paid by the store and lists the matching products", withScreenshots("search", async () => {
    await storefront.click("#logout")
    await storefront.waitForSelector("#login-ada:not([hidden])")
    await storefront.fill("#search-input", "credits")
    await storefront.click("#search-submit")
    await storefront.getByText("AI search ·").waitFor()
    expect(await storefront.innerText("#search-results")).toContain("AI Credits Starter (1,000 credits)")
    expect(await storefront.innerText("#charges")).toContain("(paid by the store)")
    await shoot(storefront, "storefront-guest-search")
  }))
})

describe("admin", () => {
  it("logs in", withScreenshots("login", async () => {
    // The first load of the admin's Vite dev server may reload the page once it has optimized
    // the dashboard's dependencies, which loses a login typed before it: try again then.
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.goto(`${server.baseUrl}/app/login`, { timeout: FIRST_LOAD_MS })
        // A load that asked for dependencies Vite was re-optimizing (504 "Outdated Optimize Dep")
        // can stay blank: load the page again then.
        await admin.waitForSelector("input[name=email]", { timeout: FIRST_LOAD_MS / 2 })
        await admin.waitForLoadState("networkidle", { timeout: FIRST_LOAD_MS })
        await admin.fill("input[name=email]", server.seed.admin.email)
        await admin.fill("input[name=password]", server.seed.admin.password)
        await admin.click("button[type=submit]")
        await admin.waitForURL(/\/app\/(orders|products)/)
        return
      } catch (error) {
        if (attempt === 3) {
          throw error
        }
      }
    }
  }), FIRST_LOAD_MS * 3)

  it.each(ADMIN_PAGES.map((page) => [page.name, page] as const))(
    "shows the %s page",
    withScreenshots("page", async (name, page) => {
      await admin.goto(`${server.baseUrl}/app${page.path(context)}`)
      const shown = admin.getByText(page.shows).first()
      await shown.waitFor()
      // The admin scrolls inside its layout: bring widgets at the bottom into the screenshot. A
      // list that refetches may render the text anew between the two calls: the locator finds
      // it again on the second try.
      await shown.scrollIntoViewIfNeeded().catch(async () => {
        await shown.waitFor()
        await shown.scrollIntoViewIfNeeded()
      })
      await shoot(admin, `admin-${name}`)
    })
  )

  it("opens a new version of a price with the price's terms", withScreenshots("price", async () => {
    await admin.goto(`${server.baseUrl}/app/ai-credits/prices`)
    await admin.getByRole("row", { name: /gpt-4o-mini/ }).first().getByRole("button", { name: "Change" }).click()
    const drawer = admin.getByRole("dialog")
    await drawer.getByText("New price version").waitFor()
    const model = drawer.locator("#price-model")
    expect(await model.inputValue()).toBe("gpt-4o-mini")
    expect(await model.isDisabled()).toBe(true)
    expect(await drawer.locator("#price-currency").inputValue()).toMatch(/^[a-z]{3}$/)
    await shoot(admin, "admin-price-new-version")
    await drawer.getByRole("button", { name: "Cancel" }).click()
  }))

  it("opens a wallet's settings with its terms", withScreenshots("wallet-settings", async () => {
    const wallet = server.seed.ai_credits.wallets.find((w) => w.owner === "ada@example.com")!
    await admin.goto(`${server.baseUrl}/app/ai-credits/wallets/${wallet.wallet_id}`)
    await admin.getByRole("button", { name: "Settings" }).click()
    const drawer = admin.getByRole("dialog")
    await drawer.getByText("Wallet settings").first().waitFor()
    expect(await drawer.locator("#wallet-overage").inputValue()).toMatch(/^\d+$/)
    await shoot(admin, "admin-wallet-settings")
    await drawer.getByRole("button", { name: "Cancel" }).click()
  }))

  it("edits a credit pack on its product: the drawer opens with its terms, and a new grant priority is kept", withScreenshots("package-priority", async () => {
    const openDrawer = async () => {
      await admin.goto(`${server.baseUrl}/app/products/${context.packProductId}`)
      await admin.getByRole("row", { name: /1,000 credits · Prepaid/ }).getByRole("button", { name: "Edit" }).click()
      const drawer = admin.getByRole("dialog")
      await drawer.getByText("Edit credit package").waitFor()
      return drawer
    }
    let drawer = await openDrawer()
    expect(await drawer.locator("#package-credits").inputValue()).toBe("1000")
    expect(await drawer.locator("#package-priority").inputValue()).toBe("50")
    expect(await drawer.locator("#package-kind").innerText()).toContain("Prepaid")
    expect(await drawer.locator("#package-fills").innerText()).toContain("The buyer's wallet")
    await admin.fill("#package-priority", "1001")
    await drawer.getByRole("button", { name: "Save" }).click()
    await drawer.getByText("A whole number from 0 to 1000; lower is spent first.").waitFor()
    await admin.fill("#package-priority", "7")
    await drawer.getByRole("button", { name: "Save" }).click()
    await admin.getByText("Credit package saved").waitFor()

    drawer = await openDrawer()
    expect(await drawer.locator("#package-priority").inputValue()).toBe("7")
    expect(await drawer.locator("#package-kind").innerText()).toContain("Prepaid")
    await shoot(admin, "admin-package-priority")
    await drawer.getByRole("button", { name: "Cancel" }).click()
  }))

  it("creates a quota rule and lists it", withScreenshots("quota-rule", async () => {
    await admin.goto(`${server.baseUrl}/app/ai-credits/quota-rules`)
    await admin.getByRole("button", { name: "Create rule" }).click()
    await admin.fill("#quota-rule-name", "Daily cap per shopper")
    await admin.fill("#quota-rule-limit", "50")
    await admin.getByRole("dialog").getByRole("button", { name: "Create rule" }).click()
    await admin.getByText("Quota rule created").waitFor()
    const row = admin.getByRole("row", { name: /Daily cap per shopper/ })
    expect(await row.innerText()).toContain("50 credits per day each")
    await shoot(admin, "admin-quota-rule-created")
  }))

  it("creates a quota rule for a storefront and a customer group over a rolling window: the list names them, and it is in force", withScreenshots("quota-rule-scoped", async () => {
    /** Picks an option of one of the drawer's selects by its label. */
    const pick = async (id: string, option: string) => {
      await admin.click(`#${id}`)
      await admin.getByRole("option", { name: option, exact: true }).click()
    }
    await admin.goto(`${server.baseUrl}/app/ai-credits/quota-rules`)
    await admin.getByRole("button", { name: "Create rule" }).click()
    await admin.fill("#quota-rule-name", "No AI for wholesale on the B2B Portal")
    await pick("quota-rule-sales_channel_id", "B2B Portal")
    await pick("quota-rule-customer_group_id", "Wholesale")
    await pick("quota-rule-metric", "Requests")
    await pick("quota-rule-window", "Rolling window")
    await admin.fill("#quota-rule-window-minutes", "120")
    await admin.fill("#quota-rule-limit", "0")
    await admin.getByRole("dialog").getByRole("button", { name: "Create rule" }).click()
    await admin.getByText("Quota rule created").waitFor()

    const row = admin.getByRole("row", { name: /No AI for wholesale on the B2B Portal/ })
    await row.getByText("Storefront: B2B Portal").waitFor()
    const text = await row.innerText()
    expect(text).toContain("Group: Wholesale")
    expect(text).toContain("0 requests per rolling 2 h each")
    expect(text).not.toMatch(/sc_|cusgroup_/)
    await shoot(admin, "admin-quota-rule-scoped")

    // Grace (Wholesale) on the B2B Portal is refused by the rule.
    const refused = await authorizeAs(server.baseUrl, server.seed, "grace@example.com", "B2B Portal", "chatbot")
    expect(refused.status).toBe(429)
    expect(refused.body).toMatchObject({ type: "quota_exceeded", rule: { name: "No AI for wholesale on the B2B Portal" } })
  }))

  it("the alerts page names whom the quota refused: Grace by name, email and group, not her customer id", withScreenshots("alerts-owner", async () => {
    const grace = server.seed.customers.find((c) => c.email === "grace@example.com")!
    await admin.goto(`${server.baseUrl}/app/ai-credits/alerts`)
    const row = admin.getByRole("row", { name: /No AI for wholesale on the B2B Portal/ })
    await row.getByText("Grace Hopper", { exact: true }).waitFor()
    const text = await row.innerText()
    expect(text).toContain("grace@example.com")
    expect(text).toContain("Group: Wholesale")
    expect(text).toContain("refused requests of Grace Hopper")
    expect(text).not.toContain(grace.id)
    await shoot(admin, "admin-alerts-owner")
  }))

  it("adjusts Ada's wallet; she chats again and the overview counts it", withScreenshots("adjust", async () => {
    await admin.goto(`${server.baseUrl}/app/ai-credits`)
    await admin.getByText("Consumption over time").waitFor()
    const usedBefore = await statValue(admin, "Credits used")

    const ada = server.seed.customers.find((c) => c.email === "ada@example.com")!
    await admin.goto(`${server.baseUrl}/app/customers/${ada.id}`)
    await admin.getByRole("button", { name: "Adjust" }).click()
    await admin.fill("#adjust-amount", "100")
    await admin.fill("#adjust-reason", "Browser test top-up")
    // Spent before her other credits (priority 50): the drawer sends it, and the grant goes through.
    await admin.fill("#adjust-priority", "5")
    await admin.getByRole("dialog").getByRole("button", { name: "Grant credits" }).click()
    await admin.getByText("Credits granted").waitFor()

    await storefront.click("#login-ada")
    await storefront.waitForSelector("#logout:not([hidden])")
    const reply = await chat("Thanks for the top-up!")
    expect(await reply.getAttribute("data-role")).toBe("assistant")
    const charged = Number(await reply.getAttribute("data-credits"))

    await admin.goto(`${server.baseUrl}/app/ai-credits`)
    await admin.getByText("Consumption over time").waitFor()
    expect(await statValue(admin, "Credits used")).toBe(usedBefore + charged)
    // Top customers name Ada by her name and email.
    await admin.getByText("Ada Lovelace (ada@example.com)").first().waitFor()
    await shoot(admin, "admin-overview-after-top-up")
  }))

  it("creates a server API key for Ada, which the openai SDK spends until it is revoked", withScreenshots("api-key", async () => {
    const ada = server.seed.customers.find((c) => c.email === "ada@example.com")!
    const adaWallet = server.seed.ai_credits.wallets.find((w) => w.owner === "ada@example.com")!
    const webStore = server.seed.publishable_keys.find((k) => k.sales_channel === "Web Store")!
    const name = "Browser test backend"

    await admin.goto(`${server.baseUrl}/app/ai-credits/api-keys`)
    await admin.getByRole("button", { name: "Create key" }).first().click()
    await admin.fill("#api-key-name", name)
    await admin.click("#api-key-owner-type")
    await admin.getByRole("option", { name: "Customer", exact: true }).click()
    await admin.fill("#api-key-owner", ada.id)
    await admin.getByRole("dialog").getByRole("button", { name: "Create key" }).click()
    const secret = await admin.locator("#api-key-secret").inputValue()
    expect(secret).toMatch(/^aic_sk_/)
    await shoot(admin, "admin-api-key-secret")
    await admin.getByRole("button", { name: "I have copied it" }).click()
    // Shown once: the list it closes to has only the key's prefix, and says it was never used.
    const row = admin.getByRole("row", { name: new RegExp(name) })
    await row.waitFor()
    expect(await admin.content()).not.toContain(secret)
    expect(await cellText(row, "Last used")).toBe("Never")

    const client = new OpenAI({
      baseURL: `${server.baseUrl}/store/ai-credits/v1`,
      apiKey: secret,
      defaultHeaders: { "x-publishable-api-key": webStore.token, "x-ai-credits-module": "chatbot" },
      maxRetries: 0,
    })
    // Long enough to cost more than the one-credit minimum.
    const question = `Do you ship to Canada? ${"Please answer in detail. ".repeat(400)}`
    const ask = () => client.chat.completions.create({ messages: [{ role: "user", content: question }] }).withResponse()
    const { data, response } = await ask()
    expect(data.choices[0].message.content).toBeTruthy()
    const charged = Number(response.headers.get("x-ai-credits-charged"))
    expect(charged).toBeGreaterThan(1)

    // The list: the key's last use and what it spent this month.
    await admin.goto(`${server.baseUrl}/app/ai-credits/api-keys`)
    await row.waitFor()
    expect(await cellText(row, "Spent this month")).toBe(String(charged))
    const lastUsed = await cellText(row, "Last used")
    expect(lastUsed).not.toBe("Never")
    expect(lastUsed).toContain(String(new Date().getFullYear()))
    expect(await cellText(row, "Payer")).toContain("ada@example.com")

    // Ada's wallet page: the key she pays for, with its spend.
    await admin.goto(`${server.baseUrl}/app/ai-credits/wallets/${adaWallet.wallet_id}`)
    const walletRow = admin.getByRole("row", { name: new RegExp(name) })
    await walletRow.waitFor()
    await walletRow.scrollIntoViewIfNeeded()
    expect(await cellText(walletRow, "Spent this month")).toBe(String(charged))
    await shoot(admin, "admin-wallet-api-keys")

    // Revoked after the prompt: the same SDK call is refused.
    await admin.goto(`${server.baseUrl}/app/ai-credits/api-keys`)
    await row.getByRole("button", { name: "Revoke" }).click()
    await admin.getByRole("alertdialog").getByRole("button", { name: "Revoke key" }).click()
    await admin.getByText("Key revoked").waitFor()
    await row.getByText("Revoked").waitFor()
    expect(await row.getByRole("button", { name: "Revoke" }).count()).toBe(0)
    await shoot(admin, "admin-api-key-revoked")
    const error = await ask().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError)
    expect(error).toMatchObject({ status: 401, error: { message: "This API key is revoked" } })
  }))
})
