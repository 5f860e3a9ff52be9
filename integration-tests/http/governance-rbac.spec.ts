import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { AI_CREDITS_MODULE } from "../../src/modules/ai-credits"
import type AiCreditsModuleService from "../../src/modules/ai-credits/service"
import { ensureDemoPricing } from "../../src/scripts/seed-ai-credits"
import { AdminAuth, createAdminUser, withHeaders } from "../helpers/auth"
import { settle } from "../helpers/http"

jest.setTimeout(120_000)

// Medusa reads the flag when it loads medusa-config (which the runner does before applying `env`).
process.env.MEDUSA_FF_RBAC = "true"
// Jest may reuse this worker for another suite: leave the flag off behind us.
afterAll(() => {
  delete process.env.MEDUSA_FF_RBAC
})

/** The same role-based rules with Medusa's RBAC module on: its roles count, the plugin's own are not used. */
medusaIntegrationTestRunner({
  inApp: true,
  env: { MEDUSA_FF_RBAC: "true" },
  testSuite: ({ api, getContainer }) => {
    let admin: AdminAuth
    let editor: AdminAuth
    let credits: AiCreditsModuleService

    beforeEach(async () => {
      const container = getContainer()
      admin = await createAdminUser(container, api)
      editor = await createAdminUser(container, api, { email: "editor@example.com" })
      credits = container.resolve(AI_CREDITS_MODULE)
      await ensureDemoPricing(container)
      const store = (await container.resolve("query").graph({ entity: "store", fields: ["id"] })).data[0]
      await api.post("/admin/ai-credits/adjustments", { owner_type: "store", owner_id: store.id, amount: 1_000, reason: "test" }, withHeaders(admin.headers))
    })

    afterEach(async () => {
      expect(await credits.reconcileWallets()).toEqual([])
      await credits.forgetQuotaRules()
    })

    it("matches quota rules and module restrictions on the admin user's RBAC roles", async () => {
      const container = getContainer()
      const rbac = container.resolve(Modules.RBAC) as { createRbacRoles: (data: { name: string }) => Promise<{ id: string }> }
      const role = await rbac.createRbacRoles({ name: "content_editor" })
      await container.resolve(ContainerRegistrationKeys.LINK).create({
        [Modules.USER]: { user_id: editor.user.id },
        [Modules.RBAC]: { rbac_role_id: role.id },
      })

      const roles = await settle(api.get("/admin/ai-credits/roles", withHeaders(editor.headers)))
      // Every admin user of the test store is a Super Admin (see the seed); roles are matched by name.
      expect(roles.data).toEqual({ source: "rbac", my_roles: ["Super Admin", "content_editor"] })
      // The plugin's own assignments are not used while RBAC is on.
      const own = await settle(api.post("/admin/ai-credits/roles/assignments", { user_id: admin.user.id, role: "content_editor" }, withHeaders(admin.headers)))
      expect(own.status).toEqual(400)
      expect(own.data.message).toContain("RBAC")

      await api.post(
        "/admin/ai-credits/quota-rules",
        { name: "Editors: 1 content request a day", module: "content", admin_role: "content_editor", metric: "requests", window: "day", limit: 1 },
        withHeaders(admin.headers)
      )
      const generate = (who: AdminAuth) => settle(api.post("/admin/ai-credits/authorizations", { module: "content" }, withHeaders(who.headers)))
      expect((await generate(editor)).status).toEqual(200)
      expect((await generate(editor)).data).toMatchObject({ type: "quota_exceeded" })
      expect((await generate(admin)).status).toEqual(200)
      expect((await generate(admin)).status).toEqual(200)

      await api.post("/admin/ai-credits/module-access", { module: "seo", scope: "requests", roles: ["content_editor"] }, withHeaders(admin.headers))
      expect((await settle(api.post("/admin/ai-credits/authorizations", { module: "seo" }, withHeaders(admin.headers)))).status).toEqual(403)
      expect((await settle(api.post("/admin/ai-credits/authorizations", { module: "seo" }, withHeaders(editor.headers)))).status).toEqual(200)
    })
  },
})
