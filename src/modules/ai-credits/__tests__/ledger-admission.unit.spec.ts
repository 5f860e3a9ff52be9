import { LedgerAdmission, RecentWallets } from "../ledger-admission"

/** A task that stays in flight until `finish()` is called. */
function openTask<T>(value: T) {
  let finish!: () => void
  let fail!: (error: Error) => void
  const done = new Promise<T>((resolve, reject) => {
    finish = () => resolve(value)
    fail = reject
  })
  return { run: () => done, finish, fail }
}

const tick = () => new Promise((resolve) => setImmediate(resolve))

describe("LedgerAdmission", () => {
  it("sends at most `concurrency` calls at once and the rest in arrival order", async () => {
    const admission = new LedgerAdmission(2, 10)
    const tasks = [openTask(1), openTask(2), openTask(3), openTask(4)]
    const started: number[] = []
    const results = tasks.map((task, i) =>
      admission.run(`wallet_${i}`, () => {
        started.push(i)
        return task.run()
      })
    )
    await tick()
    expect(started).toEqual([0, 1])

    tasks[1].finish()
    await tick()
    expect(started).toEqual([0, 1, 2])

    tasks[0].finish()
    tasks[2].finish()
    tasks[3].finish()
    expect(await Promise.all(results)).toEqual([1, 2, 3, 4])
    expect(started).toEqual([0, 1, 2, 3])
  })

  it("sends at most `per_wallet` calls of one wallet at once; other wallets go past", async () => {
    const admission = new LedgerAdmission(10, 1)
    const first = openTask("a1")
    const started: string[] = []
    const calls = [
      admission.run("wallet_a", () => (started.push("a1"), first.run())),
      admission.run("wallet_a", async () => (started.push("a2"), "a2")),
      admission.run("wallet_b", async () => (started.push("b1"), "b1")),
    ]
    await tick()
    expect(started).toEqual(["a1", "b1"])

    first.finish()
    expect(await Promise.all(calls)).toEqual(["a1", "a2", "b1"])
    expect(started).toEqual(["a1", "b1", "a2"])
  })

  it("frees the slots of a call that failed", async () => {
    const admission = new LedgerAdmission(1, 1)
    const failing = openTask(0)
    const first = admission.run("wallet_a", failing.run)
    const second = admission.run("wallet_a", async () => "ran")
    failing.fail(new Error("deadlock detected"))

    await expect(first).rejects.toThrow("deadlock detected")
    expect(await second).toBe("ran")
  })

  it("queues calls of an unknown wallet only behind the process limit", async () => {
    const admission = new LedgerAdmission(2, 1)
    const started: number[] = []
    const tasks = [openTask(1), openTask(2)]
    const calls = tasks.map((task, i) => admission.run(undefined, () => (started.push(i), task.run())))
    await tick()
    expect(started).toEqual([0, 1])
    tasks.forEach((task) => task.finish())
    expect(await Promise.all(calls)).toEqual([1, 2])
  })
})

describe("RecentWallets", () => {
  it("forgets the oldest entries beyond its limit", () => {
    const recent = new RecentWallets(2)
    recent.set("aires_1", "aiwal_1")
    recent.set("aires_2", "aiwal_2")
    recent.set("aires_3", "aiwal_3")

    expect(recent.get("aires_1")).toBeUndefined()
    expect(recent.get("aires_2")).toBe("aiwal_2")
    expect(recent.get("aires_3")).toBe("aiwal_3")
  })
})
