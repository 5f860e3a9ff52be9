import { Badge, StatusBadge, Text } from "@medusajs/ui"
import type { OwnerType } from "../lib/api"
import { OWNER_TYPE_LABELS, humanize } from "../lib/format"

type Color = "green" | "red" | "blue" | "orange" | "grey" | "purple"

const GRANT_STATUS: Record<string, Color> = {
  active: "green",
  pending: "blue",
  depleted: "grey",
  expired: "orange",
  revoked: "red",
}

export const GrantStatusBadge = ({ status }: { status: string }) => (
  <StatusBadge color={GRANT_STATUS[status] ?? "grey"}>{humanize(status)}</StatusBadge>
)

const LEDGER_TYPE: Record<string, Color> = {
  grant: "green",
  adjust: "purple",
  allocate: "blue",
  transfer: "blue",
  reserve: "grey",
  release: "grey",
  capture: "orange",
  expire: "orange",
  revoke: "red",
  refund: "green",
}

export const LedgerTypeBadge = ({ type }: { type: string }) => (
  <Badge size="2xsmall" color={LEDGER_TYPE[type] ?? "grey"}>
    {humanize(type)}
  </Badge>
)

const OWNER_TYPE: Record<OwnerType, Color> = {
  customer: "blue",
  customer_group: "purple",
  sales_channel: "green",
  pool: "orange",
  store: "grey",
}

export const OwnerTypeBadge = ({ type }: { type: OwnerType | string }) => (
  <Badge size="2xsmall" color={OWNER_TYPE[type as OwnerType] ?? "grey"}>
    {OWNER_TYPE_LABELS[type as OwnerType] ?? humanize(type)}
  </Badge>
)

const SEVERITY: Record<string, Color> = { info: "blue", warning: "orange", critical: "red" }

export const SeverityBadge = ({ severity }: { severity: string }) => (
  <StatusBadge color={SEVERITY[severity] ?? "grey"}>{humanize(severity)}</StatusBadge>
)

export const UsageStatusBadge = ({ status }: { status: string }) => (
  <StatusBadge color={status === "refunded" ? "orange" : "green"}>{humanize(status)}</StatusBadge>
)

const SERVER_API_KEY_STATUS: Record<string, Color> = { active: "green", revoked: "red", expired: "orange" }

export const ServerApiKeyStatusBadge = ({ status }: { status: string }) => (
  <StatusBadge color={SERVER_API_KEY_STATUS[status] ?? "grey"}>{humanize(status)}</StatusBadge>
)

/** A server API key as admins recognise it: its name over its visible prefix (the secret is never shown again). */
export const ServerApiKeyName = ({ apiKey }: { apiKey: { name: string; token_prefix: string } }) => (
  <div className="flex flex-col py-1">
    <Text size="small" weight="plus">
      {apiKey.name}
    </Text>
    <Text size="xsmall" className="text-ui-fg-subtle font-mono">
      {apiKey.token_prefix}…
    </Text>
  </div>
)
