import type { BulkItemInput } from "../../../../lib/governance-api"

/** One prompt a line; an optional reference (e.g. a product id) before a tab or " | ". */
export function parseItems(text: string): BulkItemInput[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [first, ...rest] = line.split(/\t| \| /)
      return rest.length ? { reference: first.trim(), prompt: rest.join(" ").trim() } : { prompt: line }
    })
}

