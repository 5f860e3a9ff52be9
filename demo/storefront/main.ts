/**
 * The demo storefront (`GET /ai-credits-demo`): an AI search box and a chatbot built on the
 * plugin's storefront client, to watch credits drain, the fallbacks take over when they run out
 * and the upgrade prompt offer the packs on sale. Bundled for the browser by esbuild.
 */
import {
  createAiCreditsClient,
  isAiCreditsApiError,
  type AiChatMessage,
  type AiCreditsApiError,
  type AiCreditsBalance,
  type AiCreditsClient,
  type CreditPack,
} from "../../src/client"

/** What the server renders into the page (see src/lib/demo-storefront.ts). */
type DemoConfig = {
  storefronts: { sales_channel: string; token: string }[]
  demo_customer: { email: string; password: string; name: string }
}

/** The chatbot sees the last few messages only: enough context, a bounded cost per reply. */
const CHAT_HISTORY = 6
const TOKEN_KEY = "ai-credits-demo:token"
const STOREFRONT_KEY = "ai-credits-demo:storefront"
const VISITOR_KEY = "ai-credits-demo:visitor"

const config = JSON.parse(byId("demo-config").textContent ?? "{}") as DemoConfig
const history: AiChatMessage[] = []
const conversationId = `conv_${randomId()}`
let client: AiCreditsClient
/** The highest balance seen this session: the meter shows how much of it is left. */
let meterMax = 0

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id)
  if (!element) {
    throw new Error(`#${id} is missing from the page`)
  }
  return element as T
}

function randomId(): string {
  return crypto.getRandomValues(new Uint32Array(2)).join("")
}

function element(tag: string, className: string, text: string): HTMLElement {
  const node = document.createElement(tag)
  node.className = className
  node.textContent = text
  return node
}

function visitorId(): string {
  let id = localStorage.getItem(VISITOR_KEY)
  if (!id) {
    id = `v_${randomId()}`
    localStorage.setItem(VISITOR_KEY, id)
  }
  return id
}

function publishableKey(): string {
  return byId<HTMLSelectElement>("storefront").value
}

const token = () => sessionStorage.getItem(TOKEN_KEY)

function createClient() {
  client = createAiCreditsClient({
    baseUrl: location.origin,
    publishableKey: publishableKey(),
    getToken: token,
    visitorId,
  })
}

// ---------------------------------------------------------------------------------------------
// Customer and wallet
// ---------------------------------------------------------------------------------------------

async function logIn() {
  const { email, password } = config.demo_customer
  const response = await fetch("/auth/customer/emailpass", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  })
  const body = (await response.json()) as { token?: string; message?: string }
  if (!response.ok || !body.token) {
    throw new Error(body.message ?? `Login failed (${response.status})`)
  }
  sessionStorage.setItem(TOKEN_KEY, body.token)
  meterMax = 0
  await showWho()
}

async function showWho() {
  const loggedIn = Boolean(token())
  byId("login-ada").hidden = loggedIn
  byId("logout").hidden = !loggedIn
  byId("who").textContent = loggedIn ? `${config.demo_customer.name} (${config.demo_customer.email})` : "Guest"
  await refreshWallet()
}

/** A guest has no wallet of their own: the store pays for what its pool allows. */
async function refreshWallet() {
  if (!token()) {
    showBalance(null)
    return
  }
  try {
    const { wallet } = await client.wallet()
    showBalance({ available: wallet.available, reserved: wallet.reserved })
  } catch (error) {
    if (isAiCreditsApiError(error) && error.status === 401) {
      sessionStorage.removeItem(TOKEN_KEY)
      await showWho()
      return
    }
    throw error
  }
}

