import { Buildings, Key, Receipt, Tag } from "@medusajs/icons"
import { Badge, Button, Container, Text, Tooltip, createDataTableColumnHelper, toast } from "@medusajs/ui"
import { useEffect, useMemo, useRef, useState } from "react"
import { z } from "zod"
import type { AdminServerApiKey } from "../../client/types"
import {
  MAX_CREDITS_PER_OPERATION,
  errorMessage,
  errorStatus,
  newIdempotencyKey,
  type Grant,
  type LedgerEntry,
  type PoolMember,
  type Wallet,
  type WalletDetail,
} from "../lib/api"
import { decimalNumber, formatCredits, formatDate, formatDateTime, formatMoney, formatSigned, humanize, shortId } from "../lib/format"
import { useServerApiKeys } from "../hooks/api/api-keys"
import { useSalesChannelNames } from "../hooks/api/owners"
import { useAllocateCredits, useUpdateWallet, useUpsertPoolMember, useWalletLedger } from "../hooks/api/wallets"
import { GrantStatusBadge, LedgerTypeBadge, ServerApiKeyName, ServerApiKeyStatusBadge } from "./badges"
import { reasonText } from "../lib/form-schemas"
import { FormDrawer, TextField, drawerSaveCallbacks, useZodForm } from "./form"
import { SelectFilterField } from "./form-select"
import { ListTable, NumberCell, numberHeader } from "./list-table"
import { usePaging } from "./pagination"
import { SectionHeader, Stat, type EmptyStateProps } from "./states"
import { LinkButton } from "./list-page"

/** Balance, holds, what is available, overage and the hold cap of one wallet. */
export const WalletBalances = ({ wallet }: { wallet: Wallet }) => (
  <div className="grid grid-cols-2 gap-6 px-6 py-4 md:grid-cols-4">
    <Stat label="Balance" value={formatCredits(wallet.balance)} tone={wallet.balance < 0 ? "error" : "default"} />
    <Stat label="Held" value={formatCredits(wallet.reserved)} hint="By requests in flight" />
    <Stat
      label="Available"
      value={formatCredits(wallet.available)}
      tone={wallet.available <= 0 ? "error" : "default"}
    />
    <Stat
      label="Overage"
      value={`${formatCredits(wallet.overage_used)} / ${formatCredits(wallet.overage_limit)}`}
      hint={wallet.overage_limit ? "Used / allowed below zero" : "No overage allowed"}
      tone={wallet.overage_used > 0 ? "warning" : "default"}
    />
  </div>
)

const grantUnitPrice = (g: Grant) => {
  const price = decimalNumber(g.unit_price)
  return price > 0 ? `${formatMoney(price, g.currency_code ?? "usd")} / credit` : undefined
}

const grantColumn = createDataTableColumnHelper<Grant>()

/** What each grant brought, what is left of it, when it counts, and where it came from. */
const GRANT_COLUMNS = [
  grantColumn.accessor("source", { header: "Source", cell: ({ getValue }) => humanize(getValue()) }),
  grantColumn.accessor("status", { header: "Status", cell: ({ getValue }) => <GrantStatusBadge status={getValue()} /> }),
  grantColumn.display({
    id: "remaining",
    header: numberHeader("Remaining / granted"),
    cell: ({ row: { original: g } }) => {
      const pct = g.amount > 0 ? Math.max(0, Math.min(1, g.remaining / g.amount)) : 0
      return (
        <div className="flex flex-col items-end gap-y-1">
          <Text size="small" className="tabular-nums">
            {formatCredits(g.remaining)} / {formatCredits(g.amount)}
          </Text>
          <div className="bg-ui-bg-component h-1 w-20 overflow-hidden rounded-full" aria-hidden>
            <div className="bg-ui-fg-interactive h-full" style={{ width: `${pct * 100}%` }} />
          </div>
        </div>
      )
    },
  }),
  grantColumn.accessor("priority", {
    header: numberHeader("Priority"),
    cell: ({ getValue }) => <NumberCell>{getValue()}</NumberCell>,
  }),
  grantColumn.accessor("effective_at", {
    header: "Effective",
    cell: ({ getValue }) => <span className="whitespace-nowrap">{formatDate(getValue())}</span>,
  }),
  grantColumn.accessor("expires_at", {
    header: "Expires",
    cell: ({ getValue }) => {
      const expiresAt = getValue()
      return <span className="whitespace-nowrap">{expiresAt ? formatDate(expiresAt) : "Never"}</span>
    },
  }),
  grantColumn.display({
    id: "modules",
    header: "Modules",
    cell: ({ row: { original: g } }) =>
      g.modules?.length ? (
        <div className="flex flex-wrap gap-1">
          {g.modules.map((m) => (
            <Badge key={m} size="2xsmall">
              {m}
            </Badge>
          ))}
        </div>
      ) : (
        <Text size="small" className="text-ui-fg-subtle">
          All
        </Text>
      ),
  }),
  grantColumn.display({
    id: "cost_basis",
    header: "Cost basis",
    cell: ({ row: { original: g } }) => (
      <div className="flex flex-col">
        <Text size="small">{humanize(g.cost_basis)}</Text>
        {grantUnitPrice(g) ? (
          <Text size="xsmall" className="text-ui-fg-subtle">
            {grantUnitPrice(g)}
          </Text>
        ) : null}
      </div>
    ),
  }),
  grantColumn.display({
    id: "reference",
    header: "Reference",
    cell: ({ row: { original: g } }) =>
      g.reference_type ? (
        <Tooltip content={`${g.reference_type} ${g.reference_id ?? ""}`}>
          <Text size="small" className="text-ui-fg-subtle">
            {humanize(g.reference_type)} {shortId(g.reference_id)}
          </Text>
        </Tooltip>
      ) : (
        "–"
      ),
  }),
]

