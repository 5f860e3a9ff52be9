import { ArrowUturnLeft } from "@medusajs/icons"
import { Button, Table, Text, Tooltip } from "@medusajs/ui"
import { Link } from "react-router-dom"
import type { UsageEvent } from "../lib/api"
import { decimalNumber, formatCompact, formatCredits, formatDateTime, formatMoney, shortId } from "../lib/format"
import { UsageStatusBadge } from "./badges"

type Props = {
  events: UsageEvent[]
  customerName: (id: string) => string
  channelName: (id: string) => string
  moduleName: (id: string) => string
  onRefund?: (event: UsageEvent) => void
  showWallet?: boolean
}

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

/** Metered AI requests: what ran, for whom, where, what it used and what it was charged. */
export const UsageTable = ({ events, customerName, channelName, moduleName, onRefund, showWallet }: Props) => (
  <div className="overflow-x-auto">
    <Table>
      <Table.Header>
        <Table.Row>
          <Table.HeaderCell>Time</Table.HeaderCell>
          <Table.HeaderCell>Module</Table.HeaderCell>
          <Table.HeaderCell>Model</Table.HeaderCell>
          <Table.HeaderCell>Requested by</Table.HeaderCell>
          <Table.HeaderCell>Storefront</Table.HeaderCell>
          {showWallet ? <Table.HeaderCell>Wallet</Table.HeaderCell> : null}
          <Table.HeaderCell className="text-right">Tokens in / out</Table.HeaderCell>
          <Table.HeaderCell className="text-right">Credits</Table.HeaderCell>
          <Table.HeaderCell className="text-right">Provider cost</Table.HeaderCell>
          <Table.HeaderCell>Status</Table.HeaderCell>
          {onRefund ? <Table.HeaderCell /> : null}
        </Table.Row>
      </Table.Header>
      <Table.Body>
        {events.map((e) => {
          const short = e.requested_credits > e.credits
          return (
            <Table.Row key={e.id}>
              <Table.Cell className="whitespace-nowrap">{formatDateTime(e.created_at)}</Table.Cell>
              <Table.Cell>
                <div className="flex flex-col">
                  <Text size="small">{moduleName(e.module)}</Text>
                  {e.action ? (
                    <Text size="xsmall" className="text-ui-fg-subtle">
                      {e.action}
                    </Text>
                  ) : null}
                </div>
              </Table.Cell>
              <Table.Cell>
                <div className="flex flex-col">
                  <Text size="small" className="whitespace-nowrap">
                    {e.model ?? "–"}
                  </Text>
                  {e.provider ? (
                    <Text size="xsmall" className="text-ui-fg-subtle">
                      {e.provider}
                    </Text>
                  ) : null}
                </div>
              </Table.Cell>
              <Table.Cell>{who(e, customerName)}</Table.Cell>
              <Table.Cell className="whitespace-nowrap">{e.sales_channel_id ? channelName(e.sales_channel_id) : "–"}</Table.Cell>
              {showWallet ? (
                <Table.Cell className="whitespace-nowrap">
                  <Link to={`/ai-credits/wallets/${e.wallet_id}`} className="text-ui-fg-interactive hover:underline">
                    {shortId(e.wallet_id)}
                  </Link>
                </Table.Cell>
              ) : null}
              <Table.Cell className="text-right tabular-nums">
                {formatCompact(e.input_tokens)} / {formatCompact(e.output_tokens)}
              </Table.Cell>
              <Table.Cell className="text-right tabular-nums">
                {short ? (
                  <Tooltip content={`Cost ${formatCredits(e.requested_credits)} credits; the wallet could pay ${formatCredits(e.credits)}.`}>
                    <span className="text-ui-tag-orange-text">{formatCredits(e.credits)}*</span>
                  </Tooltip>
                ) : (
                  formatCredits(e.credits)
                )}
              </Table.Cell>
              <Table.Cell className="text-right tabular-nums">
                {formatMoney(decimalNumber(e.provider_cost, e.raw_provider_cost), e.currency_code)}
              </Table.Cell>
              <Table.Cell>
                <UsageStatusBadge status={e.status} />
              </Table.Cell>
              {onRefund ? (
                <Table.Cell className="text-right">
                  {e.status === "charged" && e.credits > 0 ? (
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
                  ) : null}
                </Table.Cell>
              ) : null}
            </Table.Row>
          )
        })}
      </Table.Body>
    </Table>
  </div>
)
