/**
 * Sends ledger calls made outside a caller's transaction over at most `concurrency` connections at
 * once, several calls per round trip when they have queued up.
 *
 * Measured (`npm run bench`, docs/PERFORMANCE.md): on a busy server most of a ledger call's cost
 * outside its SQL is the round trip itself (a socket write and a wake-up on each side). While every
 * connection is busy, calls wait here; the next free connection takes up to `maxBatch` of them in
 * arrival order and sends them as one message, each still its own transaction (see ledger-call.ts).
 * An idle server sends each call at once, alone.
 */

/** What became of one call of a batch. */
export type BatchOutcome<R> =
  | { status: "done"; value: R }
  | { status: "failed"; error: unknown }
  /** The call never reached the database (an earlier call of its batch failed): send it again. */
  | { status: "not_run" }

type Queued<C, R> = { call: C; resolve: (value: R) => void; reject: (error: unknown) => void }

/**
 * `prepare` turns what a caller asks for into what is sent (e.g. its payload serialized) when the
 * call is made, not when its batch is: a call that cannot be prepared fails alone and never joins a
 * batch, so no batch fails for a reason that belongs to one of its calls.
 */
export class LedgerBatcher<C, R, In = C> {
  private active = 0
  private readonly queue: Queued<C, R>[] = []

  constructor(
    private readonly concurrency: number,
    private readonly maxBatch: number,
    /** Sends calls in one round trip and reports each one's outcome, in order. */
    private readonly send: (calls: C[]) => Promise<BatchOutcome<R>[]>,
    // Boundary cast: without a prepare step the queued input is the call itself (In is C).
    private readonly prepare: (input: In) => C = (input) => input as unknown as C
  ) {}

  /** Resolves with the call's result once it has run (and, for durable calls, is durable). */
  call(input: In): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const call = this.prepare(input)
      this.queue.push({ call, resolve, reject })
      this.pump()
    })
  }

  private pump() {
    while (this.active < this.concurrency && this.queue.length) {
      const batch = this.queue.splice(0, this.maxBatch)
      this.active++
      void this.sendBatch(batch).finally(() => {
        this.active--
        this.pump()
      })
    }
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
    // They were next in line: they stay first.
    this.queue.unshift(...notRun)
  }
}
