import path from "path"
import { spawn } from "child_process"
import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { AI_CREDITS_MODULE } from ".."
import AiCreditsModuleService from "../service"

jest.setTimeout(120_000)

/** Runs the charge worker in its own Node process and returns its counts. */
function runWorker(databaseUrl: string, walletId: string, count: number, prefix: string) {
  return new Promise<{ charged: number; refused: number; failed: number }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [require.resolve("ts-node/dist/bin.js"), path.join(__dirname, "fixtures", "charge-worker.ts"), databaseUrl, walletId, `${count}`, prefix],
      { cwd: path.join(__dirname, "..", "..", "..", ".."), env: { ...process.env, NODE_OPTIONS: "" }, stdio: ["ignore", "pipe", "pipe"] }
    )
    let out = ""
    let err = ""
    child.stdout.on("data", (chunk) => (out += chunk))
    child.stderr.on("data", (chunk) => (err += chunk))
    child.on("exit", (code) => {
      const last = out.trim().split("\n").pop()
      if (code !== 0 || !last) {
        reject(new Error(`worker exited with ${code}: ${err.slice(-2000)}`))
        return
      }
      resolve(JSON.parse(last))
    })
  })
}

moduleIntegrationTestRunner<AiCreditsModuleService>({
  moduleName: AI_CREDITS_MODULE,
  resolve: path.join(__dirname, ".."),
  pathToMigrations: path.join(__dirname, "..", "migrations"),
  testSuite: ({ service, dbConfig }) => {
    it("spends exactly the wallet's 100 credits when two server processes race 500 one-credit charges", async () => {
      const { balance } = await service.grantCredits({
        owner_type: "customer",
        owner_id: "cus_two_processes",
        amount: 100,
        source: "purchase",
        idempotency_key: "g",
      })
      const [a, b] = await Promise.all([
        runWorker(dbConfig.clientUrl, balance.wallet_id, 250, "a"),
        runWorker(dbConfig.clientUrl, balance.wallet_id, 250, "b"),
      ])
      expect(a.failed + b.failed).toEqual(0)
      expect(a.charged + b.charged).toEqual(100)
      expect(a.refused + b.refused).toEqual(400)
      expect(await service.getBalance(balance.wallet_id)).toMatchObject({ balance: 0, reserved: 0, available: 0 })
      const captures = await service.listAiCreditLedgerEntries({ wallet_id: balance.wallet_id, type: "capture" })
      expect(captures).toHaveLength(100)
      expect(await service.reconcileWallets()).toEqual([])
    })
  },
})
