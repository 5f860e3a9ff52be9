/**
 * How ledger calls reach PostgreSQL when no caller's transaction surrounds them: one round trip on
 * a pooled connection (shared by calls that queued meanwhile, see ledger-batch.ts), with each commit
 * made durable only after the wallet's row lock is released.
 *
 * A commit holds its row locks until the WAL is flushed, so on a busy wallet every capture would
 * wait out the previous capture's disk flush. Instead the ledger function commits without waiting
 * for the flush (which releases the lock at once), and a second tiny transaction in the same round
 * trip writes one WAL record and waits for its flush. WAL is flushed in order, so when that second
 * commit is durable the first is too, and the caller hears the result only then. Flushes of
 * concurrent callers are grouped by PostgreSQL into one disk write.
 */

import { Query } from "pg"
import { CreditError } from "./errors"
import type { BatchOutcome } from "./ledger-batch"

/**
 * Waits until everything committed before it is durable: one WAL record (ignored by everything but
 * logical decoding consumers, which may filter the prefix) in a synchronous commit.
 */
const FLUSH_SQL = "select pg_logical_emit_message(true, 'medusa-ai-credits', 'flush') as _"

/** The ledger functions whose commits the caller must be able to rely on after a crash. */
const DURABLE = new Set(["aic_capture", "aic_charge"])

/**
 * Holds are soft state: a hold (or its release) lost in a crash only means the credit was never
 * held (or stays held until its TTL), never that credit was spent or lost; they skip the flush.
 */
const SOFT_STATE = new Set(["aic_authorize", "aic_release"])

/** A pooled node-postgres client, as knex hands it out. */
type PgClient = {
  query: ((sql: string) => Promise<unknown>) & ((query: PgQuery) => unknown)
  escapeLiteral: (value: string) => string
}
type PgResult = { rows: Record<string, unknown>[] }

/** The parts of knex this needs: its connection pool. */
export type KnexPool = {
  client: {
    acquireConnection: () => Promise<PgClient>
    releaseConnection: (connection: PgClient) => Promise<unknown>
  }
}

/** A ledger call as asked for: a function, its payload, and the pool it runs on (one module, one pool). */
export type LedgerCallInput = { pool: KnexPool; fn: string; payload: Record<string, unknown> }

/** A ledger call ready to send: its payload is JSON that PostgreSQL accepts as jsonb. */
export type LedgerCall = { pool: KnexPool; fn: string; payloadJson: string }

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
export function prepareLedgerCall({ pool, fn, payload }: LedgerCallInput): LedgerCall {
  return { pool, fn, payloadJson: serializeLedgerPayload(payload) }
}

/** Statements each call of a batch sends: begin, the call, commit. */
const STATEMENTS_PER_CALL = 3

/**
 * SQL text of one or more calls in one message. Each call is its own transaction (an explicit
 * block: without one, PostgreSQL would run the whole message as a single transaction). Durable and
 * soft calls commit asynchronously; one flush at the end makes the durable ones durable together.
 */
export function ledgerBatchSql(calls: { fn: string; payloadLiteral: string }[]) {
  const parts = calls.map(({ fn, payloadLiteral }) => {
    const call = `${fn}(${payloadLiteral}::jsonb) as result`
    const asyncCommit = DURABLE.has(fn) || SOFT_STATE.has(fn)
    return `begin; select ${asyncCommit ? "set_config('synchronous_commit', 'off', true) as _, " : ""}${call}; commit;`
  })
  if (calls.some(({ fn }) => DURABLE.has(fn))) {
    parts.push(FLUSH_SQL)
  }
  return parts.join(" ")
}

type StatementResult = PgResult & { command?: string }

/** The parts of node-postgres's Query used here, which its type definitions leave out. */
interface PgQuery {
  callback?: (error: Error | null, result: StatementResult | StatementResult[]) => void
  handleError(error: Error, connection: unknown): void
  _results: StatementResult | StatementResult[] | undefined
}
// Boundary cast: node-postgres's types leave out the Query members above (issue #19 replaces this).
const PgQuery = Query as unknown as new (text: string) => PgQuery

/** A simple query that keeps what the statements before a failed one returned. */
class BatchQuery extends PgQuery {
  completed: StatementResult[] = []

  override handleError(error: Error, connection: unknown) {
    const results = Array.isArray(this._results) ? this._results : [this._results]
    this.completed = results.filter((result): result is StatementResult => Boolean(result?.command))
    super.handleError(error, connection)
  }
}

/**
 * Runs ledger calls in one round trip on one pooled connection and reports each one's outcome.
 * When a call fails, PostgreSQL skips the rest of the message: the calls before it have committed,
 * it has failed (its aborted block is rolled back before the connection goes back to the pool), and
 * those after it never ran. A lost connection leaves unknown whether the unanswered calls ran, so
 * they fail (a retry with the same idempotency key is safe).
 */
export async function runLedgerBatch(calls: LedgerCall[]): Promise<BatchOutcome<unknown>[]> {
  const knex = calls[0].pool
  const connection = await knex.client.acquireConnection()
  try {
    const sql = ledgerBatchSql(
      calls.map(({ fn, payloadJson }) => ({ fn, payloadLiteral: connection.escapeLiteral(payloadJson) }))
    )
    const query = new BatchQuery(sql)
    let results: StatementResult[]
    try {
      results = await new Promise<StatementResult[]>((resolve, reject) => {
        query.callback = (error: Error | null, result: StatementResult | StatementResult[]) =>
          error ? reject(error) : resolve(Array.isArray(result) ? result : [result])
        connection.query(query)
      })
    } catch (error) {
      await connection.query("rollback").catch(() => undefined)
      const committed = calls.slice(0, Math.floor(query.completed.length / STATEMENTS_PER_CALL))
      // The flush at the end was skipped (or failed): make the committed durable calls durable now.
      const flushError = committed.some(({ fn }) => DURABLE.has(fn))
        ? await connection.query(FLUSH_SQL).then(() => undefined, (failure: unknown) => failure)
        : undefined
      return batchOutcomesAfterError(calls, query.completed, error, flushError)
    }
    return calls.map((_, i) => callOutcome(results, i))
  } finally {
    await knex.client.releaseConnection(connection)
  }
}

/** A committed call's result; one that cannot be read (a row that failed to parse) fails the call. */
function callOutcome(results: StatementResult[], index: number): BatchOutcome<unknown> {
  const value = results[index * STATEMENTS_PER_CALL + 1]?.rows[0]?.result
  return value === undefined || value === null
    ? { status: "failed", error: new Error("The ledger call committed but its result could not be read") }
    : { status: "done", value }
}

function batchOutcomesAfterError(
  calls: LedgerCall[],
  completed: StatementResult[],
  error: unknown,
  flushError: unknown
): BatchOutcome<unknown>[] {
  // A server's error response (it has a severity) means the rest of the message was skipped.
  const serverError = typeof (error as { severity?: unknown }).severity === "string"
  const committed = Math.floor(completed.length / STATEMENTS_PER_CALL)
  return calls.map((call, i) => {
    if (i < committed) {
      return DURABLE.has(call.fn) && flushError ? { status: "failed", error: flushError } : callOutcome(completed, i)
    }
    if (i === committed || !serverError) {
      return { status: "failed", error }
    }
    return { status: "not_run" }
  })
}
