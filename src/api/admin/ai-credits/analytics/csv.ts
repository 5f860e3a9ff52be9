import type { MedusaResponse } from "@medusajs/framework/http"

export type CsvColumn<Row> = { header: string; value: (row: Row) => unknown }

/**
 * RFC 4180 CSV with a header row. Text that a spreadsheet would run as a formula (starting with
 * =, +, -, @) is prefixed with an apostrophe; numbers are written as they are.
 */
export function toCsv<Row>(rows: Row[], columns: CsvColumn<Row>[]): string {
  const lines = [columns.map((c) => cell(c.header)).join(",")]
  for (const row of rows) {
    lines.push(columns.map((c) => cell(c.value(row))).join(","))
  }
  return lines.join("\r\n") + "\r\n"
}

function cell(value: unknown): string {
  if (value === null || value === undefined) {
    return ""
  }
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") {
    return String(value)
  }
  let text = typeof value === "string" ? value : JSON.stringify(value)
  if (/^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) {
    text = `'${text}`
  }
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** Sends CSV as a download named `<name>_<from>_<to>.csv`. */
export function sendCsv(res: MedusaResponse, name: string, range: { from: Date; to: Date }, body: string) {
  const day = (d: Date) => d.toISOString().slice(0, 13).replace("T", "-")
  res.setHeader("content-type", "text/csv; charset=utf-8")
  res.setHeader("content-disposition", `attachment; filename="${name}_${day(range.from)}_${day(range.to)}.csv"`)
  res.status(200).send(body)
}
