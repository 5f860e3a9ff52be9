import type { SeedOutput } from "../../../src/scripts/seed"

/** Plain HTTP calls against the test server, for what the browser test sets up off screen. */
async function call<T>(baseUrl: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}) {
  const response = await fetch(`${baseUrl}${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: { "content-type": "application/json", ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  const body = (await response.json()) as T & { message?: string }
  if (!response.ok) {
    throw new Error(`${init.method ?? "GET"} ${path}: ${response.status} ${body.message ?? ""}`)
  }
  return body
}

async function token(baseUrl: string, actor: "user" | "customer", email: string, password: string) {
  const { token } = await call<{ token: string }>(baseUrl, `/auth/${actor}/emailpass`, { body: { email, password } })
  return { authorization: `Bearer ${token}` }
}

export type PageContext = {
  seed: SeedOutput
  /** An order of Grace's for the Starter pack, paid (captured): its credits are granted. */
  orderId: string
  /** The product that sells the Starter pack. */
  packProductId: string
}

/** Grace buys the Starter pack on the Web Store, with the system payment provider; it is captured as it is placed. */
export async function preparePageContext(baseUrl: string, seed: SeedOutput): Promise<PageContext> {
  const grace = seed.customers.find((c) => c.email === "grace@example.com")!
  const webStore = seed.publishable_keys.find((k) => k.sales_channel === "Web Store")!
  const starter = seed.ai_credits.packs[0]
  const store = { ...(await token(baseUrl, "customer", grace.email, grace.password)), "x-publishable-api-key": webStore.token }
  const admin = await token(baseUrl, "user", seed.admin.email, seed.admin.password)

  const { cart } = await call<{ cart: { id: string } }>(baseUrl, "/store/carts", {
    headers: store,
    body: { region_id: seed.region.id },
  })
  await call(baseUrl, `/store/carts/${cart.id}/line-items`, { headers: store, body: { variant_id: starter.variant_id, quantity: 1 } })
  const { payment_collection } = await call<{ payment_collection: { id: string } }>(baseUrl, "/store/payment-collections", {
    headers: store,
    body: { cart_id: cart.id },
  })
  await call(baseUrl, `/store/payment-collections/${payment_collection.id}/payment-sessions`, {
    headers: store,
    body: { provider_id: "pp_system_default" },
  })
  const completed = await call<{ type: string; order: { id: string } }>(baseUrl, `/store/carts/${cart.id}/complete`, {
    headers: store,
    body: {},
  })
  // The demo sells credit packs as digital goods (`credit_packs.capture: "on_order"`): the order
  // is captured as it is placed and its credits granted, with no admin capture.
  await waitUntil(async () => {
    const { order } = await call<{ order: { payment_status: string } }>(
      baseUrl,
      `/admin/orders/${completed.order.id}?fields=id,payment_status`,
      { headers: admin }
    )
    return order.payment_status === "captured"
  }, `order ${completed.order.id} to be captured as it was placed`)

  const { products } = await call<{ products: { id: string }[] }>(
    baseUrl,
    `/admin/products?handle=${starter.handle}&fields=id`,
    { headers: admin }
  )
  return { seed, orderId: completed.order.id, packProductId: products[0].id }
}

async function waitUntil(done: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 200; i++) {
    if (await done()) {
      return
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`timed out waiting for ${what}`)
}

/**
 * A seeded customer asks the store API to authorize a request of an AI module on a storefront
 * (a seeded sales channel, by name): its status and body, refused or not.
 */
export async function authorizeAs(baseUrl: string, seed: SeedOutput, email: string, salesChannel: string, module: string) {
  const customer = seed.customers.find((c) => c.email === email)!
  const key = seed.publishable_keys.find((k) => k.sales_channel === salesChannel)!
  const headers = { ...(await token(baseUrl, "customer", customer.email, customer.password)), "x-publishable-api-key": key.token }
  const response = await fetch(`${baseUrl}/store/ai-credits/authorizations`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ module }),
  })
  return { status: response.status, body: (await response.json()) as { type?: string; rule?: { name: string } } }
}
