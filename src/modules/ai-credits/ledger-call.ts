/**
 * How ledger calls reach PostgreSQL when no caller's transaction surrounds them: a batch of them
 * (the calls that queued meanwhile, see ledger-batch.ts) in one round trip on a pooled connection,
 * as one `CALL aic_run_batch(...)` (sql/batch.ts): group commit.
 *
 * - Each call runs in its own subtransaction: one that fails (a refusal that had to undo work, bad
 *   data, a deadlock) is rolled back alone and the calls after it still run.
 * - The calls of a batch share transactions (calls whose wallet is unknown get their own), so a
 *   hot wallet's row is locked, written and committed once per batch instead of once per call.
 * - Commits do not wait for the WAL flush, which releases their locks at once; when any call but
 *   a hold or release succeeded, one last tiny transaction waits for the flush. WAL is flushed in
 *   order, so when CALL returns every call before it is durable, and the caller hears only then.
 *
 * Only node-postgres's public API: one parameterized query at a time on the connection.
 */

import { CreditError } from "./errors"
import type { BatchOutcome } from "./ledger-batch"

/**
 * Holds are soft state: a hold (or its release) lost in a crash only means the credit was never
 * held (or stays held until its TTL), never that credit was spent or lost. Every other ledger call
 * (capture, charge, grant, debit, transfer, credit back, refund) is durable before its caller hears.
 */
const SOFT_STATE = ["aic_authorize", "aic_release"]

/**
 * SQLSTATEs of a call that lost a lock conflict (deadlock, lock wait over LOCK_WAIT, serialization):
 * it was rolled back alone and is sent again, alone.
 */
const RUN_AGAIN = new Set(["40P01", "55P03", "40001"])

/**
 * The longest a call of a batch waits for a lock. Calls of different wallets share the batch's
 * transaction, so two batches could wait on each other (a payer chain's shared pool, a quota
 * counter): this breaks such a wait long before PostgreSQL's deadlock check (1 s by default).
 */
const LOCK_WAIT = "200ms"

/** A pooled node-postgres client, as knex hands it out. */
type PgClient = {
  query: (config: { text: string; values: unknown[] }) => Promise<PgResult>
}
type PgResult = { rows: Record<string, unknown>[] }

/** The parts of knex this needs: its connection pool. */
export type KnexPool = {
  client: {
    acquireConnection: () => Promise<PgClient>
    releaseConnection: (connection: PgClient) => Promise<unknown>
  }
}

/**
 * A ledger call as asked for: a function, its payload, the pool it runs on (one module, one pool),
 * and the wallet it works on when known before the call (a batch keeps one wallet's calls together).
 */
export type LedgerCallInput = { pool: KnexPool; fn: string; payload: Record<string, unknown>; walletKey?: string }

/** A ledger call ready to send: its payload is JSON that PostgreSQL accepts as jsonb. */
export type LedgerCall = { pool: KnexPool; fn: string; payloadJson: string; walletKey?: string }

/**
 * JSON escapes that jsonb refuses: NUL, and a UTF-16 surrogate (JSON.stringify escapes only lone
 * ones, writing a pair as the character itself), when not itself an escaped backslash's text.
 */
const UNSTORABLE_ESCAPE = /(?<!\\)(?:\\\\)*\\u(?:0000|d[89a-f][0-9a-f]{2})/i

/**
 * The payload of a ledger call as jsonb text, or an invalid_data error for the one call that cannot
 * be stored: too deeply nested to serialize, or text PostgreSQL refuses.
 */
export function serializeLedgerPayload(payload: Record<string, unknown>): string {
  let json: string
  try {
    json = JSON.stringify(payload)
  } catch {
    throw new CreditError("invalid_data", "The request's data cannot be recorded: it is nested too deeply or is not plain JSON")
  }
  if (json.includes("\\u") && UNSTORABLE_ESCAPE.test(json)) {
    throw new CreditError("invalid_data", "Text must not contain the NUL character or a lone UTF-16 surrogate")
  }
  return json
}

/** Prepares a call when it is made, so that one which cannot be prepared fails alone (ledger-batch.ts). */
export function prepareLedgerCall({ pool, fn, payload, walletKey }: LedgerCallInput): LedgerCall {
  return { pool, fn, payloadJson: serializeLedgerPayload(payload), walletKey }
}

/** The batch as aic_run_batch's jsonb argument; payloads are already JSON text. */
export function ledgerBatchJson(calls: LedgerCall[]): string {
  return `[${calls
    .map(({ fn, walletKey, payloadJson }) => `{"fn":${JSON.stringify(fn)},"wallet":${JSON.stringify(walletKey ?? null)},"payload":${payloadJson}}`)
    .join(",")}]`
}

type CallOutcome = { result?: unknown; error?: { code: string; message: string; detail: string | null } }

/**
 * Runs ledger calls in one round trip on one pooled connection and reports each one's outcome. When
 * the round trip itself fails (a lost connection, a failed flush), it is unknown which calls ran or
 * became durable, so they all fail: a retry with the same idempotency key is safe.
 */
export async function runLedgerBatch(calls: LedgerCall[]): Promise<BatchOutcome<unknown>[]> {
  const knex = calls[0].pool
  const connection = await knex.client.acquireConnection()
  try {
    const { rows } = await connection.query({
      text: "CALL aic_run_batch($1::jsonb, $2::text[], $3, NULL)",
      values: [ledgerBatchJson(calls), SOFT_STATE, LOCK_WAIT],
    })
    const outcomes = (rows[0]?.outcomes ?? []) as CallOutcome[]
    return calls.map((_, i) => outcomeOf(outcomes[i]))
  } catch (error) {
    return calls.map(() => ({ status: "failed", error }))
  } finally {
    await knex.client.releaseConnection(connection)
  }
}

function outcomeOf(outcome: CallOutcome | undefined): BatchOutcome<unknown> {
  if (outcome?.error) {
    const { code, message, detail } = outcome.error
    if (RUN_AGAIN.has(code)) {
      return { status: "not_run" }
    }
    // Shaped like node-postgres's DatabaseError, so callers read a refusal's detail the same way.
    return { status: "failed", error: Object.assign(new Error(message), { code, detail: detail ?? undefined, severity: "ERROR" }) }
  }
  const value = outcome?.result
  return value === undefined || value === null
    ? { status: "failed", error: new Error("The ledger call committed but its result could not be read") }
    : { status: "done", value }
}
