import type { Price, PriceRateField } from "../../../../lib/api"
import { decimalText } from "../../../../lib/format"

export const rateOf = (p: Price, field: PriceRateField) => decimalText(p[field], p[`raw_${field}`])

export const CREDIT_FIELDS: { field: PriceRateField; label: string }[] = [
  { field: "credits_per_1k_input_tokens", label: "Per 1K input tokens" },
  { field: "credits_per_1k_output_tokens", label: "Per 1K output tokens" },
  { field: "credits_per_request", label: "Per request" },
  { field: "credits_per_image", label: "Per image" },
]
export const COST_FIELDS: { field: PriceRateField; label: string }[] = [
  { field: "cost_per_1k_input_tokens", label: "Per 1K input tokens" },
  { field: "cost_per_1k_output_tokens", label: "Per 1K output tokens" },
  { field: "cost_per_request", label: "Per request" },
  { field: "cost_per_image", label: "Per image" },
]

