import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import expireAiCreditApprovalsJob from "../../src/jobs/expire-ai-credit-approvals"
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
        expect((await adminPost(`/approval-requests/${refused.data.approval_request.id}/approve`, {})).status).toEqual(409)
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
  },
})