function showBalance(balance: AiCreditsBalance | null) {
  const meter = byId("wallet-meter").firstElementChild as HTMLElement
  if (!balance) {
    byId("wallet-balance").textContent = "–"
    byId("wallet-note").textContent = "Guest: the store's pool pays for the AI features it funds. Log in to spend your own credits."
    meter.style.width = "0%"
    return
  }
  meterMax = Math.max(meterMax, balance.available)
  byId("wallet-balance").textContent = credits(balance.available)
  byId("wallet-note").textContent = balance.reserved ? `${balance.reserved} held for a running request` : ""
  meter.style.width = `${meterMax ? Math.round((100 * Math.max(balance.available, 0)) / meterMax) : 0}%`
}

function credits(count: number): string {
  return `${count} credit${count === 1 ? "" : "s"}`
}

/** A charge the shopper paid shows in the wallet's list; one a shared pool paid says so. */
function recordCharge(feature: string, charged: number, balance: AiCreditsBalance | null | undefined) {
  const payer = balance ? "" : " (paid by the store)"
  byId("charges").prepend(element("li", "", `${feature}: −${credits(charged)}${payer}`))
}

// ---------------------------------------------------------------------------------------------
// Upgrade prompt
// ---------------------------------------------------------------------------------------------

function formatPrice(pack: CreditPack): string {
  const [price] = pack.prices
  if (!price) {
    return ""
  }
  return new Intl.NumberFormat(undefined, { style: "currency", currency: price.currency_code.toUpperCase() }).format(
    price.amount
  )
}

function showUpgrade(error: AiCreditsApiError) {
  const packs = error.upgrade?.packs ?? []
  const { required, available } = error.body as { required?: number; available?: number }
  const need = typeof required === "number" && typeof available === "number" ? ` This needs ${credits(required)}; you have ${credits(available)}.` : ""
  byId("upgrade-message").textContent = `${error.fallback?.message ?? error.message}${need}`
  const list = byId("upgrade-packs")
  list.replaceChildren(
    ...packs.map((pack) => {
      const item = element("li", "", "")
      item.dataset.variantId = pack.variant_id
      item.append(element("span", "", pack.title), element("strong", "", formatPrice(pack)))
      return item
    })
  )
  if (!packs.length) {
    list.append(element("li", "", "No credit packs are on sale right now."))
  }
  byId("upgrade").hidden = false
}

// ---------------------------------------------------------------------------------------------
// Chatbot
// ---------------------------------------------------------------------------------------------

function addMessage(role: "user" | "assistant" | "fallback", text: string): HTMLElement {
  const message = element("div", `message ${role}`, text)
  message.dataset.role = role
  byId("chat-log").append(message)
  byId("chat-log").scrollTop = byId("chat-log").scrollHeight
  return message
}

/** The chatbot's non-AI path when no credits are left: point at search and the packs. */
function chatFallback(error: AiCreditsApiError) {
  const text = `${error.fallback?.message ?? "Our AI assistant is unavailable."} Try the search box above, or top up your credits to keep chatting.`
  addMessage("fallback", text)
  if (error.upgrade) {
    showUpgrade(error)
  }
}

async function sendChat(question: string) {
  addMessage("user", question)
  history.push({ role: "user", content: question })
  const reply = addMessage("assistant", "…")
  try {
    const stream = client.invokeStream({
      module: "chatbot",
      conversation_id: conversationId,
      input: { messages: history.slice(-CHAT_HISTORY) },
    })
    let text = ""
    for await (const event of stream) {
      if (event.type === "delta") {
        text += event.text
        reply.textContent = text
      }
    }
    const result = await stream.result
    if (result.decision === "allow") {
      history.push({ role: "assistant", content: result.output })
      reply.append(element("div", "meta", `−${credits(result.credits)} · ${result.model}`))
      recordCharge("Chat", result.credits, result.balance)
      reply.dataset.credits = String(result.credits)
    }
  } catch (error) {
    reply.remove()
    history.pop()
    if (isAiCreditsApiError(error) && error.isInsufficientCredits()) {
      chatFallback(error)
    } else if (isAiCreditsApiError(error) && error.isRateLimited()) {
      addMessage("fallback", `Too many messages: try again in ${error.retryAfterSeconds ?? 1} s.`)
    } else {
      addMessage("fallback", `Something went wrong: ${(error as Error).message}`)
    }
  }
  await refreshWallet()
}

