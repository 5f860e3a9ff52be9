/**
 * What the workflow engine costs on the metering hot path: N authorize + capture pairs through
 * the entries of src/workflows/metering (plain functions), then the same pairs through a
 * workflow wrapping each entry in one step (authorizeAiRequestStep / captureAiRequestStep),
 * in-process against PostgreSQL, one caller at a time (latency, not throughput).
 *
 *   DATABASE_URL=postgres://postgres@localhost:5432/postgres npx ts-node bench/entry-overhead.ts
 *
 * Uses a database of its own next to DATABASE_URL's (`<name>_entry_bench`), migrated with the
 * ai_credits module only. Customer groups and the store are not loaded: the caller context's
 * Query reads answer empty, the same for both paths. BENCH_ENTRY_PAIRS sets N (default 300).
 * Prints the median and p95 per pair of each path and what the workflow adds, JSON last.
 *
 * 2026-12-02, 2 shared CPUs under load: function 21.3 ms median (p95 48.2), workflow 26.4 ms
 * (p95 56.7): the workflow adds 5.0 ms a pair (~24%), so the entries stay functions. (A busier
 * run before the gateway split: 37.3 vs 44.5 ms, +7.3 ms.)
 */
import path from "path"
import { Client } from "pg"
import { asValue } from "@medusajs/framework/awilix"
import { MedusaApp, MedusaAppMigrateUp, MedusaModule } from "@medusajs/framework/modules-sdk"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, createMedusaContainer, createPgConnection } from "@medusajs/framework/utils"
import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { AI_CREDITS_MODULE } from "../src/modules/ai-credits"
import { AI_CREDITS_GATEWAY_MODULE } from "../src/modules/ai-credits-gateway"
import type AiCreditsGatewayModuleService from "../src/modules/ai-credits-gateway/service"
import type AiCreditsModuleService from "../src/modules/ai-credits/service"
import {
  authorizeAiRequest,
  authorizeAiRequestStep,
  AuthorizeAiRequestStepInput,
  captureAiRequest,
  captureAiRequestStep,
  CaptureAiRequestStepInput,
} from "../src/workflows/metering"

const PAIRS = Number(process.env.BENCH_ENTRY_PAIRS ?? 300)
const QUIET = { info: () => undefined, warn: () => undefined, error: console.error, debug: () => undefined, log: () => undefined }
const LEDGER_OPTIONS = { max_hold_credits: 1_000_000 }
// No rate limits: the bench caller makes thousands of requests a minute.
const GATEWAY_OPTIONS = { built_in_modules: { provider: "local" }, rate_limits: { rules: [] } }

const authorizeWorkflow = createWorkflow("bench-entry-authorize", (input: AuthorizeAiRequestStepInput) => {
  return new WorkflowResponse(authorizeAiRequestStep(input))
})
const captureWorkflow = createWorkflow("bench-entry-capture", (input: CaptureAiRequestStepInput) => {
  return new WorkflowResponse(captureAiRequestStep(input))
})

async function benchDatabase(base: string): Promise<string> {
  const url = new URL(base)
  const name = `${url.pathname.slice(1) || "postgres"}_entry_bench`
  const client = new Client({ connectionString: base })
  await client.connect()
  try {
    const { rowCount } = await client.query("select 1 from pg_database where datname = $1", [name])
    if (!rowCount) {
      await client.query(`CREATE DATABASE "${name}"`)
    }
  } finally {
    await client.end()
  }
  url.pathname = `/${name}`
  return url.toString()
}

