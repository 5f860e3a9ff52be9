import fs from "node:fs"
import path from "node:path"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"

/**
 * The published shape of the plugin: a second app (this folder) lists "medusa-ai-credits" in
 * `plugins`, and Medusa loads the built module from .medusa/server and runs its migrations.
 * `npm test` builds the plugin first when the build is missing or older than src/.
 */
const APP_DIR = __dirname
const REPO_ROOT = path.resolve(__dirname, "..", "..")
const BUILT_MODULE = path.join(REPO_ROOT, ".medusa", "server", "src", "modules", "ai-credits")

if (!fs.existsSync(path.join(BUILT_MODULE, "index.js"))) {
  throw new Error(
    "The plugin is not built (.medusa/server/src/modules/ai-credits is missing). " +
      "Run the suite with `npm test`, which builds it, or run `npm run build` first."
  )
}

medusaIntegrationTestRunner({
  cwd: APP_DIR,
  testSuite: ({ api, getContainer }) => {
    describe("medusa-ai-credits installed as a plugin", () => {
      it("resolves the package to this repository's build", () => {
        const pkg = require.resolve("medusa-ai-credits/package.json", { paths: [APP_DIR] })
        expect(fs.realpathSync(path.dirname(pkg))).toBe(fs.realpathSync(REPO_ROOT))
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
