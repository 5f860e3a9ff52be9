import { BatchOutcome, LedgerBatcher } from "../ledger-batch"

/** A fake database connection: records each batch it is sent and answers when told to. */
function fakeSend() {
  const batches: { calls: string[]; answer: (outcomes: BatchOutcome<string>[]) => void; fail: (error: Error) => void }[] = []
  const send = (calls: string[]) =>
    new Promise<BatchOutcome<string>[]>((resolve, reject) => batches.push({ calls, answer: resolve, fail: reject }))
  const done = (calls: string[]): BatchOutcome<string>[] => calls.map((call) => ({ status: "done", value: `${call}!` }))
  return { batches, send, done }
}

const tick = () => new Promise((resolve) => setImmediate(resolve))

describe("LedgerBatcher", () => {
  it("sends a call at once, alone, while a connection is free", async () => {
    const db = fakeSend()
    const batcher = new LedgerBatcher(2, 8, db.send)

    const a = batcher.call("a")
    const b = batcher.call("b")
    expect(db.batches.map((batch) => batch.calls)).toEqual([["a"], ["b"]])

    db.batches.forEach((batch) => batch.answer(db.done(batch.calls)))
    expect(await Promise.all([a, b])).toEqual(["a!", "b!"])
  })

  it("sends what queued while every connection was busy together, in arrival order, at most max_batch", async () => {
    const db = fakeSend()
    const batcher = new LedgerBatcher(1, 3, db.send)

    const results = ["a", "b", "c", "d", "e"].map((call) => batcher.call(call))
    db.batches[0].answer(db.done(db.batches[0].calls))
    await tick()
    db.batches[1].answer(db.done(db.batches[1].calls))
    await tick()
    db.batches[2].answer(db.done(db.batches[2].calls))

    expect(await Promise.all(results)).toEqual(["a!", "b!", "c!", "d!", "e!"])
    expect(db.batches.map((batch) => batch.calls)).toEqual([["a"], ["b", "c", "d"], ["e"]])
  })

  it("gives a failed call its error and sends a call that lost a lock conflict again, first and alone", async () => {
    const db = fakeSend()
    const batcher = new LedgerBatcher(1, 8, db.send)

    const first = batcher.call("first")
    const results = ["ok", "bad", "skipped"].map((call) => batcher.call(call).catch((error: Error) => error.message))
    const later = batcher.call("later")
    db.batches[0].answer(db.done(["first"]))
    await tick()
    db.batches[1].answer([
      { status: "done", value: "ok!" },
      { status: "failed", error: new Error("refused") },
      { status: "not_run" },
      { status: "not_run" },
    ])
    await tick()
    expect(db.batches[2].calls).toEqual(["skipped"])
    db.batches[2].answer(db.done(db.batches[2].calls))
    await tick()
    expect(db.batches[3].calls).toEqual(["later"])
    db.batches[3].answer(db.done(db.batches[3].calls))

    expect(await first).toBe("first!")
    expect(await Promise.all(results)).toEqual(["ok!", "refused", "skipped!"])
    expect(await later).toBe("later!")
  })

  it("fails every call of a batch whose round trip failed, and goes on with the next", async () => {
    const db = fakeSend()
    const batcher = new LedgerBatcher(1, 8, db.send)

    const first = batcher.call("first")
    const lost = ["x", "y"].map((call) => batcher.call(call).catch((error: Error) => error.message))
    db.batches[0].answer(db.done(["first"]))
    await tick()
    db.batches[1].fail(new Error("connection lost"))
    await tick()
    const next = batcher.call("next")
    db.batches[2].answer(db.done(["next"]))

    expect(await first).toBe("first!")
    expect(await Promise.all(lost)).toEqual(["connection lost", "connection lost"])
    expect(await next).toBe("next!")
  })

  it("fails a call that cannot be prepared alone, before it joins a batch; the calls queued around it are sent", async () => {
    const db = fakeSend()
    const serialize = (payload: unknown) => JSON.stringify(payload)
    const batcher = new LedgerBatcher<string, string, unknown>(1, 8, db.send, serialize)
    let poison: Record<string, unknown> = {}
    for (let depth = 0; depth < 100_000; depth++) {
      poison = { nested: poison }
    }

    const first = batcher.call("first")
    const queued = ["a", poison, "b"].map((payload) => batcher.call(payload).catch((error: Error) => error.name))
    db.batches[0].answer(db.done(db.batches[0].calls))
    await tick()

    expect(db.batches.map((batch) => batch.calls)).toEqual([['"first"'], ['"a"', '"b"']])
    db.batches[1].answer(db.done(db.batches[1].calls))
    expect(await first).toBe('"first"!')
    expect(await Promise.all(queued)).toEqual(['"a"!', "RangeError", '"b"!'])
  })
  it("keeps a wallet's calls in one batch at a time, in arrival order; other wallets go past", async () => {
    const db = fakeSend()
    const walletOf = (call: string) => call.split(":")[0]
    const batcher = new LedgerBatcher<string, string>(2, 8, db.send, undefined, walletOf)

    const results = ["w1:a", "w1:b", "w2:a", "w1:c", "w3:a"].map((call) => batcher.call(call))
    // w1:a goes at once; w1's later calls wait for it, w2:a takes the second connection.
    expect(db.batches.map((batch) => batch.calls)).toEqual([["w1:a"], ["w2:a"]])
    db.batches[1].answer(db.done(db.batches[1].calls))
    await tick()
    // The free connection takes what may go: w3, not w1 (still in flight).
    expect(db.batches[2].calls).toEqual(["w3:a"])
    db.batches[0].answer(db.done(db.batches[0].calls))
    await tick()
    expect(db.batches[3].calls).toEqual(["w1:b", "w1:c"])
    db.batches.slice(2).forEach((batch) => batch.answer(db.done(batch.calls)))

    expect(await Promise.all(results)).toEqual(["w1:a!", "w1:b!", "w2:a!", "w1:c!", "w3:a!"])
  })

  it("orders a batch by wallet, each wallet's calls in arrival order, calls of no known wallet last", async () => {
    const db = fakeSend()
    const walletOf = (call: string) => (call.includes(":") ? call.split(":")[0] : undefined)
    const batcher = new LedgerBatcher<string, string>(1, 8, db.send, undefined, walletOf)

    const results = ["w0:first", "anon1", "w2:a", "w1:a", "w2:b", "anon2", "w1:b"].map((call) => batcher.call(call))
    db.batches[0].answer(db.done(db.batches[0].calls))
    await tick()
    expect(db.batches[1].calls).toEqual(["w1:a", "w1:b", "w2:a", "w2:b", "anon1", "anon2"])
    db.batches[1].answer(db.done(db.batches[1].calls))
    await Promise.all(results)
  })
  it("takes up to four times max_batch calls of one wallet in a batch, max_batch of different wallets", async () => {
    const db = fakeSend()
    const walletOf = (call: string) => call.split(":")[0]
    const batcher = new LedgerBatcher<string, string>(1, 2, db.send, undefined, walletOf)

    const calls = ["hot:0", ...Array.from({ length: 9 }, (_, i) => `hot:${i + 1}`), "w2:a", "w3:a", "w4:a"]
    const results = calls.map((call) => batcher.call(call))
    for (let i = 0; i < db.batches.length; i++) {
      db.batches[i].answer(db.done(db.batches[i].calls))
      await tick()
    }

    expect(db.batches.map((batch) => batch.calls)).toEqual([
      ["hot:0"],
      ["hot:1", "hot:2", "hot:3", "hot:4", "hot:5", "hot:6", "hot:7", "hot:8"],
      ["hot:9", "w2:a"],
      ["w3:a", "w4:a"],
    ])
    await Promise.all(results)
  })
})