// ---------------------------------------------------------------------------------------------
// AI search
// ---------------------------------------------------------------------------------------------

/** The non-AI path (and the product list under an AI answer): Medusa's keyword search. */
async function keywordSearch(query: string): Promise<string[]> {
  const response = await fetch(`/store/products?q=${encodeURIComponent(query)}&limit=5&fields=title`, {
    headers: { "x-publishable-api-key": publishableKey() },
  })
  const body = (await response.json()) as { products?: { title: string }[] }
  return (body.products ?? []).map((product) => product.title)
}

async function search(query: string) {
  const results = byId("search-results")
  results.replaceChildren(element("div", "notice", "Searching…"))
  const shown: HTMLElement[] = []
  try {
    const answer = await client.invoke({ module: "search", input: { prompt: query } })
    if (answer.decision === "allow") {
      shown.push(element("div", "meta", `AI search · −${credits(answer.credits)}`), element("p", "", answer.output))
      recordCharge("Search", answer.credits, answer.balance)
    } else {
      shown.push(element("div", "message fallback", answer.fallback.message))
    }
  } catch (error) {
    if (isAiCreditsApiError(error) && error.isInsufficientCredits()) {
      shown.push(element("div", "message fallback", error.fallback?.message ?? "AI search is unavailable."))
    } else {
      shown.push(element("div", "message fallback", `AI search failed: ${(error as Error).message}`))
    }
  }
  const titles = await keywordSearch(query)
  const list = element("ul", "", "")
  list.append(...(titles.length ? titles : ["No products match."]).map((title) => element("li", "", title)))
  results.replaceChildren(...shown, list)
  await refreshWallet()
}

// ---------------------------------------------------------------------------------------------
// Wiring
// ---------------------------------------------------------------------------------------------

function onSubmit(formId: string, inputId: string, action: (value: string) => Promise<void>) {
  const input = byId<HTMLInputElement>(inputId)
  const submit = byId(formId).querySelector("button") as HTMLButtonElement
  byId(formId).addEventListener("submit", (event) => {
    event.preventDefault()
    const value = input.value.trim()
    if (!value || submit.disabled) {
      return
    }
    submit.disabled = true
    input.value = ""
    action(value).finally(() => {
      submit.disabled = false
      input.focus()
    })
  })
}

function start() {
  const select = byId<HTMLSelectElement>("storefront")
  for (const storefront of config.storefronts) {
    const option = element("option", "", storefront.sales_channel) as HTMLOptionElement
    option.value = storefront.token
    select.append(option)
  }
  const saved = localStorage.getItem(STOREFRONT_KEY)
  if (saved && config.storefronts.some((s) => s.token === saved)) {
    select.value = saved
  }
  if (!select.value) {
    byId("wallet-note").textContent = "This store has no publishable API key: run the seed (npm run seed)."
    return
  }
  createClient()
  select.addEventListener("change", () => {
    localStorage.setItem(STOREFRONT_KEY, select.value)
    createClient()
    void refreshWallet()
  })
  byId("login-ada").addEventListener("click", () => {
    logIn().catch((error: Error) => (byId("wallet-note").textContent = error.message))
  })
  byId("logout").addEventListener("click", () => {
    sessionStorage.removeItem(TOKEN_KEY)
    byId("upgrade").hidden = true
    void showWho()
  })
  onSubmit("chat-form", "chat-input", sendChat)
  onSubmit("search-form", "search-input", search)
  addMessage("assistant", "Hi! Ask me about our products. Every answer costs a few AI credits.")
  void showWho()
  document.body.dataset.ready = "true"
}

start()