const NO_GRANTS: EmptyStateProps = {
  icon: <Tag />,
  title: "No grants yet",
  description: "A purchase, a plan, a trial or an adjustment adds a grant.",
}

/** The grants of a wallet, newest first: where its credits came from and what is left of each. */
export const GrantsSection = ({ grants }: { grants: Grant[] }) => (
  <Container className="divide-y p-0">
    <SectionHeader
      title="Grants"
      description="Credits that came in together. Spending burns module-restricted grants first, then by priority, soonest expiry, promotional before paid, oldest."
    />
    <ListTable rows={grants} columns={GRANT_COLUMNS} empty={NO_GRANTS} />
  </Container>
)

const LEDGER_PAGE = 20

const actorText = (type: string, id: string | null) => {
  if (type === "system") {
    return "System"
  }
  return `${humanize(type)}${id ? ` ${shortId(id)}` : ""}`
}

const ledgerColumn = createDataTableColumnHelper<LedgerEntry>()

const signedClass = (n: number) => (n > 0 ? "text-ui-tag-green-text" : n < 0 ? "text-ui-fg-error" : "text-ui-fg-muted")

/** Each ledger entry: when, what kind, how it moved the balance and held credits, by whom and why. */
const LEDGER_COLUMNS = [
  ledgerColumn.accessor("created_at", {
    header: "Time",
    cell: ({ getValue }) => <span className="whitespace-nowrap">{formatDateTime(getValue())}</span>,
  }),
  ledgerColumn.accessor("type", { header: "Type", cell: ({ getValue }) => <LedgerTypeBadge type={getValue()} /> }),
  ledgerColumn.accessor("amount", {
    header: numberHeader("Amount"),
    cell: ({ getValue }) => <NumberCell className={signedClass(getValue())}>{formatSigned(getValue())}</NumberCell>,
  }),
  ledgerColumn.accessor("reserved_delta", {
    header: numberHeader("Held Δ"),
    cell: ({ getValue }) => (
      <NumberCell className="text-ui-fg-subtle">{getValue() ? formatSigned(getValue()) : "–"}</NumberCell>
    ),
  }),
  ledgerColumn.accessor("balance_after", {
    header: numberHeader("Balance after"),
    cell: ({ getValue }) => <NumberCell>{formatCredits(getValue())}</NumberCell>,
  }),
  ledgerColumn.accessor("module", { header: "Module", cell: ({ getValue }) => getValue() ?? "–" }),
  ledgerColumn.display({
    id: "actor",
    header: "Actor",
    cell: ({ row: { original: e } }) => <span className="whitespace-nowrap">{actorText(e.actor_type, e.actor_id)}</span>,
  }),
  ledgerColumn.accessor("reason", {
    header: "Reason",
    cell: ({ getValue }) => (
      <Text size="small" className="max-w-64 truncate" title={getValue()}>
        {getValue()}
      </Text>
    ),
  }),
]

