import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminSalesChannel, DetailWidgetProps } from "@medusajs/framework/types"
import { Sparkles } from "@medusajs/icons"
import { Button, Container, Text } from "@medusajs/ui"
import { useQueries } from "@tanstack/react-query"
import { useState } from "react"
import { Link } from "react-router-dom"
import { AdjustCreditsDrawer } from "../components/adjust-credits-drawer"
import { OwnerTypeBadge } from "../components/badges"
import { SplitBar } from "../components/charts"
import { EmptyState, ErrorState, LoadingRows, SectionHeader, Stat } from "../components/states"
import { startOfMonth } from "../components/usage-summary"
import { formatCredits, formatMoney } from "../lib/format"
import { useAiModules } from "../hooks/api/modules"
import { useQuotaRules } from "../hooks/api/quota-rules"
import { useWallets, walletQueryOptions } from "../hooks/api/wallets"
import { useSalesChannelMonthUsage } from "../hooks/api/analytics-usage"
import { LinkButton } from "../components/list-page"

const USAGE_PAGE = 500

/**
 * On a sales channel's page: what the storefront used this month and on what, the wallet it
 * spends, and the pools it draws on with their caps.
 */
const SalesChannelAiCreditsWidget = ({ data: channel }: DetailWidgetProps<AdminSalesChannel>) => {
  const [adjusting, setAdjusting] = useState(false)
  const { moduleName } = useAiModules()
  const walletQuery = { sales_channel_id: channel.id, limit: 50 }
  const wallets = useWallets(walletQuery)
  const own = wallets.data?.wallets.find((w) => w.owner_type === "sales_channel" && w.owner_id === channel.id)
  const pools = (wallets.data?.wallets ?? []).filter((w) => w.owner_type === "pool")
  const poolDetails = useQueries({
    queries: pools.map((p) => walletQueryOptions(p.id)),
  })
  const usage = useSalesChannelMonthUsage(channel.id, USAGE_PAGE)
  const rules = useQuotaRules()
  const channelRules = (rules.data?.quota_rules ?? []).filter((r) => r.is_active && r.sales_channel_id === channel.id)
  const monthStart = startOfMonth()
  const summary = usage.summary
  const monthName = monthStart.toLocaleDateString(undefined, { month: "long" })

  return (
    <Container className="divide-y p-0">
      <SectionHeader
        title="AI credits"
        description={`What ${channel.name} used in ${monthName}, and the credit it spends.`}
        actions={
          <>
            <LinkButton to={`/ai-credits/usage?sales_channel_id=${channel.id}`}>All usage</LinkButton>
            <Button size="small" variant="secondary" onClick={() => setAdjusting(true)}>
              Adjust
            </Button>
          </>
        }
      />

      {usage.isLoading ? (
        <LoadingRows rows={3} />
      ) : usage.error ? (
        <ErrorState error={usage.error} onRetry={usage.refetch} />
      ) : summary && summary.requests > 0 ? (
        <>
          <div className="grid grid-cols-3 gap-4 px-6 py-4">
            <Stat
              label={`Credits in ${monthName}`}
              value={`${summary.complete ? "" : "≥ "}${formatCredits(summary.credits)}`}
              hint={summary.complete ? undefined : `From the latest ${USAGE_PAGE} requests`}
            />
            <Stat label="Requests" value={formatCredits(summary.requests)} />
            <Stat label="Provider cost" value={formatMoney(summary.provider_cost, summary.currency_code)} />
          </div>
          <div className="px-6 py-4">
            <SplitBar
              ariaLabel="Credits by AI module this month"
              formatValue={formatCredits}
              items={summary.byModule.map((m) => ({
                key: m.key,
                label: moduleName(m.key),
                value: m.credits,
                detail: `${formatCredits(m.requests)} req`,
              }))}
            />
          </div>
        </>
      ) : (
        <EmptyState
          icon={<Sparkles />}
          title={`No AI usage in ${monthName}`}
          description="Requests from this storefront's AI widgets are counted here as they run."
        />
      )}

      <div className="flex flex-col gap-y-3 px-6 py-4">
        <Text size="small" weight="plus">
          Credit it spends
        </Text>
        {wallets.isLoading ? (
          <LoadingRows rows={2} />
        ) : wallets.isError ? (
          <ErrorState error={wallets.error} onRetry={() => void wallets.refetch()} />
        ) : !own && pools.length === 0 ? (
          <Text size="small" className="text-ui-fg-subtle">
            No wallet of its own and no pool. Requests here are paid by the customer's wallet, their group's pool, or the
            store's default pool.
          </Text>
        ) : (
          <ul className="flex flex-col gap-y-2">
            {own ? (
              <li className="flex items-center justify-between gap-x-3">
                <span className="flex items-center gap-x-2">
                  <OwnerTypeBadge type="sales_channel" />
                  <Link to={`/ai-credits/wallets/${own.id}`} className="txt-small text-ui-fg-interactive hover:underline">
                    Its own wallet
                  </Link>
                </span>
                <Text size="small" className="tabular-nums">
                  {formatCredits(own.available)} available
                  <span className="text-ui-fg-subtle"> of {formatCredits(own.balance)}</span>
                </Text>
              </li>
            ) : null}
            {pools.map((pool, i) => {
              const member = poolDetails[i]?.data?.wallet.pool_members.find((m) => m.sales_channel_id === channel.id)
              return (
                <li key={pool.id} className="flex items-center justify-between gap-x-3">
                  <span className="flex items-center gap-x-2">
                    <OwnerTypeBadge type="pool" />
                    <Link to={`/ai-credits/wallets/${pool.id}`} className="txt-small text-ui-fg-interactive hover:underline">
                      {pool.name ?? pool.owner_id}
                    </Link>
                  </span>
                  <Text size="small" className="text-right tabular-nums">
                    {formatCredits(pool.available)} available
                    {member ? (
                      <span className="text-ui-fg-subtle">
                        {" "}
                        · {formatCredits(member.allocated)} allocated
                        {member.allocation_cap !== null ? ` of ${formatCredits(member.allocation_cap)} cap` : ", no cap"}
                      </span>
                    ) : null}
                  </Text>
                </li>
              )
            })}
          </ul>
        )}
      </div>

      <div className="flex flex-col gap-y-2 px-6 py-4">
        <div className="flex items-baseline justify-between gap-x-2">
          <Text size="small" weight="plus">
            Limits
          </Text>
          <Link to="/ai-credits/quota-rules" className="txt-compact-small text-ui-fg-interactive hover:underline">
            Quota rules
          </Link>
        </div>
        {rules.isLoading ? (
          <LoadingRows rows={1} />
        ) : rules.isError ? (
          <ErrorState error={rules.error} onRetry={() => void rules.refetch()} />
        ) : channelRules.length === 0 && !own?.budget?.monthly_spend_cap ? (
          <Text size="small" className="text-ui-fg-subtle">
            No quota rule or budget of its own; store-wide rules and rate limits still apply.
          </Text>
        ) : (
          <ul className="flex flex-col gap-y-1">
            {own?.budget?.monthly_spend_cap ? (
              <li className="flex items-center justify-between gap-x-3">
                <Text size="small">Monthly budget ({own.budget.monthly_cap_action})</Text>
                <Text size="small" className="text-ui-fg-subtle tabular-nums">
                  {formatCredits(own.budget.spent_this_month)} of {formatCredits(own.budget.monthly_spend_cap)} credits
                </Text>
              </li>
            ) : null}
            {channelRules.map((rule) => (
              <li key={rule.id} className="flex items-center justify-between gap-x-3">
                <Text size="small">{rule.name}</Text>
                <Text size="small" className="text-ui-fg-subtle tabular-nums">
                  {formatCredits(rule.limit)} {rule.metric} / {rule.window}
                  {rule.module ? ` · ${moduleName(rule.module)}` : ""} · {rule.action}
                </Text>
              </li>
            ))}
          </ul>
        )}
      </div>

      <AdjustCreditsDrawer
        open={adjusting}
        onOpenChange={setAdjusting}
        target={{
          owner_type: "sales_channel",
          owner_id: channel.id,
          label: channel.name,
          wallet: own,
        }}
      />
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "sales_channel.details",
  id: "medusa-ai-credits:sales-channel-usage",
})

export default SalesChannelAiCreditsWidget
