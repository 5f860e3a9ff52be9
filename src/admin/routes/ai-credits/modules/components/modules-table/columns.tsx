import { Badge, StatusBadge, Text, createDataTableColumnHelper } from "@medusajs/ui"
import type { AiModule } from "../../../../../lib/api"
import { formatCompact, humanize } from "../../../../../lib/format"
import { TitleCell } from "../../../../../components/list-table"

const FALLBACK_TEXT: Record<string, string> = {
  cheaper_model: "Switch to a cheaper model",
  degrade: "The widget's non-AI path",
  disable: "Refuse the request",
  upgrade_prompt: "Offer the credit packs on sale",
}

const fallbackDetail = (m: AiModule) => {
  const f = m.fallback
  if (f.type === "cheaper_model") {
    return `${f.provider ? `${f.provider} / ` : ""}${f.model ?? "?"}`
  }
  return FALLBACK_TEXT[f.type]
}

const titled = (title: string, subtitle: string, weight?: "plus") => (
  <div className="flex flex-col">
    <Text size="small" weight={weight}>
      {title}
    </Text>
    <Text size="xsmall" className="text-ui-fg-subtle">
      {subtitle}
    </Text>
  </div>
)

const column = createDataTableColumnHelper<AiModule>()

/** The AI modules' columns: what runs, on what, and what happens when credits run out. */
export const MODULE_COLUMNS = [
  column.accessor("name", { header: "Module", cell: ({ row: { original: m } }) => titled(m.name, m.id, "plus") }),
  column.accessor("enabled", {
    header: "Status",
    cell: ({ getValue }) => <StatusBadge color={getValue() ? "green" : "grey"}>{getValue() ? "Enabled" : "Disabled"}</StatusBadge>,
  }),
  column.accessor("model", { header: "Provider / model", cell: ({ row: { original: m } }) => titled(m.model, m.provider) }),
  column.accessor("allowed_models", {
    header: "Allowed models",
    cell: ({ getValue }) => (
      <div className="flex max-w-xs flex-wrap gap-1">
        {getValue().map((model) => (
          <Badge key={model} size="2xsmall">
            {model}
          </Badge>
        ))}
      </div>
    ),
  }),
  column.accessor("max_output_tokens", {
    header: "Max output",
    align: "right",
    cell: ({ getValue }) => <span className="tabular-nums">{formatCompact(getValue())} tokens</span>,
  }),
  column.accessor("estimate", {
    header: "Default estimate",
    cell: ({ getValue }) => (
      <Text size="xsmall" className="text-ui-fg-subtle whitespace-nowrap">
        {formatCompact(getValue().input_tokens)} in · {formatCompact(getValue().output_tokens)} out
        {getValue().images ? ` · ${getValue().images} img` : ""}
      </Text>
    ),
  }),
  column.accessor("fallback", {
    header: "When credits run out",
    cell: ({ row: { original: m } }) => (
      <TitleCell title={humanize(m.fallback.type)} detail={fallbackDetail(m) || undefined} className="max-w-sm">
        {m.fallback.message ? (
          <Text size="xsmall" className="text-ui-fg-muted whitespace-normal italic">
            “{m.fallback.message}”
          </Text>
        ) : null}
      </TitleCell>
    ),
  }),
]