const NO_LEDGER_ENTRIES: EmptyStateProps = {
  icon: <Receipt />,
  title: "No ledger entries",
  description: "The first grant writes the first entry.",
}

/** The append-only ledger of a wallet, newest first, a page at a time. */
export const LedgerSection = ({ walletId }: { walletId: string }) => {
  const paging = usePaging(LEDGER_PAGE, walletId)
  const ledger = useWalletLedger(walletId, { limit: paging.limit, offset: paging.offset })
  return (
    <Container className="divide-y p-0">
      <SectionHeader
        title="Ledger"
        description="Every change of the balance and of held credits. Entries are never edited; they always sum to the balance."
      />
      <ListTable
        rows={ledger.data?.ledger_entries ?? []}
        columns={LEDGER_COLUMNS}
        query={ledger}
        paging={paging.of(ledger.data?.count ?? 0)}
        empty={NO_LEDGER_ENTRIES}
      />
    </Container>
  )
}

const parseWhole = (text: string, { allowEmpty, min }: { allowEmpty: boolean; min: number }) => {
  const t = text.trim()
  if (!t) {
    return allowEmpty ? { value: null } : { error: "Required." }
  }
  if (!/^\d+$/.test(t)) {
    return { error: "A whole number of credits." }
  }
  const n = Number(t)
  if (n < min) {
    return { error: `At least ${min}.` }
  }
  if (n > MAX_CREDITS_PER_OPERATION) {
    return { error: `At most ${formatCredits(MAX_CREDITS_PER_OPERATION)}.` }
  }
  return { value: n }
}

/** Whole credits as typed, checked by parseWhole: its value, or null when empty and allowed. */
const wholeCredits = (options: { allowEmpty: boolean; min: number }) =>
  z.string().transform((text, ctx) => {
    const parsed = parseWhole(text, options)
    if (parsed.error !== undefined) {
      ctx.addIssue({ code: "custom", message: parsed.error })
      return z.NEVER
    }
    return parsed.value ?? null
  })

const storefront = z.string().min(1, "Choose a storefront.")

const WalletSettingsSchema = z.object({
  name: z.string().trim().max(255, "At most 255 characters."),
  overage: wholeCredits({ allowEmpty: false, min: 0 }),
  holdCap: wholeCredits({ allowEmpty: true, min: 1 }),
})

const AllocateSchema = z.object({
  channel: storefront,
  amount: wholeCredits({ allowEmpty: false, min: 1 }),
  reason: reasonText("Say why: it goes on both ledgers."),
})

const MemberSchema = z.object({ channel: storefront, cap: wholeCredits({ allowEmpty: true, min: 1 }) })

/** Name, overage limit and hold cap of a wallet. */
export const EditWalletDrawer = ({
  wallet,
  open,
  onOpenChange,
}: {
  wallet: WalletDetail
  open: boolean
  onOpenChange: (open: boolean) => void
}) => {
  const defaults = {
    name: wallet.name ?? "",
    overage: String(wallet.overage_limit ?? 0),
    holdCap: wallet.max_hold_credits === null ? "" : String(wallet.max_hold_credits),
  }
  // From the wallet each time the drawer opens: a refetch while editing must not wipe what was typed.
  const form = useZodForm(WalletSettingsSchema, defaults, open)

  const mutation = useUpdateWallet(wallet.id, drawerSaveCallbacks(onOpenChange, "Wallet updated", "Could not update the wallet"))

  const submit = form.handleSubmit((values) =>
    mutation.mutate({ name: values.name || null, overage_limit: values.overage ?? 0, max_hold_credits: values.holdCap })
  )

  return (
    <FormDrawer
      open={open}
      onOpenChange={onOpenChange}
      title="Wallet settings"
      submitLabel="Save"
      isPending={mutation.isPending}
      onSubmit={submit}
    >
      <TextField form={form} name="name" id="wallet-name" label="Name" optional hint="Shown instead of the owner's name." />
      <TextField
        form={form}
        name="overage"
        id="wallet-overage"
        label="Overage limit"
        inputMode="numeric"
        hint="How far below zero the wallet may go; its next grant settles the overage. 0 allows none."
      />
      <TextField
        form={form}
        name="holdCap"
        id="wallet-hold-cap"
        label="Largest hold"
        optional
        inputMode="numeric"
        hint="Caps a single authorization's estimate for this wallet. Empty: the plugin's max_hold_credits option applies."
      />
    </FormDrawer>
  )
}