async function boot(databaseUrl: string) {
  const connection = createPgConnection({ clientUrl: databaseUrl, pool: { min: 2, max: 8 } })
  const modulesConfig = {
    [AI_CREDITS_MODULE]: {
      resolve: path.join(__dirname, "..", "src", "modules", "ai-credits"),
      options: { ...LEDGER_OPTIONS, database: { clientUrl: databaseUrl } },
    },
    [AI_CREDITS_GATEWAY_MODULE]: {
      resolve: path.join(__dirname, "..", "src", "modules", "ai-credits-gateway"),
      options: GATEWAY_OPTIONS,
    },
  }
  const injectedDependencies = { [ContainerRegistrationKeys.PG_CONNECTION]: connection, [ContainerRegistrationKeys.LOGGER]: QUIET }
  await MedusaAppMigrateUp({ modulesConfig, injectedDependencies })
  const { modules, onApplicationShutdown } = await MedusaApp({ modulesConfig, injectedDependencies })
  const credits = modules[AI_CREDITS_MODULE] as AiCreditsModuleService
  const gateway = modules[AI_CREDITS_GATEWAY_MODULE] as AiCreditsGatewayModuleService
  const container = createMedusaContainer()
  container.register({
    [AI_CREDITS_MODULE]: asValue(credits),
    [AI_CREDITS_GATEWAY_MODULE]: asValue(gateway),
    [ContainerRegistrationKeys.LOGGER]: asValue(QUIET),
    // The caller context's reads of Medusa's customer and store modules (not loaded here).
    [ContainerRegistrationKeys.QUERY]: asValue({ graph: async () => ({ data: [] }) }),
  })
  const shutdown = async () => {
    await onApplicationShutdown()
    await connection.destroy()
    MedusaModule.clearInstances()
  }
  return { credits, gateway, container: container as MedusaContainer, shutdown }
}

/** Median and p95 of a list of durations (ms). */
function summary(took: number[]) {
  const sorted = [...took].sort((a, b) => a - b)
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] * 100) / 100
  return { median_ms: at(0.5), p95_ms: at(0.95) }
}

async function timed(pair: () => Promise<void>, into: number[]) {
  const started = process.hrtime.bigint()
  await pair()
  into.push(Number(process.hrtime.bigint() - started) / 1e6)
}

async function main() {
  const { credits, gateway, container, shutdown } = await boot(await benchDatabase(process.env.DATABASE_URL!))
  const run = `${Date.now()}`
  const chatbot = (await gateway.getAiModule("chatbot"))!
  const [price] = await credits.listAiCreditPrices({ provider: chatbot.provider, model: chatbot.model, scope_type: "default", superseded_at: null })
  if (!price) {
    await credits.setPrice({ provider: chatbot.provider, model: chatbot.model, rates: { credits_per_1k_input_tokens: "0.5", credits_per_1k_output_tokens: "2" } })
  }
  const caller = { customer_id: `cus_entry_bench_${run}` }
  await credits.grantCredits({ owner_type: "customer", owner_id: caller.customer_id, amount: 1_000_000_000, source: "purchase", idempotency_key: "seed" })
  const usage = { input_tokens: 300, output_tokens: 200, requests: 1 }
  const request = (key: string) => ({ caller, module: "chatbot", idempotency_key: key, estimate: { input_tokens: 300, output_tokens: 300 } })

  const viaFunction = async (i: number) => {
    const outcome = await authorizeAiRequest(container, request(`f-${run}-${i}`))
    if (outcome.decision !== "allow") {
      throw new Error("the bench caller was refused")
    }
    await captureAiRequest(container, { caller, authorization_id: outcome.result.reservation.id, usage })
  }
  const viaWorkflow = async (i: number) => {
    const { result } = await authorizeWorkflow(container).run({ input: request(`w-${run}-${i}`) })
    await captureWorkflow(container).run({ input: { caller, authorization_id: result.authorization_id!, usage } })
  }
  // Warm both paths (JIT, caches, connections), then alternate them pair by pair, so that the
  // machine's load weighs on both alike.
  let n = 0
  for (let i = 0; i < 30; i++) {
    await viaFunction(n++)
    await viaWorkflow(n++)
  }
  const byFunction: number[] = []
  const byWorkflow: number[] = []
  for (let i = 0; i < PAIRS; i++) {
    await timed(() => viaFunction(n++), byFunction)
    await timed(() => viaWorkflow(n++), byWorkflow)
  }
  const fn = summary(byFunction)
  const wf = summary(byWorkflow)
  await shutdown()
  const metrics = {
    "entry.function.pair_median_ms": fn.median_ms,
    "entry.function.pair_p95_ms": fn.p95_ms,
    "entry.workflow.pair_median_ms": wf.median_ms,
    "entry.workflow.pair_p95_ms": wf.p95_ms,
    "entry.workflow.overhead_median_ms": Math.round((wf.median_ms - fn.median_ms) * 100) / 100,
  }
  process.stderr.write(`[bench:entry] ${PAIRS} authorize+capture pairs, one at a time\n`)
  process.stdout.write(`\n${JSON.stringify(metrics)}\n`)
}

main()
  .then(() => process.exit(0))
  .catch((error) => {
    console.error(error)
    process.exit(1)
  })
