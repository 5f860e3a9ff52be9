import { Badge, Button, Text, createDataTableColumnHelper } from "@medusajs/ui"
import { useMemo } from "react"
import type { AdminServerApiKey } from "../../../../../../client/types"
import { OwnerTypeBadge, ServerApiKeyName, ServerApiKeyStatusBadge } from "../../../../../components/badges"
import { NumberCell, numberHeader } from "../../../../../components/list-table"
import { formatCredits, formatDate, formatDateTime } from "../../../../../lib/format"

const column = createDataTableColumnHelper<AdminServerApiKey>()

const Subtle = ({ children }: { children: React.ReactNode }) => (
  <Text size="xsmall" className="text-ui-fg-subtle">
    {children}
  </Text>
)

type Props = {
  ownerLabel: (key: AdminServerApiKey) => string
  channelName: (id: string) => string
  moduleName: (id: string) => string
  onRevoke: (key: AdminServerApiKey) => void
  revoking: boolean
}

/** The keys' columns: which key, who pays, where and what it may call, its limits, use and spend, and revoke. */
export function useServerApiKeyColumns({ ownerLabel, channelName, moduleName, onRevoke, revoking }: Props) {
  return useMemo(
    () => [
      column.accessor("name", {
        header: "Key",
        cell: ({ row: { original: key } }) => <ServerApiKeyName apiKey={key} />,
      }),
      column.accessor("owner_id", {
        header: "Payer",
        cell: ({ row: { original: key } }) => (
          <div className="flex flex-col items-start gap-y-1">
            <Text size="small">{ownerLabel(key)}</Text>
            <OwnerTypeBadge type={key.owner_type} />
          </div>
        ),
      }),
      column.accessor("sales_channel_id", {
        header: "Storefront",
        cell: ({ getValue }) => {
          const id = getValue()
          return id ? channelName(id) : "Any"
        },
      }),
      column.accessor("allowed_modules", {
        header: "Modules and models",
        cell: ({ row: { original: key } }) => (
          <div className="flex max-w-56 flex-col gap-y-1">
            <div className="flex flex-wrap gap-1">
              {key.allowed_modules.length ? (
                key.allowed_modules.map((m) => (
                  <Badge key={m} size="2xsmall">
                    {moduleName(m)}
                  </Badge>
                ))
              ) : (
                <Text size="small">Every module</Text>
              )}
            </div>
            {key.allowed_models.length ? <Subtle>{key.allowed_models.join(", ")}</Subtle> : null}
          </div>
        ),
      }),
      column.display({
        id: "limits",
        header: "Limits",
        cell: ({ row: { original: key } }) => (
          <div className="flex flex-col whitespace-nowrap">
            <Text size="small">
              {key.rate_limit_per_minute ? `${formatCredits(key.rate_limit_per_minute)} / minute` : "No rate limit"}
            </Text>
            <Subtle>
              {key.monthly_credit_limit ? `${formatCredits(key.monthly_credit_limit)} credits / month` : "No monthly limit"}
            </Subtle>
          </div>
        ),
      }),
      column.accessor("spent_this_month", {
        header: numberHeader("Spent this month"),
        cell: ({ getValue }) => <NumberCell>{formatCredits(getValue())}</NumberCell>,
      }),
      column.accessor("last_used_at", {
        header: "Last used",
        cell: ({ getValue }) => <span className="whitespace-nowrap">{getValue() ? formatDateTime(getValue()) : "Never"}</span>,
      }),
      column.accessor("status", { header: "Status", cell: ({ getValue }) => <ServerApiKeyStatusBadge status={getValue()} /> }),
      column.accessor("expires_at", {
        header: "Expires",
        cell: ({ getValue }) => <span className="whitespace-nowrap">{getValue() ? formatDate(getValue()) : "Never"}</span>,
      }),
      column.display({
        id: "actions",
        cell: ({ row: { original: key } }) =>
          key.status === "active" ? (
            <div className="flex justify-end">
              <Button size="small" variant="secondary" disabled={revoking} onClick={() => onRevoke(key)}>
                Revoke
              </Button>
            </div>
          ) : null,
      }),
    ],
    [ownerLabel, channelName, moduleName, onRevoke, revoking]
  )
}
