import fs from "node:fs"
import path from "node:path"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"

/**
 * The published shape of the plugin: a second app (this folder) lists "medusa-ai-credits" in
 * `plugins`, and Medusa loads the module from the installed package and runs its migrations.
 * `npm test` builds the plugin when needed, packs it and installs the tarball here.
 */
const APP_DIR = __dirname
const INSTALLED = path.join(APP_DIR, "node_modules", "medusa-ai-credits")
const INSTALLED_MODULE = path.join(INSTALLED, ".medusa", "server", "src", "modules", "ai-credits")

if (!fs.existsSync(path.join(INSTALLED_MODULE, "index.js"))) {
  throw new Error(
    "The packed plugin is not installed in integration-tests/plugin-app. " +
      "Run the suite with `npm test`, which builds, packs and installs it."
  )
}

medusaIntegrationTestRunner({
  cwd: APP_DIR,
  testSuite: ({ api, getContainer }) => {
    describe("medusa-ai-credits installed as a plugin", () => {
      it("resolves the package to the tarball installed in this app", () => {
        const pkg = require.resolve("medusa-ai-credits/package.json", { paths: [APP_DIR] })
        expect(fs.realpathSync(path.dirname(pkg))).toBe(fs.realpathSync(INSTALLED))
      })

      it("registers the ai_credits module in the container", () => {
        const service = getContainer().resolve("ai_credits")

        expect(service).toBeDefined()
        expect(typeof service.listAiCreditWallets).toBe("function")
      })

      it("has migrated the module's tables", async () => {
        const service = getContainer().resolve("ai_credits")

        await expect(service.listAiCreditWallets()).resolves.toEqual([])
      })

      it("answers GET /health", async () => {
        const response = await api.get("/health")

        expect(response.status).toBe(200)
      })
    })
  },
})
