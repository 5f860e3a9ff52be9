import type { MedusaContainer } from "@medusajs/framework/types"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { renewInvoicedSubscriptions } from "../../src/jobs/renew-invoiced-subscriptions"
import { AI_CREDITS_MODULE } from "../../src/modules/ai-credits"
import type AiCreditsModuleService from "../../src/modules/ai-credits/service"
import { ensureDemoPlans, ensureDemoPricing } from "../../src/scripts/seed-ai-credits"
import {
  AdminAuth,
  createAdminUser,
  createCustomerWithToken,
  createPublishableKey,
  CustomerAuth,
  PublishableKeyAuth,
  withHeaders,
} from "../helpers/auth"
import { FakeStripe, SignedEvent, startFakeStripe, fakeStripeEnv } from "../helpers/fake-stripe"
import { settle } from "../helpers/http"

jest.setTimeout(180_000)

const { port: STRIPE_PORT, webhookSecret: WEBHOOK_SECRET } = fakeStripeEnv("plans_spec", 0)
const DAY = 86_400

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let stripe: FakeStripe
    let container: MedusaContainer
    let credits: AiCreditsModuleService
    let admin: AdminAuth
    let pk: PublishableKeyAuth
    let ada: CustomerAuth
    let plans: Record<"basic" | "pro" | "team" | "trial", { id: string; stripe_price_id: string }>

    beforeAll(async () => {
      stripe = await startFakeStripe({ port: STRIPE_PORT, webhookSecret: WEBHOOK_SECRET })
    })

    afterAll(async () => {
      await stripe.close()
    })

    beforeEach(async () => {
      stripe.requests.length = 0
      container = getContainer()
      credits = container.resolve(AI_CREDITS_MODULE)
      admin = await createAdminUser(container, api)
      pk = await createPublishableKey(container)
      ada = await createCustomerWithToken(container, api, { email: "ada@example.com" })
      await ensureDemoPricing(container)
      const create = async (body: Record<string, unknown>) =>
        (await api.post("/admin/ai-credits/plans", body, asAdmin())).data.plan
      plans = {
        basic: await create({
          code: "basic",
          name: "Basic",
          monthly_credits: 1_000,
          rollover_policy: "rollover_capped",
          rollover_cap: 500,
          stripe_price_id: "price_basic",
          price_amount: "19.00",
          currency_code: "usd",
          past_due_fallback: { type: "upgrade_prompt", message: "Your payment failed: update your card" },
        }),
        pro: await create({
          code: "pro",
          name: "Pro",
          monthly_credits: 3_000,
          rollover_policy: "reset",
          stripe_price_id: "price_pro",
          price_amount: "49.00",
          currency_code: "usd",
        }),
        team: await create({
          code: "team",
          name: "Team",
          monthly_credits: 2_000,
          rollover_policy: "rollover_expiring",
          rollover_expiry_days: 30,
          module_allowances: { seo: 100 },
          stripe_price_id: "price_team",
        }),
        trial: await create({
          code: "starter",
          name: "Starter",
          monthly_credits: 500,
          stripe_price_id: "price_starter",
          trial_days: 14,
          trial_credits: 200,
        }),
      }
    })

    afterEach(async () => {
      expect(await credits.reconcileWallets()).toEqual([])
    })

    const asAdmin = () => withHeaders(admin.headers)
    const asCustomer = (customer: CustomerAuth) => withHeaders(pk.headers, customer.headers)

    const deliver = (event: SignedEvent) => settle(api.post("/hooks/ai-credits/stripe", event.body, { headers: event.headers }))

    const available = async (customer: CustomerAuth) =>
      (await api.get("/store/ai-credits/wallet", asCustomer(customer))).data.wallet.available as number

    const mySubscription = async (customer: CustomerAuth) =>
      (await api.get("/store/ai-credits/subscription", asCustomer(customer))).data.subscription

    /** Ada buys a plan through the store route; returns the Stripe subscription id the fake made. */
    async function subscribe(customer: CustomerAuth, plan: keyof typeof plans, body: Record<string, unknown> = {}) {
      const response = await settle(api.post("/store/ai-credits/subscriptions", { plan_id: plans[plan].id, ...body }, asCustomer(customer)))
      expect({ status: response.status, body: response.status === 201 ? undefined : response.data }).toEqual({ status: 201 })
      const { data } = await api.get(`/admin/ai-credits/subscriptions?customer_id=${customer.customer.id}`, asAdmin())
      return { response: response.data, stripeId: data.subscriptions[0].stripe_subscription_id as string }
    }

    const invoice = (subscription: string, start: number, amount = 1900, billing_reason = "subscription_cycle") => ({
      id: `in_${subscription}_${start}`,
      object: "invoice",
      amount_paid: amount,
      currency: "usd",
      billing_reason,
      parent: { type: "subscription_details", subscription_details: { subscription } },
      lines: { object: "list", data: [{ period: { start, end: start + 30 * DAY } }] },
    })

    const stripeSubscription = (id: string, price: string, status = "active") => ({
      id,
      object: "subscription",
      status,
      cancel_at_period_end: false,
      items: { object: "list", data: [{ price: { id: price } }] },
    })

    const spend = (customer: CustomerAuth, amount: number, key: string) =>
      credits.chargeCredits({ owner_type: "customer", owner_id: customer.customer.id, amount, module: "chatbot", idempotency_key: key })

    async function ledgerReasons(customer: CustomerAuth) {
      const wallet = await credits.findWallet("customer", customer.customer.id)
      const { data } = await api.get(`/admin/ai-credits/wallets/${wallet!.id}/ledger?limit=100`, asAdmin())
      return (data.ledger_entries as { reason: string; amount: number }[]).map((e) => `${e.amount}: ${e.reason}`)
    }

    /** The first paid period started 15 days ago. */
    const P1 = Math.floor(Date.now() / 1000) - 15 * DAY
    const P2 = P1 + 30 * DAY
    const P3 = P2 + 30 * DAY

    it("buying a plan creates the Stripe customer and subscription; the paid invoice brings the credits", async () => {
      const { response, stripeId } = await subscribe(ada, "basic")
      expect(response.subscription).toMatchObject({ plan_id: plans.basic.id, status: "active", billing: "stripe" })
      const customerCall = stripe.requests.find((r) => r.path === "/v1/customers")
      expect(customerCall?.body).toMatchObject({ email: "ada@example.com", metadata: { medusa_customer_id: ada.customer.id } })
      const subscriptionCall = stripe.requests.find((r) => r.path === "/v1/subscriptions")
      expect(subscriptionCall?.body).toMatchObject({ items: [{ price: "price_basic" }], expand: ["latest_invoice.confirmation_secret"] })
      expect(response.payment_client_secret).toBeNull()
      expect(subscriptionCall?.idempotency_key).toBeTruthy()
      expect(await available(ada)).toEqual(0)

      const paid = await deliver(stripe.event("invoice.paid", invoice(stripeId, P1), { created: P1 }))
      expect(paid.status).toEqual(200)
      expect(paid.data).toEqual({ received: true, outcome: "applied" })
      expect(await available(ada)).toEqual(1_000)
      expect(await mySubscription(ada)).toMatchObject({
        status: "active",
        current_period_start: new Date(P1 * 1000).toISOString(),
        current_period_end: new Date(P2 * 1000).toISOString(),
      })

      const { data: walletView } = await api.get("/store/ai-credits/wallet", asCustomer(ada))
      expect(walletView.wallet.plan).toMatchObject({ code: "basic", status: "active", monthly_credits: 1_000 })

      const again = await settle(api.post("/store/ai-credits/subscriptions", { plan_id: plans.pro.id }, asCustomer(ada)))
      expect(again.status).toEqual(409)
      expect(again.data).toEqual({
        code: "invalid_state_error",
        type: "conflict",
        message: "You already have an active subscription; change it instead",
      })
    })

    it("a first payment that needs the customer leaves the subscription incomplete until it is paid", async () => {
      const { response, stripeId } = await subscribe(ada, "basic", { payment_method_id: "pm_requires_action" })
      expect(response).toMatchObject({ subscription: { status: "incomplete" }, payment_client_secret: "pi_fake_secret_123" })
      expect(await available(ada)).toEqual(0)
      await deliver(stripe.event("invoice.paid", invoice(stripeId, P1), { created: P1 }))
      expect(await mySubscription(ada)).toMatchObject({ status: "active" })
      expect(await available(ada)).toEqual(1_000)
    })

    it("renewal rolls unused credits over up to the plan's cap", async () => {
      const { stripeId } = await subscribe(ada, "basic")
      await deliver(stripe.event("invoice.paid", invoice(stripeId, P1), { created: P1 }))
      await spend(ada, 300, "spend-1")
      expect(await available(ada)).toEqual(700)

      const renewed = await deliver(stripe.event("invoice.paid", invoice(stripeId, P2), { created: P2 }))
      expect(renewed.data.outcome).toEqual("applied")
      // 700 unused, 500 roll over (the cap), plus the new month's 1,000.
      expect(await available(ada)).toEqual(1_500)
      const reasons = await ledgerReasons(ada)
      expect(reasons).toEqual(
        expect.arrayContaining([
          "-700: plan period ended: unused credits roll over, up to the plan's cap",
          "500: rolled over 500 of 700 unused credits (cap 500)",
        ])
      )

      // The next renewal carries the rolled-over credits too, still capped at 500 in all.
      await deliver(stripe.event("invoice.paid", invoice(stripeId, P3), { created: P3 }))
      expect(await available(ada)).toEqual(1_500)
    })

    it("renewal with an expiring rollover keeps unused credits for the plan's days, module allowances each period", async () => {
      const { stripeId } = await subscribe(ada, "team")
      await deliver(stripe.event("invoice.paid", invoice(stripeId, P1), { created: P1 }))
      // 2,000 for any module and 100 for SEO only.
      expect(await available(ada)).toEqual(2_100)
      await spend(ada, 500, "spend-team")
      await deliver(stripe.event("invoice.paid", invoice(stripeId, P2), { created: P2 }))
      const wallet = await credits.findWallet("customer", ada.customer.id)
      const grants = await credits.listAiCreditGrants({ wallet_id: wallet!.id, status: "active" })
      const rollover = grants.find((g) => g.source === "rollover")!
      // The unused SEO allowance resets; the general credits roll over.
      expect(rollover.amount).toEqual(1_500)
      expect(await available(ada)).toEqual(1_500 + 2_000 + 100)
      expect(new Date(rollover.expires_at!).toISOString()).toEqual(new Date((P2 + 30 * DAY) * 1000).toISOString())
      expect(grants.filter((g) => g.source === "plan").map((g) => [g.amount, g.modules])).toEqual(
        expect.arrayContaining([
          [2_000, null],
          [100, ["seo"]],
        ])
      )
    })

    it("renewal with reset starts each period from the plan's credits", async () => {
      const { stripeId } = await subscribe(ada, "pro")
      await deliver(stripe.event("invoice.paid", invoice(stripeId, P1, 4900), { created: P1 }))
      await spend(ada, 1_000, "spend-pro")
      expect(await available(ada)).toEqual(2_000)
      await deliver(stripe.event("invoice.paid", invoice(stripeId, P2, 4900), { created: P2 }))
      expect(await available(ada)).toEqual(3_000)
      expect(await ledgerReasons(ada)).toContain("-2000: plan period ended: unused credits reset")
    })

    it("a plan's alert thresholds watch its subscribers' monthly credits, unless an admin set a budget", async () => {
      const updated = await api.post(`/admin/ai-credits/plans/${plans.pro.id}`, { alert_thresholds: [50, 80] }, asAdmin())
      expect(updated.data.plan.alert_thresholds).toEqual([50, 80])
      const { stripeId } = await subscribe(ada, "pro")
      await deliver(stripe.event("invoice.paid", invoice(stripeId, P1, 4900), { created: P1 }))
      const wallet = await credits.findWallet("customer", ada.customer.id)
      const { data } = await api.get(`/admin/ai-credits/wallets/${wallet!.id}`, asAdmin())
      // Notify-only: the plan's credits are a yardstick, not a limit.
      expect(data.wallet.budget).toMatchObject({ monthly_spend_cap: 3_000, monthly_cap_action: "notify", alert_thresholds: [50, 80] })
      await spend(ada, 1_600, "spend-half")
      const alerts = (await api.get("/admin/ai-credits/alerts", asAdmin())).data.alerts as { type: string; wallet_id: string; data: { threshold: number } }[]
      expect(alerts.filter((a) => a.wallet_id === wallet!.id).map((a) => [a.type, a.data.threshold])).toEqual([["budget_threshold", 50]])

      // An admin's own budget on a wallet stays as it is at the next period.
      await api.post(`/admin/ai-credits/wallets/${wallet!.id}`, { monthly_spend_cap: 10_000, monthly_cap_action: "block" }, asAdmin())
      await deliver(stripe.event("invoice.paid", invoice(stripeId, P2, 4900), { created: P2 }))
      const after = await api.get(`/admin/ai-credits/wallets/${wallet!.id}`, asAdmin())
      expect(after.data.wallet.budget).toMatchObject({ monthly_spend_cap: 10_000, monthly_cap_action: "block" })
      const bad = await settle(api.post(`/admin/ai-credits/plans/${plans.pro.id}`, { alert_thresholds: [0, 150] }, asAdmin()))
      expect(bad.status).toEqual(400)
    })

    it("an upgrade grants the difference for the rest of the period, stated in the ledger", async () => {
      const { stripeId } = await subscribe(ada, "basic")
      await deliver(stripe.event("invoice.paid", invoice(stripeId, P1), { created: P1 }))
      // Half-way through the period: half of (3,000 - 1,000).
      const upgraded = await deliver(
        stripe.event("customer.subscription.updated", stripeSubscription(stripeId, "price_pro"), { created: P1 + 15 * DAY })
      )
      expect(upgraded.data.outcome).toEqual("applied")
      expect(await available(ada)).toEqual(2_000)
      expect(await ledgerReasons(ada)).toContain(
        "1000: upgrade from Basic to Pro: 2000 credits a month prorated for 15 of 30 days left = 1000"
      )
      expect((await mySubscription(ada)).plan.code).toEqual("pro")
      // Stripe's proration invoice for the change is paid: it is not a new period.
      const proration = await deliver(
        stripe.event("invoice.paid", invoice(stripeId, P1 + 15 * DAY, 1500, "subscription_update"), { created: P1 + 15 * DAY })
      )
      expect(proration.data.outcome).toEqual("ignored")
      expect(await available(ada)).toEqual(2_000)
    })

    it("a downgrade takes back the difference for the rest of the period", async () => {
      const { stripeId } = await subscribe(ada, "pro")
      await deliver(stripe.event("invoice.paid", invoice(stripeId, P1, 4900), { created: P1 }))
      // A quarter through: three quarters of (3,000 - 1,000) go.
      await deliver(
        stripe.event("customer.subscription.updated", stripeSubscription(stripeId, "price_basic"), { created: P1 + 7.5 * DAY })
      )
      expect(await available(ada)).toEqual(1_500)
      expect(await ledgerReasons(ada)).toContain(
        "-1500: downgrade from Pro to Basic: 2000 credits a month prorated for 23 of 30 days left = 1500"
      )
      expect((await mySubscription(ada)).plan.code).toEqual("basic")
    })

    it("a canceled subscription ends: its credits are revoked and later events change nothing", async () => {
      const { stripeId } = await subscribe(ada, "basic")
      await deliver(stripe.event("invoice.paid", invoice(stripeId, P1), { created: P1 }))
      await spend(ada, 100, "spend-cancel")
      const deleted = await deliver(
        stripe.event("customer.subscription.deleted", { ...stripeSubscription(stripeId, "price_basic", "canceled"), ended_at: P1 + 20 * DAY }, { created: P1 + 20 * DAY })
      )
      expect(deleted.data.outcome).toEqual("applied")
      expect(await available(ada)).toEqual(0)
      expect(await mySubscription(ada)).toMatchObject({ status: "canceled" })
      expect(await ledgerReasons(ada)).toContain("-900: subscription canceled in Stripe")

      const late = await deliver(stripe.event("invoice.paid", invoice(stripeId, P2), { created: P2 }))
      expect(late.data.outcome).toEqual("stale")
      expect(await available(ada)).toEqual(0)
      // A new subscription may start after the end; the Stripe customer is reused.
      stripe.requests.length = 0
      await subscribe(ada, "pro")
      expect(stripe.requests.filter((r) => r.path === "/v1/customers")).toEqual([])
    })

    it("a failed payment makes the subscription past due and the plan's fallback applies until a payment succeeds", async () => {
      const { stripeId } = await subscribe(ada, "basic")
      await deliver(stripe.event("invoice.paid", invoice(stripeId, P1), { created: P1 }))
      const authorize = () => settle(api.post("/store/ai-credits/authorizations", { module: "chatbot" }, asCustomer(ada)))
      const allowed = await authorize()
      expect(allowed.status).toEqual(200)
      await api.post(`/store/ai-credits/authorizations/${allowed.data.authorization.id}/release`, {}, asCustomer(ada))

      const failed = await deliver(stripe.event("invoice.payment_failed", invoice(stripeId, P2), { created: P2 }))
      expect(failed.data.outcome).toEqual("applied")
      expect(await mySubscription(ada)).toMatchObject({ status: "past_due" })
      const refused = await authorize()
      expect(refused.status).toEqual(402)
      expect(refused.data).toMatchObject({
        type: "insufficient_credits",
        message: "Your payment failed: update your card",
        fallback: { type: "upgrade_prompt" },
      })
      expect(refused.data.upgrade.plans.map((p: { code: string }) => p.code)).toEqual(expect.arrayContaining(["basic", "pro"]))
      // Recording usage directly does not spend the plan credits either.
      const recorded = await settle(
        api.post(
          "/store/ai-credits/usage",
          { module: "chatbot", usage: { input_tokens: 100, output_tokens: 100 } },
          withHeaders(asCustomer(ada), { "idempotency-key": "past-due-usage" })
        )
      )
      expect(recorded.status).toEqual(402)
      expect(await available(ada)).toEqual(1_000)

      // Stripe retries the card; it goes through.
      await deliver(stripe.event("invoice.paid", invoice(stripeId, P2), { created: P2 + 3 * DAY }))
      expect(await mySubscription(ada)).toMatchObject({ status: "active" })
      expect((await authorize()).status).toEqual(200)
    })

    it("quota rules scoped to a plan apply to its subscribers", async () => {
      await api.post(
        "/admin/ai-credits/quota-rules",
        { name: "Basic: 1 chatbot request a day", plan_id: plans.basic.id, module: "chatbot", metric: "requests", window: "day", limit: 1 },
        asAdmin()
      )
      const { stripeId } = await subscribe(ada, "basic")
      await deliver(stripe.event("invoice.paid", invoice(stripeId, P1), { created: P1 }))
      const authorize = () => settle(api.post("/store/ai-credits/authorizations", { module: "chatbot" }, asCustomer(ada)))
      const first = await authorize()
      expect(first.status).toEqual(200)
      const second = await authorize()
      expect(second.status).toEqual(429)
      expect(second.data.type).toEqual("quota_exceeded")
      await api.post(`/store/ai-credits/authorizations/${first.data.authorization.id}/release`, {}, asCustomer(ada))
    })

    it("a replayed event is handled once", async () => {
      const { stripeId } = await subscribe(ada, "basic")
      const paid = stripe.event("invoice.paid", invoice(stripeId, P1), { created: P1 })
      expect((await deliver(paid)).data.outcome).toEqual("applied")
      const replay = await deliver(paid)
      expect(replay.status).toEqual(200)
      expect(replay.data.outcome).toEqual("duplicate")
      // The same invoice under a new event id (Stripe resends) grants nothing more either.
      expect((await deliver(stripe.event("invoice.paid", invoice(stripeId, P1), { created: P1 }))).data.outcome).toEqual("stale")
      expect(await available(ada)).toEqual(1_000)
    })

    it("events that arrive late or out of order never undo newer ones", async () => {
      const { stripeId } = await subscribe(ada, "basic")
      await deliver(stripe.event("invoice.paid", invoice(stripeId, P1), { created: P1 }))
      const upgrade = stripe.event("customer.subscription.updated", stripeSubscription(stripeId, "price_pro"), { created: P1 + 10 * DAY })
      const downgrade = stripe.event("customer.subscription.updated", stripeSubscription(stripeId, "price_basic"), { created: P1 + 20 * DAY })
      // The later change arrives first: Basic -> Basic changes no credits; the older upgrade is stale.
      expect((await deliver(downgrade)).data.outcome).toEqual("applied")
      expect((await deliver(upgrade)).data.outcome).toEqual("stale")
      expect((await mySubscription(ada)).plan.code).toEqual("basic")
      expect(await available(ada)).toEqual(1_000)

      // Period 3's invoice before period 2's: period 2 is not opened after period 3.
      await deliver(stripe.event("invoice.paid", invoice(stripeId, P3), { created: P3 }))
      expect((await deliver(stripe.event("invoice.paid", invoice(stripeId, P2), { created: P2 }))).data.outcome).toEqual("stale")
      expect(await mySubscription(ada)).toMatchObject({ current_period_start: new Date(P3 * 1000).toISOString() })
      // A payment failure older than the last payment leaves the subscription active.
      expect((await deliver(stripe.event("invoice.payment_failed", invoice(stripeId, P2), { created: P2 }))).data.outcome).toEqual("stale")
      expect(await mySubscription(ada)).toMatchObject({ status: "active" })
    })

    it("a forged or altered webhook is refused with 400 and changes nothing", async () => {
      const { stripeId } = await subscribe(ada, "basic")
      const forged = stripe.event("invoice.paid", invoice(stripeId, P1), { created: P1, secret: "whsec_attacker" })
      const refused = await deliver(forged)
      expect(refused.status).toEqual(400)
      expect(refused.data.type).toEqual("invalid_data")

      const genuine = stripe.event("invoice.paid", invoice(stripeId, P1), { created: P1 })
      const altered = await deliver({ ...genuine, body: genuine.body.replace('"amount_paid":1900', '"amount_paid":1') })
      expect(altered.status).toEqual(400)
      const unsigned = await settle(api.post("/hooks/ai-credits/stripe", genuine.body, { headers: { "content-type": "application/json" } }))
      expect(unsigned.status).toEqual(400)

      expect(await available(ada)).toEqual(0)
      expect(await mySubscription(ada)).toMatchObject({ status: "active", current_period_start: null })
      // The genuine delivery of that event is still handled: nothing was recorded for the forgery.
      expect((await deliver(genuine)).data.outcome).toEqual("applied")
      expect(await available(ada)).toEqual(1_000)
    })

    it("a trial grants its capped credits once per customer, normalized email and card", async () => {
      stripe.setCardFingerprint("pm_ada", "fp_shared_card")
      const { response, stripeId } = await subscribe(ada, "trial", { payment_method_id: "pm_ada" })
      expect(response.subscription.status).toEqual("trialing")
      expect(response.trial).toEqual({ credits: 200 })
      expect(stripe.requests.find((r) => r.path === "/v1/subscriptions")?.body).toMatchObject({ trial_period_days: "14" })
      expect(await available(ada)).toEqual(200)
      expect((await mySubscription(ada)).trial_ends_at).toBeTruthy()
      // Stripe's $0 trial invoice opens no paid period.
      const trialInvoice = await deliver(stripe.event("invoice.paid", invoice(stripeId, P1, 0), { created: P1 }))
      expect(trialInvoice.data.outcome).toEqual("ignored")
      expect(await available(ada)).toEqual(200)

      // The same person under a dotted, +tagged, upper-case address: no second trial.
      const alias = await createCustomerWithToken(container, api, { email: "A.d.a+promo@Example.com" })
      const second = await subscribe(alias, "trial")
      expect(second.response).toMatchObject({ trial: null, trial_refused: { already_used_by: ["email"] } })
      expect(second.response.subscription.status).toEqual("active")
      expect(await available(alias)).toEqual(0)

      // Someone else paying with the same card: no trial either.
      stripe.setCardFingerprint("pm_grace", "fp_shared_card")
      const grace = await createCustomerWithToken(container, api, { email: "grace@example.com" })
      const third = await subscribe(grace, "trial", { payment_method_id: "pm_grace" })
      expect(third.response.trial_refused).toEqual({ already_used_by: ["card"] })
    })

    it("when a trial ends without a payment, the upgrade prompt offers the plans", async () => {
      const { stripeId } = await subscribe(ada, "trial")
      await spend(ada, 150, "trial-spend")
      await deliver(
        stripe.event("customer.subscription.deleted", stripeSubscription(stripeId, "price_starter", "canceled"), { created: P1 + 14 * DAY })
      )
      expect(await available(ada)).toEqual(0)
      expect(await ledgerReasons(ada)).toContain("-50: subscription canceled in Stripe")
      const refused = await settle(api.post("/store/ai-credits/authorizations", { module: "chatbot" }, asCustomer(ada)))
      expect(refused.status).toEqual(402)
      expect(refused.data.fallback.type).toEqual("upgrade_prompt")
      expect(refused.data.upgrade.plans.map((p: { code: string }) => p.code)).toEqual(
        expect.arrayContaining(["basic", "pro", "team", "starter"])
      )
      // The same customer cannot take the trial again.
      const again = await subscribe(ada, "trial")
      expect(again.response.trial_refused).toEqual({ already_used_by: ["customer", "email"] })
    })

    it("a contract invoiced outside Stripe renews through the scheduled job", async () => {
      const { data } = await api.post(
        "/admin/ai-credits/plans",
        { code: "enterprise", name: "Enterprise", monthly_credits: 10_000, billing: "invoice", rollover_policy: "reset" },
        asAdmin()
      )
      const start = new Date(Date.now() - 20 * DAY * 1000)
      const created = await api.post(
        "/admin/ai-credits/subscriptions",
        { customer_id: ada.customer.id, plan_id: data.plan.id, period_start: start.toISOString() },
        asAdmin()
      )
      expect(created.data.subscription).toMatchObject({ status: "active", billing: "invoice" })
      expect(await available(ada)).toEqual(10_000)
      await spend(ada, 4_000, "contract-spend")

      // Nothing is due yet.
      expect(await renewInvoicedSubscriptions(container)).toEqual([])
      // Eleven days later the first month is over: the next opens, reset to 10,000.
      const later = new Date(start.getTime() + 31 * DAY * 1000)
      expect(await renewInvoicedSubscriptions(container, later)).toEqual([
        { subscription_id: created.data.subscription.id, skipped_periods: 0, ended: false },
      ])
      expect(await available(ada)).toEqual(10_000)
      expect(await renewInvoicedSubscriptions(container, later)).toEqual([])

      const refused = await settle(
        api.post("/admin/ai-credits/subscriptions", { customer_id: ada.customer.id, plan_id: plans.basic.id }, asAdmin())
      )
      expect(refused.status).toEqual(400)
    })

    it("the demo seed sells two plans a customer can subscribe to", async () => {
      const seeded = await ensureDemoPlans(container)
      expect(seeded.map((p) => p.name)).toEqual(["AI Starter", "AI Pro"])
      expect(seeded.every((p) => p.stripe_price_id?.startsWith("price_"))).toBe(true)
      expect(stripe.requests.find((r) => r.path === "/v1/prices" && r.method === "POST")?.body).toMatchObject({
        lookup_key: "ai-starter",
        unit_amount: "1900",
        recurring: { interval: "month" },
      })
      // A second run changes nothing.
      expect(await ensureDemoPlans(container)).toEqual(seeded)
      const { data } = await api.get("/store/ai-credits/plans", withHeaders(pk.headers))
      expect(data.plans.map((p: { code: string }) => p.code)).toEqual(expect.arrayContaining(["ai-starter", "ai-pro"]))
      const bought = await api.post("/store/ai-credits/subscriptions", { plan_id: seeded[0].id }, asCustomer(ada))
      expect(bought.data).toMatchObject({ subscription: { status: "trialing" }, trial: { credits: 300 } })
    })
  },
})
