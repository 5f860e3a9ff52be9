import { Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { seedDemoStore } from "../../src/scripts/seed"
import {
  createAdminUser,
  createCustomerWithToken,
  createPublishableKey,
  loginWithEmailPass,
  withHeaders,
} from "../helpers/auth"

jest.setTimeout(60 * 1000)

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    describe("integration-test auth helpers", () => {
      it("logs an admin in: GET /admin/users/me answers 200 with the admin", async () => {
        const admin = await createAdminUser(getContainer(), api, {
          email: "smoke-admin@example.com",
        })

        const response = await api.get("/admin/users/me", { headers: admin.headers })

        expect(response.status).toBe(200)
        expect(response.data.user).toEqual(
          expect.objectContaining({ id: admin.user.id, email: "smoke-admin@example.com" })
        )
      })

      it("logs a customer in: GET /store/customers/me answers 200 with the customer", async () => {
        const container = getContainer()
        const pk = await createPublishableKey(container, "Web Store")
        const customer = await createCustomerWithToken(container, api, {
          email: "smoke-customer@example.com",
          first_name: "Smoke",
          last_name: "Test",
          groupNames: ["Retail"],
        })

        expect(pk.headers["x-publishable-api-key"]).toMatch(/^pk_/)
        expect(customer.groups.map((g) => g.name)).toEqual(["Retail"])

        const response = await api.get("/store/customers/me", withHeaders(customer, pk))

        expect(response.status).toBe(200)
        expect(response.data.customer).toEqual(
          expect.objectContaining({
            id: customer.customer.id,
            email: "smoke-customer@example.com",
          })
        )
      })

      it("calling the helpers twice returns the same records", async () => {
        const container = getContainer()
        const first = await createPublishableKey(container, "B2B Portal")
        const second = await createPublishableKey(container, "B2B Portal")
        expect(second.key.id).toBe(first.key.id)
        expect(second.salesChannel.id).toBe(first.salesChannel.id)

        const a = await createCustomerWithToken(container, api, { email: "twice@example.com" })
        const b = await createCustomerWithToken(container, api, {
          email: "twice@example.com",
          groupNames: ["Wholesale"],
        })
        expect(b.customer.id).toBe(a.customer.id)
        expect(b.customer.groups?.map((g) => g.name)).toEqual(["Wholesale"])
      })

      it("the demo seed is idempotent and its customers can log in on the storefront", async () => {
        const container = getContainer()
        const first = await seedDemoStore(container)
        const second = await seedDemoStore(container)
        expect(second).toEqual(first)

        const webStoreKey = first.publishable_keys.find((k) => k.sales_channel === "Web Store")!
        const ada = first.customers.find((c) => c.email === "ada@example.com")!
        const token = await loginWithEmailPass(api, "customer", ada.email, ada.password)

        const response = await api.get("/store/customers/me", {
          headers: {
            authorization: `Bearer ${token}`,
            "x-publishable-api-key": webStoreKey.token,
          },
        })
        expect(response.data.customer.id).toBe(ada.id)

        // The store API does not expose groups; check the membership in the customer module.
        const inGroups = await container
          .resolve(Modules.CUSTOMER)
          .retrieveCustomer(ada.id, { relations: ["groups"] })
        expect(inGroups.groups?.map((g) => g.name)).toEqual(["Retail"])

        const adminToken = await loginWithEmailPass(
          api,
          "user",
          first.admin.email,
          first.admin.password
        )
        const me = await api.get("/admin/users/me", {
          headers: { authorization: `Bearer ${adminToken}` },
        })
        expect(me.data.user.email).toBe(first.admin.email)
      })

      it("rejects /store routes without a publishable key: GET /store/regions answers 400", async () => {
        const response = await api.get("/store/regions").catch((e: any) => e.response)

        expect(response.status).toBe(400)
      })
    })
  },
})
