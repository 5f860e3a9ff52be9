/**
 * Sends ledger calls made outside a caller's transaction over at most `concurrency` connections at
 * once, several calls per round trip when they have queued up.
 *
 * Measured (`npm run bench`, docs/PERFORMANCE.md): on a busy server most of a ledger call's cost
 * outside its SQL is the round trip and the commit, and a wallet that many requests hit at once is
 * worst: each call waits on its row lock. While every connection is busy, calls wait here; the next
 * free connection takes up to `maxBatch` of them and sends them as one group commit (see
 * ledger-call.ts). A wallet's calls are in one batch at a time, in arrival order: a hot wallet's
 * queue goes in whole batches, one after the other, and never waits on its own lock in another
 * batch. An idle server sends each call at once, alone.
 */

/** What became of one call of a batch. */
export type BatchOutcome<R> =
  | { status: "done"; value: R }
  | { status: "failed"; error: unknown }
  /** The call was rolled back before it could finish (a lock conflict with another batch): send it again, alone. */
  | { status: "not_run" }

/**
 * How many times `maxBatch` one batch holds when its calls are of a wallet already in it. Measured
 * (bench `ledger.*`, BENCH_LEDGER_ADMISSION): a hot wallet gains from long batches (its row is locked
 * once for all), many wallets lose (one long batch keeps one PostgreSQL core busy, the others idle).
 * At most 64 calls, the subtransactions PostgreSQL tracks per transaction without overflow.
 */
const SAME_WALLET_FACTOR = 4
const MAX_CALLS_PER_BATCH = 64

type Queued<C, R> = {
  call: C
  key: string | undefined
  /** Sent again after a lock conflict: it goes in a batch of its own, which waits for locks as long as it takes. */
  alone: boolean
  resolve: (value: R) => void
  reject: (error: unknown) => void
}

/**
 * `prepare` turns what a caller asks for into what is sent (e.g. its payload serialized) when the
 * call is made, not when its batch is: a call that cannot be prepared fails alone and never joins a
 * batch, so no batch fails for a reason that belongs to one of its calls.
 */
export class LedgerBatcher<C, R, In = C> {
  private active = 0
  private queue: Queued<C, R>[] = []
  /** Wallets with calls in a batch in flight: their next calls wait for it. */
  private readonly busy = new Set<string>()

  constructor(
    private readonly concurrency: number,
    private readonly maxBatch: number,
    /** Sends calls in one round trip and reports each one's outcome, in order. */
    private readonly send: (calls: C[]) => Promise<BatchOutcome<R>[]>,
    // Boundary cast: without a prepare step the queued input is the call itself (In is C).
    private readonly prepare: (input: In) => C = (input) => input as unknown as C,
    /** The wallet a call works on, when known. */
    private readonly keyOf: (call: C) => string | undefined = () => undefined
  ) {}

  /** Resolves with the call's result once it has run (and, for durable calls, is durable). */
  call(input: In): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const call = this.prepare(input)
      this.queue.push({ call, key: this.keyOf(call), alone: false, resolve, reject })
      this.pump()
    })
  }

  private pump() {
    while (this.active < this.concurrency && this.queue.length) {
      // Spread what is queued over the free connections, so PostgreSQL runs batches side by side
      // rather than one long batch on one core.
      const share = Math.ceil(this.queue.length / (this.concurrency - this.active))
      const batch = this.takeBatch(share)
      if (!batch.length) {
        // Every queued call's wallet is in a batch in flight: its end pumps again.
        return
      }
      const keys = new Set(batch.flatMap(({ key }) => (key === undefined ? [] : [key])))
      keys.forEach((key) => this.busy.add(key))
      this.active++
      void this.sendBatch(batch).finally(() => {
        keys.forEach((key) => this.busy.delete(key))
        this.active--
        this.pump()
      })
    }
  }

  /**
   * Up to `maxBatch` queued calls whose wallet is not in flight, in arrival order (so a wallet's
   * calls keep theirs), then ordered by wallet: one wallet's calls run side by side, in one
   * transaction, and batches lock their wallets in the same order. Calls of no known wallet last.
   * Calls of other wallets join while the batch has fewer than `maxBatch` and its `share` of the
   * queue (many wallets are spread over the connections); calls of a wallet already in it join up
   * to SAME_WALLET_FACTOR times as many (a hot wallet's queue goes in one batch).
   */
  private takeBatch(share: number): Queued<C, R>[] {
    const batch: Queued<C, R>[] = []
    const rest: Queued<C, R>[] = []
    const inBatch = new Set<string>()
    // Wallets whose next call cannot go now: their later calls wait behind it.
    const held = new Set(this.busy)
    let full = false
    for (const queued of this.queue) {
      const free = queued.key === undefined || !held.has(queued.key)
      const joins = queued.key !== undefined && inBatch.has(queued.key) ? true : batch.length < Math.min(share, this.maxBatch, MAX_CALLS_PER_BATCH)
      if (free && !full && joins && (!queued.alone || !batch.length)) {
        batch.push(queued)
        if (queued.key !== undefined) {
          inBatch.add(queued.key)
        }
        full = queued.alone || batch.length >= Math.min(this.maxBatch * SAME_WALLET_FACTOR, MAX_CALLS_PER_BATCH)
      } else {
        rest.push(queued)
        if (queued.key !== undefined) {
          held.add(queued.key)
        }
      }
    }
    this.queue = rest
    const rank = (key: string | undefined) => (key === undefined ? "\uffff" : key)
    // Array.prototype.sort is stable: a wallet's calls stay in arrival order.
    return batch.sort((a, b) => (rank(a.key) < rank(b.key) ? -1 : rank(a.key) > rank(b.key) ? 1 : 0))
  }

  private async sendBatch(batch: Queued<C, R>[]) {
    let outcomes: BatchOutcome<R>[]
    try {
      outcomes = await this.send(batch.map((queued) => queued.call))
    } catch (error) {
      batch.forEach((queued) => queued.reject(error))
      return
    }
    const notRun: Queued<C, R>[] = []
    batch.forEach((queued, i) => {
      const outcome = outcomes[i]
      if (outcome?.status === "done") {
        queued.resolve(outcome.value)
      } else if (outcome?.status === "failed") {
        queued.reject(outcome.error)
      } else {
        notRun.push(queued)
      }
    })
    // They were next in line: they stay first, each to be sent alone.
    notRun.forEach((queued) => (queued.alone = true))
    this.queue.unshift(...notRun)
  }
}
