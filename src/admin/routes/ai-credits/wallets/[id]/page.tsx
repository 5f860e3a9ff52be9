import { PencilSquare, Plus } from "@medusajs/icons"
import { Button, Container, Copy, Heading, Skeleton, Text } from "@medusajs/ui"
import { useState } from "react"
import { Link, useParams } from "react-router-dom"
import { AdjustCreditsDrawer } from "../../../../components/adjust-credits-drawer"
import { OwnerTypeBadge } from "../../../../components/badges"
import { PageError } from "../../../../components/states"
import {
  EditWalletDrawer,
  GrantsSection,
  LedgerSection,
  PoolMembersSection,
  ServerApiKeysSection,
  WalletBalances,
} from "../../../../components/wallet-sections"
import type { Wallet } from "../../../../lib/api"
import { formatCredits, formatDate } from "../../../../lib/format"
import { useOwnerLabels } from "../../../../hooks/api/owners"
import { useWallet } from "../../../../hooks/api/wallets"
import { breadcrumbHandle } from "../../../../lib/route"
import { LinkButton } from "../../../../components/list-page"

/** Where the owner of a wallet lives in the dashboard, when it has a page. */
const ownerPath = (w: Wallet) => {
  switch (w.owner_type) {
    case "customer":
      return `/customers/${w.owner_id}`
    case "customer_group":
      return `/customer-groups/${w.owner_id}`
    case "sales_channel":
      return `/settings/sales-channels/${w.owner_id}`
    case "store":
      return "/settings/store"
    default:
      return undefined
  }
}

const WalletDetailPage = () => {
  const { id = "" } = useParams()
  const [adjusting, setAdjusting] = useState(false)
  const [editing, setEditing] = useState(false)
  const query = useWallet(id)
  const wallet = query.data?.wallet
  const ownerLabel = useOwnerLabels(wallet ? [wallet] : [])

  if (query.isLoading) {
    return (
      <Container className="flex flex-col gap-y-3 px-6 py-4">
        <Skeleton className="h-7 w-64" />
        <Skeleton className="h-5 w-96" />
        <Skeleton className="h-16 w-full" />
      </Container>
    )
  }
  if (query.isError || !wallet) {
    return <PageError error={query.error} onRetry={() => void query.refetch()} />
  }

  const label = ownerLabel(wallet)
  const path = ownerPath(wallet)
  return (
    <div className="flex flex-col gap-y-3">
      <Container className="divide-y p-0">
        <div className="flex flex-wrap items-start justify-between gap-4 px-6 py-4">
          <div className="flex flex-col gap-y-1">
            <div className="flex items-center gap-x-2">
              <Heading level="h1">{label}</Heading>
              <OwnerTypeBadge type={wallet.owner_type} />
            </div>
            <div className="text-ui-fg-subtle flex flex-wrap items-center gap-x-3">
              <span className="flex items-center gap-x-1">
                <Text size="small">{wallet.id}</Text>
                <Copy content={wallet.id} />
              </span>
              {path ? (
                <Link to={path} className="txt-small text-ui-fg-interactive hover:underline">
                  Open {wallet.owner_type === "store" ? "store settings" : "owner"}
                </Link>
              ) : null}
              <Text size="small">Since {formatDate(wallet.created_at)}</Text>
              <Text size="small">
                Largest hold:{" "}
                {wallet.max_hold_credits === null ? "plugin default" : `${formatCredits(wallet.max_hold_credits)} credits`}
              </Text>
            </div>
          </div>
          <div className="flex flex-wrap gap-2">
            <LinkButton to={`/ai-credits/usage?wallet_id=${wallet.id}`}>Usage</LinkButton>
            <Button size="small" variant="secondary" onClick={() => setEditing(true)}>
              <PencilSquare />
              Settings
            </Button>
            <Button size="small" onClick={() => setAdjusting(true)}>
              <Plus />
              Adjust credits
            </Button>
          </div>
        </div>
        <WalletBalances wallet={wallet} />
      </Container>
      {wallet.owner_type === "pool" ? <PoolMembersSection pool={wallet} /> : null}
      <GrantsSection grants={wallet.grants} />
      <ServerApiKeysSection wallet={wallet} />
      <LedgerSection walletId={wallet.id} />
      <AdjustCreditsDrawer
        open={adjusting}
        onOpenChange={setAdjusting}
        target={{
          owner_type: wallet.owner_type,
          owner_id: wallet.owner_id,
          label,
          wallet,
        }}
      />
      <EditWalletDrawer wallet={wallet} open={editing} onOpenChange={setEditing} />
    </div>
  )
}

export const handle = breadcrumbHandle("Wallet")

export default WalletDetailPage