/** Moves pool credit to one of its member storefronts. */
const AllocateDrawer = ({
  pool,
  members,
  channelName,
  open,
  onOpenChange,
}: {
  pool: WalletDetail
  members: PoolMember[]
  channelName: (id: string) => string
  open: boolean
  onOpenChange: (open: boolean) => void
}) => {
  const form = useZodForm(AllocateSchema, { channel: members[0]?.sales_channel_id ?? "", amount: "", reason: "" }, open)
  const key = useRef(newIdempotencyKey("admin-allocation"))
  useEffect(() => {
    if (open) {
      key.current = newIdempotencyKey("admin-allocation")
    }
  }, [open])

  const mutation = useAllocateCredits(pool.id, {
    onSuccess: (_r, { body }) => {
      toast.success("Credits allocated", {
        description: `${formatCredits(body.amount)} credits to ${channelName(body.sales_channel_id)}.`,
      })
      onOpenChange(false)
    },
    onError: (error) => {
      if (errorStatus(error) !== undefined) {
        key.current = newIdempotencyKey("admin-allocation")
      }
      toast.error("Allocation failed", { description: errorMessage(error) })
    },
  })

  const submit = form.handleSubmit((values) =>
    mutation.mutate({
      body: { sales_channel_id: values.channel, amount: values.amount ?? 0, reason: values.reason },
      idempotencyKey: key.current,
    })
  )

  return (
    <FormDrawer
      open={open}
      onOpenChange={onOpenChange}
      title="Allocate pool credits"
      description={`${formatCredits(pool.available)} credits available in this pool.`}
      submitLabel="Allocate"
      isPending={mutation.isPending}
      onSubmit={submit}
    >
      <SelectFilterField
        form={form}
        name="channel"
        id="allocate-channel"
        label="Storefront"
        placeholder="Choose a storefront"
        options={members.map((m) => ({
          value: m.sales_channel_id,
          label: `${channelName(m.sales_channel_id)}${
            m.allocation_cap !== null ? ` (${formatCredits(m.allocated)} of ${formatCredits(m.allocation_cap)} allocated)` : ""
          }`,
        }))}
      />
      <TextField form={form} name="amount" id="allocate-amount" label="Credits" inputMode="numeric" />
      <TextField form={form} name="reason" id="allocate-reason" label="Reason" placeholder="Q3 budget" />
    </FormDrawer>
  )
}

/** Adds a storefront to a pool, or changes its allocation cap. */
const MemberDrawer = ({
  pool,
  open,
  onOpenChange,
}: {
  pool: WalletDetail
  open: boolean
  onOpenChange: (open: boolean) => void
}) => {
  const channels = useSalesChannelNames()
  const form = useZodForm(MemberSchema, { channel: "", cap: "" }, open)
  const mutation = useUpsertPoolMember(pool.id, drawerSaveCallbacks(onOpenChange, "Pool member saved", "Could not save the member"))
  const submit = form.handleSubmit((values) =>
    mutation.mutate({ sales_channel_id: values.channel, allocation_cap: values.cap })
  )
  return (
    <FormDrawer
      open={open}
      onOpenChange={onOpenChange}
      title="Pool member"
      description="A storefront that draws on this pool. Saving an existing member changes its cap."
      submitLabel="Save member"
      isPending={mutation.isPending}
      onSubmit={submit}
    >
      <SelectFilterField
        form={form}
        name="channel"
        id="member-channel"
        label="Storefront"
        placeholder={channels.isLoading ? "Loading storefronts…" : "Choose a storefront"}
        options={(channels.data ?? []).map((c) => ({ value: c.id, label: c.label }))}
      />
      <TextField
        form={form}
        name="cap"
        id="member-cap"
        label="Allocation cap"
        optional
        inputMode="numeric"
        hint="The most this pool may allocate to the storefront. Empty: no cap."
      />
    </FormDrawer>
  )
}

const memberColumn = createDataTableColumnHelper<PoolMember>()

/** A pool member's storefront, what it was allocated and its cap. */
const poolMemberColumns = (channelName: (id: string) => string) => [
  memberColumn.accessor("sales_channel_id", { header: "Storefront", cell: ({ getValue }) => channelName(getValue()) }),
  memberColumn.accessor("allocated", {
    header: numberHeader("Allocated"),
    cell: ({ getValue }) => <NumberCell>{formatCredits(getValue())}</NumberCell>,
  }),
  memberColumn.accessor("allocation_cap", {
    header: numberHeader("Cap"),
    cell: ({ getValue }) => {
      const cap = getValue()
      return <NumberCell>{cap === null ? "No cap" : formatCredits(cap)}</NumberCell>
    },
  }),
]

