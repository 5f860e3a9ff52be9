/**
 * Ledger throughput: authorize + capture pairs through the module service, against the floor of
 * what the same database can do for a ledger write (one transaction: update one row, insert one).
 * Run by `npm run bench` (scripts/bench.js), which provides DATABASE_URL.
 */
import { runLoad, LoadResult } from "./load"
import { bootCreditsModule, fundWallets } from "./module"
import { aiCreditsOptionsSchema } from "../src/modules/ai-credits/options"

/** The admission limits the module runs with by default. */
const LEDGER_ADMISSION = aiCreditsOptionsSchema.parse({}).ledger_admission

const CALLERS = 32
const WALLETS = 1_000
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)

export async function benchLedger(databaseUrl: string): Promise<Record<string, number>> {
  const { credits, connection, shutdown } = await bootCreditsModule(databaseUrl, CALLERS + 4)
  const run = `${Date.now()}`
  const walletIds = await fundWallets(credits, WALLETS, run)
  const pair = (walletId: string, key: string) => async () => {
    const auth = await credits.authorizeCredits({ wallet_id: walletId, amount: 10, module: "chatbot", idempotency_key: key })
    await credits.captureCredits({ reservation_id: auth.reservation.id, amount: 7 })
  }

  let n = 0
  const manyWallets = await runLoad(CALLERS, SECONDS, () => pair(walletIds[n % WALLETS], `m-${run}-${n++}`)())
  const hotWallet = await runLoad(CALLERS, SECONDS, () => pair(walletIds[0], `h-${run}-${n++}`)())
  // A quiet store: one request at a time, so batching must not make it wait for company.
  const oneCaller = await runLoad(1, SECONDS, () => pair(walletIds[1], `o-${run}-${n++}`)())

  await connection.raw(`create table if not exists bench_floor_account (id text primary key, n bigint not null)`)
  await connection.raw(
    `create table if not exists bench_floor_entry (id bigserial primary key, account_id text not null, n bigint not null, created_at timestamptz not null default now())`
  )
  await connection.raw(
    `insert into bench_floor_account select 'acc_' || g, 0 from generate_series(1, ${WALLETS}) g on conflict do nothing`
  )
  let f = 0
  const floorTx = async () => {
    const account = `acc_${(f++ % WALLETS) + 1}`
    await connection.transaction(async (trx) => {
      const [row] = await trx("bench_floor_account").where({ id: account }).increment("n", 1).returning("n")
      await trx("bench_floor_entry").insert({ account_id: account, n: row.n })
    })
  }
  const floor = await runLoad(CALLERS, SECONDS, floorTx)
  // The same floor with as few transactions in flight as the ledger uses connections: how much of
  // the ledger's lead over the plain floor comes from bounding concurrency alone.
  const floorAdmitted = await runLoad(CALLERS, SECONDS, limitConcurrency(LEDGER_ADMISSION.concurrency, floorTx))

  const problems = await credits.reconcileWallets(walletIds.slice(0, 10))
  if (problems.length) {
    throw new Error(`ledger invariants broken after the bench: ${JSON.stringify(problems)}`)
  }

  await shutdown()

  return {
    "ledger.pairs_per_s.many_wallets": round(manyWallets.perSecond),
    "ledger.pairs_per_s.many_wallets.p99_ms": round(manyWallets.p99Ms),
    "ledger.pairs_per_s.hot_wallet": round(hotWallet.perSecond),
    "ledger.pairs_per_s.hot_wallet.p99_ms": round(hotWallet.p99Ms),
    "ledger.pair_p50_ms.one_caller": round2(oneCaller.p50Ms),
    "ledger.floor_tx_per_s": round(floor.perSecond),
    "ledger.floor_tx.p99_ms": round(floor.p99Ms),
    "ledger.many_wallets_vs_floor": ratio(manyWallets, floor),
    "ledger.hot_wallet_vs_floor": ratio(hotWallet, floor),
    "ledger.floor_tx_per_s.admitted": round(floorAdmitted.perSecond),
    "ledger.many_wallets_vs_floor_admitted": ratio(manyWallets, floorAdmitted),
    "ledger.hot_wallet_vs_floor_admitted": ratio(hotWallet, floorAdmitted),
  }
}

/** `task`, with at most `limit` runs at once; the rest wait in arrival order. */
function limitConcurrency(limit: number, task: () => Promise<void>) {
  let active = 0
  const waiting: (() => void)[] = []
  return async () => {
    if (active < limit) {
      active++
    } else {
      await new Promise<void>((resolve) => waiting.push(resolve))
    }
    try {
      await task()
    } finally {
      const next = waiting.shift()
      if (next) {
        next()
      } else {
        active--
      }
    }
  }
}

function ratio(a: LoadResult, b: LoadResult) {
  return Math.round((a.perSecond / b.perSecond) * 1000) / 1000
}

function round2(value: number) {
  return Math.round(value * 100) / 100
}

function round(value: number) {
  return Math.round(value * 10) / 10
}
