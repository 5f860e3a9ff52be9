import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminCustomer, DetailWidgetProps } from "@medusajs/framework/types"
import { Sparkles } from "@medusajs/icons"
import { Button, Container, Text } from "@medusajs/ui"
import { useState } from "react"
import { Link } from "react-router-dom"
import { AdjustCreditsDrawer } from "../components/adjust-credits-drawer"
import { GrantStatusBadge } from "../components/badges"
import { Sparkline } from "../components/charts"
import { EmptyState, ErrorState, LoadingRows, SectionHeader, Stat } from "../components/states"
import { formatCredits, formatDate, formatMoney, humanize } from "../lib/format"
import { useCustomerDailyUsage } from "../hooks/api/analytics-usage"
import { useSubscriptions } from "../hooks/api/plans"
import { useWallet, useWallets } from "../hooks/api/wallets"
import { LinkButton } from "../components/list-page"

const DAYS = 30
const USAGE_PAGE = 200

const customerName = (c: AdminCustomer) =>
  [c.first_name, c.last_name].filter(Boolean).join(" ") || c.email || c.id

/** On a customer's page: their AI credit wallet, live grants, 30 days of usage, and an adjust form. */
const CustomerAiCreditsWidget = ({ data: customer }: DetailWidgetProps<AdminCustomer>) => {
  const [adjusting, setAdjusting] = useState(false)
  const walletQuery = { owner_type: "customer" as const, owner_id: customer.id, limit: 1 }
  const wallets = useWallets(walletQuery)
  const walletId = wallets.data?.wallets[0]?.id
  const detail = useWallet(walletId ?? "")
  const usage = useCustomerDailyUsage(customer.id, DAYS, USAGE_PAGE)
  const subscriptionQuery = { customer_id: customer.id, limit: 5, offset: 0 }
  const subscriptions = useSubscriptions(subscriptionQuery)
  const subscription = subscriptions.data?.subscriptions.find((s) => s.status !== "canceled")

  const wallet = detail.data?.wallet ?? wallets.data?.wallets[0]
  const grants = (detail.data?.wallet.grants ?? []).filter((g) => g.status === "active" || g.status === "pending")
  const summary = usage.summary
  const label = customerName(customer)

  return (
    <Container className="divide-y p-0">
      <SectionHeader
        title="AI credits"
        actions={
          <>
            {wallet ? (
              <LinkButton to={`/ai-credits/wallets/${wallet.id}`}>Open wallet</LinkButton>
            ) : null}
            <Button size="small" variant="secondary" onClick={() => setAdjusting(true)}>
              Adjust
            </Button>
          </>
        }
      />
      {wallets.isLoading ? (
        <LoadingRows rows={3} />
      ) : wallets.isError ? (
        <ErrorState error={wallets.error} onRetry={() => void wallets.refetch()} />
      ) : !wallet ? (
        <EmptyState
          icon={<Sparkles />}
          title="No AI credit wallet"
          description={`${label} has no credits of their own. Their AI requests are paid by their group's pool, the storefront's wallet or the store's default pool. Granting credits creates a wallet.`}
          action={
            <Button size="small" variant="secondary" onClick={() => setAdjusting(true)}>
              Grant credits
            </Button>
          }
        />
      ) : (
        <div className="grid grid-cols-3 gap-4 px-6 py-4">
          <Stat label="Balance" value={formatCredits(wallet.balance)} tone={wallet.balance < 0 ? "error" : "default"} />
          <Stat label="Available" value={formatCredits(wallet.available)} tone={wallet.available <= 0 ? "error" : "default"} />
          <Stat label="Held" value={formatCredits(wallet.reserved)} />
        </div>
      )}

      <div className="flex items-baseline justify-between gap-x-2 px-6 py-4">
        <Text size="small" weight="plus">
          Plan
        </Text>
        <Text size="small" className="text-ui-fg-subtle">
          {subscriptions.isError
            ? "Could not load the subscription"
            : subscription
              ? `${subscription.plan?.name ?? "Plan"} · ${humanize(subscription.status)}${
                  subscription.current_period_end ? ` · renews ${formatDate(subscription.current_period_end)}` : ""
                }`
              : subscriptions.isLoading
                ? "…"
                : "No plan"}
        </Text>
      </div>

      <div className="flex flex-col gap-y-2 px-6 py-4">
        <div className="flex items-baseline justify-between gap-x-2">
          <Text size="small" weight="plus">
            Last {DAYS} days
          </Text>
          {summary ? (
            <Text size="xsmall" className="text-ui-fg-subtle tabular-nums">
              {summary.complete ? "" : "at least "}
              {formatCredits(summary.credits)} credits · {formatCredits(summary.requests)} requests ·{" "}
              {formatMoney(summary.provider_cost, summary.currency_code)}
            </Text>
          ) : null}
        </div>
        {usage.isLoading ? (
          <LoadingRows rows={1} />
        ) : usage.error ? (
          <ErrorState error={usage.error} onRetry={usage.refetch} />
        ) : summary && summary.requests > 0 ? (
          <>
            <Sparkline values={summary.daily} ariaLabel={`Credits per day over the last ${DAYS} days`} />
            <Link
              to={`/ai-credits/usage?customer_id=${customer.id}`}
              className="txt-compact-small text-ui-fg-interactive self-start hover:underline"
            >
              See every request
            </Link>
          </>
        ) : (
          <Text size="small" className="text-ui-fg-subtle">
            No AI requests in the last {DAYS} days.
          </Text>
        )}
      </div>

      {wallet && grants.length ? (
        <div className="flex flex-col gap-y-2 px-6 py-4">
          <Text size="small" weight="plus">
            Live grants
          </Text>
          <ul className="flex flex-col gap-y-2">
            {grants.slice(0, 5).map((g) => (
              <li key={g.id} className="flex items-center justify-between gap-x-3">
                <span className="flex items-center gap-x-2">
                  <GrantStatusBadge status={g.status} />
                  <Text size="small">{humanize(g.source)}</Text>
                </span>
                <Text size="small" className="text-ui-fg-subtle tabular-nums">
                  {formatCredits(g.remaining)} / {formatCredits(g.amount)}
                  {g.expires_at ? ` · expires ${formatDate(g.expires_at)}` : ""}
                </Text>
              </li>
            ))}
          </ul>
          {grants.length > 5 ? (
            <Text size="xsmall" className="text-ui-fg-muted">
              and {grants.length - 5} more on the wallet page
            </Text>
          ) : null}
        </div>
      ) : null}

      <AdjustCreditsDrawer
        open={adjusting}
        onOpenChange={setAdjusting}
        target={{
          owner_type: "customer",
          owner_id: customer.id,
          label,
          wallet,
        }}
      />
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "customer.details",
  id: "medusa-ai-credits:customer-wallet",
})

export default CustomerAiCreditsWidget
