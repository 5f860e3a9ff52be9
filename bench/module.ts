import path from "path"
import { MedusaApp, MedusaModule } from "@medusajs/framework/modules-sdk"
import { ContainerRegistrationKeys, createPgConnection } from "@medusajs/framework/utils"
import { AI_CREDITS_MODULE } from "../src/modules/ai-credits"
import type AiCreditsModuleService from "../src/modules/ai-credits/service"

/** Boots the ai_credits module alone on its own pool, as a server process would. */
export async function bootCreditsModule(databaseUrl: string, poolSize: number) {
  const connection = createPgConnection({ clientUrl: databaseUrl, pool: { min: 2, max: poolSize } })
  const { modules, onApplicationShutdown } = await MedusaApp({
    modulesConfig: {
      [AI_CREDITS_MODULE]: {
        resolve: path.join(__dirname, "..", "src", "modules", "ai-credits"),
        options: {
          max_hold_credits: 1_000_000,
          // BENCH_LEDGER_ADMISSION='{"max_batch":8}' measures other batching settings than the defaults.
          ...(process.env.BENCH_LEDGER_ADMISSION ? { ledger_admission: JSON.parse(process.env.BENCH_LEDGER_ADMISSION) } : {}),
        },
      },
    },
    injectedDependencies: {
      [ContainerRegistrationKeys.PG_CONNECTION]: connection,
      [ContainerRegistrationKeys.LOGGER]: console,
    },
  })
  const credits = modules[AI_CREDITS_MODULE] as unknown as AiCreditsModuleService
  const shutdown = async () => {
    await onApplicationShutdown()
    await connection.destroy()
    MedusaModule.clearInstances()
  }
  return { credits, connection, shutdown }
}

/** Wallets with plenty of credit for a benchmark run. */
export async function fundWallets(credits: AiCreditsModuleService, count: number, run: string) {
  const walletIds: string[] = []
  for (let i = 0; i < count; i++) {
    const { balance } = await credits.grantCredits({
      owner_type: "customer",
      owner_id: `bench_${run}_${i}`,
      amount: 1_000_000_000,
      source: "purchase",
      idempotency_key: "bench-seed",
    })
    walletIds.push(balance.wallet_id)
  }
  return walletIds
}
