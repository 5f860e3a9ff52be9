import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { sendCsv, toCsv } from "../csv"
import type { AdminAnalyticsRoiType } from "../validators"
import { buildRoiReport, type RoiReport } from "./roi-report"

/**
 * AI ROI of a period: revenue of AI-assisted orders against AI spend, cart conversion with and
 * without AI, and savings from automation, with the attribution rule. `format=csv` downloads it
 * as metric,value rows.
 */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminAnalyticsRoiType>, res: MedusaResponse) => {
  const { from, to, format } = req.validatedQuery
  const report = await buildRoiReport(req.scope, { from, to })
  if (format === "csv") {
    sendCsv(res, "ai-roi", { from, to }, toCsv(flatten(report), [
      { header: "metric", value: (row) => row[0] },
      { header: "value", value: (row) => row[1] },
    ]))
    return
  }
  res.json(report)
}

/** `{ a: { b: 1 }, c: [{ currency_code: "usd", x: 2 }] }` -> `[["a.b", 1], ["c.usd.x", 2]]`. */
function flatten(report: RoiReport): [string, unknown][] {
  const out: [string, unknown][] = []
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value) && value.every((v) => typeof v === "object" && v && "currency_code" in v)) {
      for (const item of value as Record<string, unknown>[]) {
        const { currency_code, ...rest } = item
        walk(rest, `${path}.${currency_code}`)
      }
    } else if (Array.isArray(value)) {
      out.push([path, value.join(" ")])
    } else if (value && typeof value === "object") {
      for (const [key, v] of Object.entries(value)) {
        walk(v, path ? `${path}.${key}` : key)
      }
    } else {
      out.push([path, value])
    }
  }
  walk(report, "")
  return out
}
