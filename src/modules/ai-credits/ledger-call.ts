/**
 * How one call of a ledger function reaches PostgreSQL when no caller's transaction surrounds it:
 * one round trip on a pooled connection, with the commit made durable only after the wallet's row
 * lock is released.
 *
 * A commit holds its row locks until the WAL is flushed, so on a busy wallet every capture would
 * wait out the previous capture's disk flush. Instead the ledger function commits without waiting
 * for the flush (which releases the lock at once), and a second tiny transaction in the same round
 * trip writes one WAL record and waits for its flush. WAL is flushed in order, so when that second
 * commit is durable the first is too, and the caller hears the result only then. Flushes of
 * concurrent callers are grouped by PostgreSQL into one disk write.
 */

/** The ledger functions whose commits the caller must be able to rely on after a crash. */
const DURABLE = new Set(["aic_capture", "aic_charge"])

/**
 * Holds are soft state: a hold (or its release) lost in a crash only means the credit was never
 * held (or stays held until its TTL), never that credit was spent or lost; they skip the flush.
 */
const SOFT_STATE = new Set(["aic_authorize", "aic_release"])

/** A pooled node-postgres client, as knex hands it out. */
type PgClient = {
  query: (sql: string) => Promise<PgResult | PgResult[]>
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

/**
 * SQL text of one call: the function's result is the only row with a `result` column. Durable
 * functions commit asynchronously inside an explicit block, then flush through a logical message
 * (written to WAL, ignored by everything but logical decoding consumers, which may filter the prefix).
 */
export function ledgerCallSql(fn: string, payloadLiteral: string) {
  const call = `${fn}(${payloadLiteral}::jsonb) as result`
  if (DURABLE.has(fn)) {
    return (
      `begin; select set_config('synchronous_commit', 'off', true) as _, ${call}; commit; ` +
      `select pg_logical_emit_message(true, 'medusa-ai-credits', 'flush') as _`
    )
  }
  if (SOFT_STATE.has(fn)) {
    return `select set_config('synchronous_commit', 'off', true) as _, ${call}`
  }
  return `select ${call}`
}

/**
 * Runs one ledger call on a connection of the pool and returns the function's result. An error
 * inside the explicit block leaves the connection in an aborted transaction: it is rolled back
 * before the connection goes back to the pool.
 */
export async function runLedgerCall(knex: KnexPool, fn: string, payload: Record<string, unknown>): Promise<unknown> {
  const connection = await knex.client.acquireConnection()
  try {
    const sql = ledgerCallSql(fn, connection.escapeLiteral(JSON.stringify(payload)))
    let results: PgResult | PgResult[]
    try {
      results = await connection.query(sql)
    } catch (error) {
      if (DURABLE.has(fn)) {
        await connection.query("rollback").catch(() => undefined)
      }
      throw error
    }
    const list = Array.isArray(results) ? results : [results]
    return list.find((result) => result.rows[0] && "result" in result.rows[0])?.rows[0].result
  } finally {
    await knex.client.releaseConnection(connection)
  }
}
