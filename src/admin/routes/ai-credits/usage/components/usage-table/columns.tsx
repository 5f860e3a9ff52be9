import { ArrowUturnLeft } from "@medusajs/icons"
import { Button, Text, Tooltip, createDataTableColumnHelper } from "@medusajs/ui"
import { useMemo } from "react"
import { Link } from "react-router-dom"
import { UsageStatusBadge } from "../../../../../components/badges"
import type { UsageEvent } from "../../../../../lib/api"
import { decimalNumber, formatCompact, formatCredits, formatDateTime, formatMoney, shortId } from "../../../../../lib/format"

type Names = {
  customerName: (id: string) => string
  channelName: (id: string) => string
  moduleName: (id: string) => string
}

const column = createDataTableColumnHelper<UsageEvent>()

const who = (e: UsageEvent, customerName: (id: string) => string) => {
  if (e.customer_id) {
    return (
      <Link to={`/customers/${e.customer_id}`} className="text-ui-fg-interactive hover:underline">
        {customerName(e.customer_id)}
      </Link>
    )
  }
  if (e.user_id) {
    return <span>Admin {shortId(e.user_id)}</span>
  }
  if (e.visitor_id) {
    return <span className="text-ui-fg-subtle">Visitor {shortId(e.visitor_id)}</span>
  }
  return <span className="text-ui-fg-muted">–</span>
}

const titled = (title: string, subtitle: string | null) => (
  <div className="flex flex-col">
    <Text size="small" className="whitespace-nowrap">
      {title}
    </Text>
    {subtitle ? (
      <Text size="xsmall" className="text-ui-fg-subtle">
        {subtitle}
      </Text>
    ) : null}
  </div>
)

const refundCell = (e: UsageEvent, onRefund: (event: UsageEvent) => void) =>
  e.status === "charged" && e.credits > 0 ? (
    <Button size="small" variant="transparent" onClick={() => onRefund(e)}>
      <ArrowUturnLeft />
      Refund
    </Button>
  ) : e.status === "refunded" && e.refund_reason ? (
    <Tooltip content={e.refund_reason}>
      <Text size="xsmall" className="text-ui-fg-subtle">
        Why?
      </Text>
    </Tooltip>
  ) : null

/** Metered AI requests: what ran, for whom, where, what it used and what it was charged. */
export function useUsageColumns({ customerName, channelName, moduleName }: Names, showWallet: boolean, onRefund: (event: UsageEvent) => void) {
  return useMemo(
    () => [
      column.accessor("created_at", {
        header: "Time",
        cell: ({ getValue }) => <span className="whitespace-nowrap">{formatDateTime(getValue())}</span>,
      }),
      column.accessor("module", {
        header: "Module",
        cell: ({ row }) => titled(moduleName(row.original.module), row.original.action),
      }),
      column.accessor("model", {
        header: "Model",
        cell: ({ row }) => titled(row.original.model ?? "–", row.original.provider),
      }),
      column.display({ id: "requested_by", header: "Requested by", cell: ({ row }) => who(row.original, customerName) }),
      column.accessor("sales_channel_id", {
        header: "Storefront",
        cell: ({ getValue }) => {
          const id = getValue()
          return <span className="whitespace-nowrap">{id ? channelName(id) : "–"}</span>
        },
      }),
      ...(showWallet
        ? [
            column.accessor("wallet_id", {
              header: "Wallet",
              cell: ({ getValue }) => (
                <Link to={`/ai-credits/wallets/${getValue()}`} className="text-ui-fg-interactive hover:underline">
                  {shortId(getValue())}
                </Link>
              ),
            }),
          ]
        : []),
      column.accessor((e) => e.input_tokens + e.output_tokens, {
        id: "tokens",
        header: "Tokens in / out",
        align: "right",
        cell: ({ row }) => (
          <span className="tabular-nums">
            {formatCompact(row.original.input_tokens)} / {formatCompact(row.original.output_tokens)}
          </span>
        ),
      }),
      column.accessor("credits", {
        header: "Credits",
        align: "right",
        cell: ({ row: { original: e } }) =>
          e.requested_credits > e.credits ? (
            <Tooltip content={`Cost ${formatCredits(e.requested_credits)} credits; the wallet could pay ${formatCredits(e.credits)}.`}>
              <span className="text-ui-tag-orange-text tabular-nums">{formatCredits(e.credits)}*</span>
            </Tooltip>
          ) : (
            <span className="tabular-nums">{formatCredits(e.credits)}</span>
          ),
      }),
      column.accessor("provider_cost", {
        header: "Provider cost",
        align: "right",
        cell: ({ row: { original: e } }) => (
          <span className="tabular-nums">{formatMoney(decimalNumber(e.provider_cost, e.raw_provider_cost), e.currency_code)}</span>
        ),
      }),
      column.accessor("status", { header: "Status", cell: ({ getValue }) => <UsageStatusBadge status={getValue()} /> }),
      column.display({ id: "refund", cell: ({ row }) => refundCell(row.original, onRefund) }),
    ],
    [customerName, channelName, moduleName, showWallet, onRefund]
  )
}