const NO_POOL_MEMBERS: EmptyStateProps = {
  icon: <Buildings />,
  title: "No storefronts yet",
  description: "Add a sales channel to let it draw on this pool and receive allocations.",
}

/** A pool's storefronts, their caps and what was allocated to each. */
export const PoolMembersSection = ({ pool }: { pool: WalletDetail }) => {
  const [allocating, setAllocating] = useState(false)
  const [editing, setEditing] = useState(false)
  const members = pool.pool_members
  const names = useSalesChannelNames(members.map((m) => m.sales_channel_id))
  // Names and columns change only when the names load, so DataTable keeps its rows between renders.
  const map = useMemo(() => new Map((names.data ?? []).map((n) => [n.id, n.label])), [names.data])
  const channelName = (id: string) => map.get(id) ?? id
  const memberColumns = useMemo(() => poolMemberColumns((id) => map.get(id) ?? id), [map])
  return (
    <Container className="divide-y p-0">
      <SectionHeader
        title="Storefronts in this pool"
        description="Sales channels that draw on the pool, with the most it may allocate to each."
        actions={
          <>
            <Button size="small" variant="secondary" onClick={() => setEditing(true)}>
              Add or change member
            </Button>
            <Button size="small" variant="secondary" disabled={!members.length} onClick={() => setAllocating(true)}>
              Allocate credits
            </Button>
          </>
        }
      />
      <ListTable rows={members} columns={memberColumns} empty={NO_POOL_MEMBERS} />
      <AllocateDrawer
        pool={pool}
        members={members}
        channelName={channelName}
        open={allocating}
        onOpenChange={setAllocating}
      />
      <MemberDrawer pool={pool} open={editing} onOpenChange={setEditing} />
    </Container>
  )
}

const keyColumn = createDataTableColumnHelper<AdminServerApiKey>()

/** A key of the wallet's owner: which, its state, its last use and what it spent this month against its limit. */
const WALLET_KEY_COLUMNS = [
  keyColumn.accessor("name", {
    header: "Key",
    cell: ({ row: { original: key } }) => <ServerApiKeyName apiKey={key} />,
  }),
  keyColumn.accessor("status", { header: "Status", cell: ({ getValue }) => <ServerApiKeyStatusBadge status={getValue()} /> }),
  keyColumn.accessor("last_used_at", {
    header: "Last used",
    cell: ({ getValue }) => <span className="whitespace-nowrap">{getValue() ? formatDateTime(getValue()) : "Never"}</span>,
  }),
  keyColumn.accessor("spent_this_month", {
    header: numberHeader("Spent this month"),
    cell: ({ row: { original: key } }) => (
      <NumberCell>
        {formatCredits(key.spent_this_month)}
        {key.monthly_credit_limit ? ` of ${formatCredits(key.monthly_credit_limit)}` : ""}
      </NumberCell>
    ),
  }),
]

const KEYS_PAGE = 10

/** The server API keys this wallet's owner pays for, with what each spent this month. */
export const ServerApiKeysSection = ({ wallet }: { wallet: Wallet }) => {
  const paging = usePaging(KEYS_PAGE, wallet.id)
  const keys = useServerApiKeys({ owner_type: wallet.owner_type, owner_id: wallet.owner_id, limit: paging.limit, offset: paging.offset })
  const payer = `owner_type=${wallet.owner_type}&owner_id=${encodeURIComponent(wallet.owner_id)}`
  return (
    <Container className="divide-y p-0">
      <SectionHeader
        title="Server API keys"
        description="Keys of servers and apps that this wallet pays for, with the credits each held and charged this month."
        actions={
          <LinkButton to={`/ai-credits/api-keys/create?${payer}`}>Create key</LinkButton>
        }
      />
      <ListTable
        rows={keys.data?.api_keys ?? []}
        columns={WALLET_KEY_COLUMNS}
        query={keys}
        paging={paging.of(keys.data?.count ?? 0)}
        empty={{
          icon: <Key />,
          title: "No server API keys",
          description: "A key created for this payer spends this wallet; its spend shows here.",
        }}
      />
    </Container>
  )
}
