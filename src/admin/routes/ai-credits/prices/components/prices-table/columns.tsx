import { Badge, Button, Text, clx, createDataTableColumnHelper } from "@medusajs/ui"
import { useMemo, type ReactNode } from "react"
import type { Price, PriceRateField } from "../../../../../lib/api"
import { formatDateTime, humanize } from "../../../../../lib/format"
import { rateOf } from "../rates"

const column = createDataTableColumnHelper<Price>()

/** A superseded version reads muted, as its whole row did. */
const inRow = (p: Price, content: ReactNode, className?: string) => (
  <div className={clx(className, { "text-ui-fg-muted": Boolean(p.superseded_at) })}>{content}</div>
)

const RATE_COLUMNS: { field: PriceRateField; header: string; cost?: boolean }[] = [
  { field: "credits_per_1k_input_tokens", header: "Credits / 1K in" },
  { field: "credits_per_1k_output_tokens", header: "Credits / 1K out" },
  { field: "credits_per_request", header: "Credits / req" },
  { field: "credits_per_image", header: "Credits / image" },
  { field: "cost_per_1k_input_tokens", header: "Cost / 1K in", cost: true },
  { field: "cost_per_1k_output_tokens", header: "Cost / 1K out", cost: true },
  { field: "cost_per_request", header: "Cost / req", cost: true },
]

/** The rate cards' columns; with `history`, each version says whether it is current. */
export function usePriceColumns(history: boolean, onChange: (price: Price) => void) {
  return useMemo(
    () => [
      column.accessor("model", {
        header: "Model",
        cell: ({ row: { original: p } }) =>
          inRow(
            p,
            <>
              <Text size="small" weight="plus">
                {p.model}
              </Text>
              <Text size="xsmall" className="text-ui-fg-subtle">
                {p.provider}
              </Text>
            </>,
            "flex flex-col"
          ),
      }),
      column.accessor("scope_type", {
        header: "Applies to",
        cell: ({ row: { original: p } }) =>
          inRow(p, p.scope_type === "default" ? "Everyone" : `${humanize(p.scope_type)} ${p.scope_id ?? ""}`),
      }),
      column.accessor("version", {
        header: "Version",
        align: "right",
        cell: ({ row: { original: p } }) =>
          inRow(
            p,
            <>
              {history ? (
                <Badge size="2xsmall" color={p.superseded_at ? "grey" : "green"}>
                  {p.superseded_at ? "Superseded" : "Current"}
                </Badge>
              ) : null}
              <span className="tabular-nums">v{p.version}</span>
            </>,
            "flex items-center justify-end gap-x-2"
          ),
      }),
      ...RATE_COLUMNS.map(({ field, header, cost }) =>
        column.accessor(field, {
          header,
          align: "right",
          cell: ({ row: { original: p } }) =>
            inRow(
              p,
              <>
                {rateOf(p, field)}
                {cost ? <span className="text-ui-fg-muted"> {p.currency_code?.toUpperCase()}</span> : null}
              </>,
              "tabular-nums"
            ),
        })
      ),
      column.accessor("created_at", {
        header: "Since",
        cell: ({ row: { original: p } }) =>
          inRow(
            p,
            <>
              {formatDateTime(p.created_at)}
              {p.superseded_at ? (
                <Text size="xsmall" className="text-ui-fg-muted">
                  until {formatDateTime(p.superseded_at)}
                </Text>
              ) : null}
            </>,
            "whitespace-nowrap"
          ),
      }),
      column.display({
        id: "change",
        cell: ({ row: { original: p } }) =>
          p.superseded_at ? null : (
            <Button size="small" variant="transparent" onClick={() => onChange(p)}>
              Change
            </Button>
          ),
      }),
    ],
    [history, onChange]
  )
}
