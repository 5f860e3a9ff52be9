export type LoadResult = { count: number; errors: number; perSecond: number; p50Ms: number; p99Ms: number }

/**
 * Runs `task` from `callers` concurrent loops for `seconds`, after a short warm-up, and reports
 * completed tasks per second and latency percentiles. A failed task counts as an error, not a
 * completion.
 */
export async function runLoad(callers: number, seconds: number, task: () => Promise<unknown>): Promise<LoadResult> {
  const warmUpEnd = Date.now() + Math.min(2_000, seconds * 200)
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (Date.now() < warmUpEnd) {
        await task().catch(() => undefined)
      }
    })
  )

  const latencies: number[] = []
  let errors = 0
  const start = process.hrtime.bigint()
  const end = Date.now() + seconds * 1000
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (Date.now() < end) {
        const t0 = process.hrtime.bigint()
        try {
          await task()
          latencies.push(Number(process.hrtime.bigint() - t0) / 1e6)
        } catch (error) {
          if (errors++ === 0) {
            console.error("bench task failed:", error)
          }
        }
      }
    })
  )
  const elapsedS = Number(process.hrtime.bigint() - start) / 1e9
  latencies.sort((a, b) => a - b)
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0
  return { count: latencies.length, errors, perSecond: latencies.length / elapsedS, p50Ms: pct(0.5), p99Ms: pct(0.99) }
}
