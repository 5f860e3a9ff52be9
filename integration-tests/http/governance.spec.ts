import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import expireAiCreditApprovalsJob from "../../src/jobs/expire-ai-credit-approvals"
import runBulkJobs from "../../src/jobs/run-ai-bulk-jobs"
import { AI_CREDITS_MODULE } from "../../src/modules/ai-credits"
import type AiCreditsModuleService from "../../src/modules/ai-credits/service"
import { AI_CREDITS_GOVERNANCE_MODULE } from "../../src/modules/ai-credits-governance"
import type AiCreditsGovernanceModuleService from "../../src/modules/ai-credits-governance/service"
import { ensureDemoPricing } from "../../src/scripts/seed-ai-credits"
import {
  AdminAuth,
  createAdminUser,
  createCustomerWithToken,
  createPublishableKey,
  CustomerAuth,
  PublishableKeyAuth,
  withHeaders,
} from "../helpers/auth"
import { settle } from "../helpers/http"

jest.setTimeout(120_000)

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let admin: AdminAuth
    let pk: PublishableKeyAuth
    let ada: CustomerAuth
    let credits: AiCreditsModuleService
    let governance: AiCreditsGovernanceModuleService

    beforeEach(async () => {
      const container = getContainer()
      admin = await createAdminUser(container, api)
      pk = await createPublishableKey(container)
      ada = await createCustomerWithToken(container, api, { email: "ada@example.com", groupNames: ["Retail"] })
      credits = container.resolve(AI_CREDITS_MODULE)
      governance = container.resolve(AI_CREDITS_GOVERNANCE_MODULE)
      await ensureDemoPricing(container)
      await api.post(
        "/admin/ai-credits/adjustments",
        { owner_type: "customer", owner_id: ada.customer.id, amount: 1_000, reason: "test" },
        withHeaders(admin.headers)
      )
    })

    afterEach(async () => {
      expect(await credits.reconcileWallets()).toEqual([])
      await credits.forgetQuotaRules()
    })

    const adminPost = (path: string, body: Record<string, unknown>, who: AdminAuth = admin) =>
      settle(api.post(`/admin/ai-credits${path}`, body, withHeaders(who.headers)))
    const adminGet = (path: string, who: AdminAuth = admin) => settle(api.get(`/admin/ai-credits${path}`, withHeaders(who.headers)))
    /** A 409 in Medusa's error shape that says what conflicted. */
    const expectConflict = (response: { status: number; data: unknown }, message: string) => {
      expect(response.status).toEqual(409)
      expect(response.data).toEqual({ code: "invalid_state_error", type: "conflict", message })
    }
    const rule = async (body: Record<string, unknown>) => {
      const response = await adminPost("/quota-rules", body)
      expect(response.status).toEqual(201)
      return response.data.quota_rule
    }
    const chat = () => settle(api.post("/store/ai-credits/authorizations", { module: "chatbot" }, withHeaders(pk.headers, ada.headers)))
    const myRequests = () => settle(api.get("/store/ai-credits/approval-requests", withHeaders(pk.headers, ada.headers)))

    describe("approvals", () => {
      it("refuses past a require_approval quota with a pending request, which an admin approves and then rejects", async () => {
        const limited = await rule({ name: "Chatbot: 2 a day, more on approval", module: "chatbot", metric: "requests", window: "day", limit: 2, action: "require_approval" })
        expect((await chat()).status).toEqual(200)
        expect((await chat()).status).toEqual(200)

        const refused = await chat()
        expect(refused.status).toEqual(403)
        expect(refused.data).toMatchObject({
          type: "approval_required",
          message: 'The quota "Chatbot: 2 a day, more on approval" is used up; an admin has been asked to approve more',
          rule: { id: limited.id, action: "require_approval" },
          remaining: 0,
          approval_request: { status: "pending", rule_id: limited.id, requester_type: "customer", requester_id: ada.customer.id, requested_amount: 1 },
        })
        // Asking again in the same window does not flood the admin: the same request comes back.
        const again = await chat()
        expect(again.data.approval_request.id).toEqual(refused.data.approval_request.id)

        // The admin's queue and feed.
        const queue = await adminGet("/approval-requests?status=pending")
        expect(queue.data.approval_requests).toEqual([expect.objectContaining({ id: refused.data.approval_request.id, subject: `customer:${ada.customer.id}` })])
        const feed = await settle(api.get("/admin/notifications", withHeaders(admin.headers)))
        expect(feed.data.notifications).toEqual(
          expect.arrayContaining([expect.objectContaining({ channel: "feed", data: expect.objectContaining({ title: "AI credits: approval requested" }) })])
        )

        // Approved for 2 more, until the end of today's window: Ada gets exactly 2 more.
        const approved = await adminPost(`/approval-requests/${refused.data.approval_request.id}/approve`, { amount: 2, note: "launch week" })
        expect(approved.status).toEqual(200)
        expect(approved.data.approval_request).toMatchObject({ status: "approved", granted_amount: 2, decided_by: admin.user.id, decision_note: "launch week" })
        expect(approved.data.approval_request.expires_at).toEqual(approved.data.approval_request.window_resets_at)
        expect((await chat()).status).toEqual(200)
        expect((await chat()).status).toEqual(200)
        const over = await chat()
        expect(over.status).toEqual(403)
        expect(over.data.approval_request.id).not.toEqual(refused.data.approval_request.id)

        // Deciding twice is a conflict; a rejection needs a reason and is what the requester then sees.
        expectConflict(
          await adminPost(`/approval-requests/${refused.data.approval_request.id}/approve`, {}),
          "This approval request was already approved; only a pending request can be decided"
        )
        expect((await adminPost(`/approval-requests/${over.data.approval_request.id}/reject`, {})).status).toEqual(400)
        const rejected = await adminPost(`/approval-requests/${over.data.approval_request.id}/reject`, { reason: "Budget is spent for today" })
        expect(rejected.data.approval_request).toMatchObject({ status: "rejected", decision_note: "Budget is spent for today" })
        const afterRejection = await chat()
        expect(afterRejection.data).toMatchObject({
          type: "approval_required",
          message: 'The quota "Chatbot: 2 a day, more on approval" is used up and a request for more was rejected',
          approval_request: { id: over.data.approval_request.id, status: "rejected" },
        })

        const mine = await myRequests()
        expect(mine.data.approval_requests.map((r: { status: string }) => r.status)).toEqual(["rejected", "approved"])
      })

      it("lets an approved increase lapse by itself when its time is up", async () => {
        await rule({ name: "Chatbot: 1 a day", module: "chatbot", metric: "requests", window: "day", limit: 1, action: "require_approval" })
        expect((await chat()).status).toEqual(200)
        const refused = await chat()
        const approved = await adminPost(`/approval-requests/${refused.data.approval_request.id}/approve`, { amount: 5, duration_seconds: 3600 })
        expect(Date.parse(approved.data.approval_request.expires_at)).toBeGreaterThan(Date.now())
        expect((await chat()).status).toEqual(200)

        // An hour later (moved back rather than waited for): the increase no longer counts.
        await governance.updateAiCreditApprovalRequests({ id: refused.data.approval_request.id, expires_at: new Date(Date.now() - 1_000) })
        expect((await chat()).status).toEqual(403)
        await expireAiCreditApprovalsJob(getContainer())
        const lapsed = await adminGet(`/approval-requests/${refused.data.approval_request.id}`)
        expect(lapsed.data.approval_request.status).toEqual("expired")
      })

      it("takes a customer's own request for more, and refuses bad ones without changing anything", async () => {
        const limited = await rule({ name: "Chatbot credits", module: "chatbot", metric: "credits", window: "month", limit: 100, action: "require_approval" })
        const blockRule = await rule({ name: "Plain block", metric: "credits", window: "month", limit: 1_000 })
        const post = (body: Record<string, unknown>) =>
          settle(api.post("/store/ai-credits/approval-requests", body, withHeaders(pk.headers, ada.headers)))

        expect((await post({ rule_id: limited.id, amount: 0 })).status).toEqual(400)
        expect((await post({ rule_id: blockRule.id, amount: 10 })).status).toEqual(404)
        expect((await post({ rule_id: "aiqr_nope", amount: 10 })).status).toEqual(404)
        expect((await myRequests()).data.count).toEqual(0)

        const asked = await post({ rule_id: limited.id, amount: 50, reason: "Holiday rush" })
        expect(asked.status).toEqual(201)
        expect(asked.data.approval_request).toMatchObject({ status: "pending", requested_amount: 50, reason: "Holiday rush", metric: "credits" })
        expect((await post({ rule_id: limited.id, amount: 60 })).status).toEqual(200)

        const approved = await adminPost(`/approval-requests/${asked.data.approval_request.id}/approve`, { expires_at: "2000-01-01T00:00:00Z" })
        expect(approved.status).toEqual(400)
        expect((await myRequests()).data.approval_requests).toEqual([expect.objectContaining({ status: "pending" })])
      })
    })

    describe("admin roles", () => {
      let editor: AdminAuth
      beforeEach(async () => {
        const store = (await getContainer().resolve("query").graph({ entity: "store", fields: ["id"] })).data[0]
        await adminPost("/adjustments", { owner_type: "store", owner_id: store.id, amount: 5_000, reason: "test" })
        editor = await createAdminUser(getContainer(), api, { email: "editor@example.com" })
      })
      const generate = (who: AdminAuth, module = "content") => adminPost("/authorizations", { module }, who)

      it("uses the plugin's own role assignments (Medusa's RBAC flag is off) for quota rules by role", async () => {
        expect((await adminGet("/roles")).data).toEqual({ source: "plugin", my_roles: [] })
        await rule({ name: "Editors: 2 content requests a day", module: "content", admin_role: "content_editor", metric: "requests", window: "day", limit: 2 })

        const assigned = await adminPost("/roles/assignments", { user_id: editor.user.id, role: "content_editor" })
        expect(assigned.status).toEqual(201)
        expect((await adminPost("/roles/assignments", { user_id: "user_nope", role: "content_editor" })).status).toEqual(404)
        expect((await adminPost("/roles/assignments", { user_id: editor.user.id, role: "Content Editor!" })).status).toEqual(400)
        expect((await adminGet("/roles", editor)).data.my_roles).toEqual(["content_editor"])

        expect((await generate(editor)).status).toEqual(200)
        expect((await generate(editor)).status).toEqual(200)
        expect((await generate(editor)).data).toMatchObject({ type: "quota_exceeded", rule: { name: "Editors: 2 content requests a day" } })
        // An admin without the role is not under that rule.
        for (let i = 0; i < 3; i++) {
          expect((await generate(admin)).status).toEqual(200)
        }
        await settle(api.delete(`/admin/ai-credits/roles/assignments/${assigned.data.role_assignment.id}`, withHeaders(admin.headers)))
        expect((await generate(editor)).status).toEqual(200)
        expect((await adminGet("/roles/assignments")).data.role_assignments).toEqual([])
      })

      it("restricts a module's requests and bulk jobs to roles, with a clear 403 otherwise", async () => {
        const restricted = await adminPost("/module-access", { module: "content", scope: "requests", roles: ["ai_manager", "content_editor"] })
        expect(restricted.status).toEqual(200)
        const refused = await generate(editor)
        expect(refused.status).toEqual(403)
        expect(refused.data).toMatchObject({
          type: "not_allowed",
          message: "The content module is restricted to the roles ai_manager, content_editor",
          required_roles: ["ai_manager", "content_editor"],
        })
        expect((await generate(editor, "seo")).status).toEqual(200)

        await adminPost("/roles/assignments", { user_id: editor.user.id, role: "content_editor" })
        expect((await generate(editor)).status).toEqual(200)

        // Lifting the restriction opens the module to everyone again.
        await adminPost("/module-access", { module: "content", scope: "requests", roles: [] })
        expect((await generate(admin)).status).toEqual(200)
        expect((await adminGet("/module-access")).data.module_access).toEqual([])
      })
    })
    describe("bulk jobs", () => {
      let storeId: string
      beforeEach(async () => {
        storeId = (await getContainer().resolve("query").graph({ entity: "store", fields: ["id"] })).data[0].id
      })
      const grantStore = (amount: number) => adminPost("/adjustments", { owner_type: "store", owner_id: storeId, amount, reason: "test" })
      const items = (n: number) => Array.from({ length: n }, (_, i) => ({ prompt: `Write a meta description for product ${i + 1}`, reference: `prod_${i + 1}` }))
      const submit = (body: Record<string, unknown>) => adminPost("/bulk-jobs", { name: "SEO descriptions", module: "seo", ...body })
      const job = async (id: string) => (await adminGet(`/bulk-jobs/${id}`)).data.bulk_job
      /** Runs the runner (as the scheduled job does) until the job stops running; the submit's own kick may be at it too. */
      const runUntilSettled = async (id: string) => {
        for (let pass = 0; pass < 30; pass++) {
          await runBulkJobs(getContainer())
          const current = await job(id)
          if (!["queued", "running"].includes(current.status)) {
            return current
          }
          await new Promise((resolve) => setTimeout(resolve, 100))
        }
        return job(id)
      }
      const spentOn = async (id: string) =>
        (await credits.listAiCreditUsageEvents({ user_id: admin.user.id }, { take: 100 }))
          .filter((event) => (event.metadata as { bulk_job_id?: string } | null)?.bulk_job_id === id)
          .reduce((sum, event) => sum + event.credits, 0)

      it("quotes, then runs a job to completion in batches, charging what its items used", async () => {
        await grantStore(1_000)
        const quote = await adminPost("/bulk-jobs/quote", { module: "seo", items: items(5) })
        // gpt-4o-mini: 800 answer tokens at 2 credits per 1K, plus a few prompt tokens, rounded up: 2 credits an item.
        expect(quote.data.quote).toMatchObject({ module: "seo", model: "gpt-4o-mini", items: 5, estimated_credits_per_item: 2, estimated_credits: 10 })

        const submitted = await submit({ items: items(5), batch_size: 2 })
        expect(submitted.status).toEqual(201)
        expect(submitted.data.bulk_job).toMatchObject({ estimated_credits: 10, progress: { total: 5, done: 0 } })
        const done = await runUntilSettled(submitted.data.bulk_job.id)
        expect(done).toMatchObject({ status: "completed", progress: { total: 5, done: 5, failed: 0, remaining: 0, percent: 100 } })
        expect(done.credits_spent).toEqual(await spentOn(done.id))
        expect(done.credits_spent).toBeGreaterThan(0)
        const results = await adminGet(`/bulk-jobs/${done.id}/items`)
        expect(results.data.items).toHaveLength(5)
        expect(results.data.items.every((item: { status: string; output: string }) => item.status === "done" && item.output.length > 0)).toBe(true)
      })

      it("pauses cleanly when a batch cannot be paid and resumes from the next item after a top-up", async () => {
        // Enough for the first batch's hold (2 items of 2 credits), not for a second one.
        await grantStore(4)
        const submitted = await submit({ items: items(5), batch_size: 2 })
        const paused = await runUntilSettled(submitted.data.bulk_job.id)
        expect(paused).toMatchObject({ status: "paused_insufficient_credits", progress: { done: 2, remaining: 3 } })
        expect(paused.last_error).toEqual(expect.stringContaining("credits"))
        expect((await adminGet(`/bulk-jobs/${paused.id}/items?status=pending`)).data.count).toEqual(3)

        expect((await adminPost(`/bulk-jobs/${paused.id}/cancel`, {})).status).toEqual(200)
        expectConflict(await adminPost(`/bulk-jobs/${paused.id}/resume`, {}), "This bulk job has finished (canceled); it cannot be resumed")

        const second = await submit({ items: items(4), batch_size: 2 })
        expect((await runUntilSettled(second.data.bulk_job.id)).status).toEqual("paused_insufficient_credits")
        await grantStore(100)
        const resumed = await adminPost(`/bulk-jobs/${second.data.bulk_job.id}/resume`, {})
        expect(resumed.data.bulk_job.status).toEqual("queued")
        const finished = await runUntilSettled(second.data.bulk_job.id)
        expect(finished).toMatchObject({ status: "completed", progress: { done: 4, failed: 0 }, last_error: null })
        // Every item ran once: the usage events of the job count 4 items.
        const events = (await credits.listAiCreditUsageEvents({ user_id: admin.user.id }, { take: 100 })).filter(
          (event) => (event.metadata as { bulk_job_id?: string } | null)?.bulk_job_id === finished.id
        )
        expect(events.reduce((sum, event) => sum + Number((event.metadata as { items: number }).items), 0)).toEqual(4)
        expect(finished.credits_spent).toEqual(await spentOn(finished.id))
      })

      it("queues a second job past the module's concurrency cap, keeps each job's pace, and cancels", async () => {
        await grantStore(1_000)
        const slow = await submit({ items: items(5), batch_size: 2, items_per_hour: 2 })
        const waiting = await submit({ name: "More SEO", items: items(2) })
        await runBulkJobs(getContainer())
        await runBulkJobs(getContainer())
        // The slow job ran its 2 items for this hour and holds the module's one place.
        expect(await job(slow.data.bulk_job.id)).toMatchObject({ status: "running", progress: { done: 2, remaining: 3 } })
        expect((await job(waiting.data.bulk_job.id)).status).toEqual("queued")
        expect((await adminGet("/bulk-jobs?status=queued")).data.bulk_jobs.map((j: { id: string }) => j.id)).toEqual([waiting.data.bulk_job.id])

        const canceled = await adminPost(`/bulk-jobs/${slow.data.bulk_job.id}/cancel`, {})
        expect(canceled.data.bulk_job).toMatchObject({ status: "canceled", progress: { done: 2 } })
        expect((await runUntilSettled(waiting.data.bulk_job.id)).status).toEqual("completed")
        expect((await job(slow.data.bulk_job.id)).progress.done).toEqual(2)
        expectConflict(
          await adminPost(`/bulk-jobs/${slow.data.bulk_job.id}/cancel`, {}),
          "This bulk job has finished (canceled); it cannot be canceled"
        )
      })

      it("refuses bad jobs and jobs of a module restricted to other roles, and creates nothing", async () => {
        await grantStore(1_000)
        expect((await submit({ items: [] })).status).toEqual(400)
        expect((await submit({ module: "nope", items: items(1) })).status).toEqual(400)
        // A wallet that does not exist is refused now, not found missing at the first batch.
        const unknownWallet = await submit({ items: items(1), wallet_id: "aiw_nope" })
        expect(unknownWallet.status).toEqual(404)
        expect(unknownWallet.data.type).toEqual("not_found")
        await adminPost("/module-access", { module: "seo", scope: "bulk_jobs", roles: ["ai_manager"] })
        const refused = await submit({ items: items(1) })
        expect(refused.status).toEqual(403)
        expect(refused.data.message).toEqual("Bulk jobs of the seo module are restricted to the role ai_manager")
        expect((await adminGet("/bulk-jobs")).data.count).toEqual(0)
        await adminPost("/roles/assignments", { user_id: admin.user.id, role: "ai_manager" })
        expect((await submit({ items: items(1) })).status).toEqual(201)
      })
    })
  },
})
