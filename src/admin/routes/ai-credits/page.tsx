import { defineRouteConfig } from "@medusajs/admin-sdk"
import { ArrowDownTray, BellAlert, Buildings, ChartBar, Sparkles, Users } from "@medusajs/icons"
import { Button, Container, DropdownMenu, Heading, Select, Text } from "@medusajs/ui"
import { keepPreviousData } from "@tanstack/react-query"
import { useState, type ReactNode } from "react"
import { BarList, Legend, SplitBar, StackedBarChart, colorScale } from "../../components/charts"
import { RoiSection } from "../../components/roi-section"
import { EmptyState, ErrorState, LoadingRows, SectionHeader, Stat, type EmptyStateProps } from "../../components/states"
import { PERIODS, periodRange, readOverview, type PeriodKey, type Slice } from "../../lib/analytics"
import { useAlerts } from "../../hooks/api/alerts"
import { useAnalytics } from "../../hooks/api/analytics"
import { apiUrl, errorStatus } from "../../lib/api"
import { formatCompact, formatCredits, formatMoney } from "../../lib/format"
import { useAiModules } from "../../hooks/api/modules"
import { useCustomerNames, useSalesChannelNames } from "../../hooks/api/owners"
import { breadcrumbHandle } from "../../lib/route"
import { LinkButton } from "../../components/list-page"

type PanelProps = {
  title: string
  description: string
  /** Shown instead of the chart when the period has no data for it. */
  empty: EmptyStateProps
  bodyClassName?: string
  /** The chart, or a falsy value when there is nothing to draw. */
  children: ReactNode
}

/** One chart panel of the overview: its header, then its chart or its empty state. */
const Panel = ({ title, description, empty, bodyClassName = "px-6 py-4", children }: PanelProps) => (
  <Container className="divide-y p-0">
    <SectionHeader title={title} description={description} />
    <div className={bodyClassName}>{children || <EmptyState {...empty} />}</div>
  </Container>
)

type TopOwnersProps = {
  slices: Slice[]
  /** The label of the "unknown" owner: usage nobody identifiable made. */
  unknownLabel: string
  nameOf: (id: string) => string | undefined
  linkTo: (id: string) => string
}

/** The ten owners (customers, storefronts) that used the most credits, each linked to its page. */
const TopOwners = ({ slices, unknownLabel, nameOf, linkTo }: TopOwnersProps) => (
  <BarList
    formatValue={formatCredits}
    items={slices.slice(0, 10).map((slice) => {
      const unknown = slice.key === "unknown"
      return {
        key: slice.key,
        label: unknown ? unknownLabel : (slice.label ?? nameOf(slice.key) ?? slice.key),
        value: slice.credits,
        to: unknown ? undefined : linkTo(slice.key),
        detail: `${formatCredits(slice.requests)} req`,
      }
    })}
  />
)

const notFound = (error: unknown) => errorStatus(error) === 404
const retryUnlessMissing = (count: number, error: unknown) => !notFound(error) && count < 2

const bucketLabel = (bucket: string, granularity: string) => {
  const date = new Date(bucket.length === 10 ? `${bucket}T00:00:00` : bucket)
  if (Number.isNaN(date.getTime())) {
    return bucket
  }
  if (granularity === "hour") {
    return date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" })
  }
  if (granularity === "month") {
    return date.toLocaleDateString(undefined, { month: "short", year: "2-digit" })
  }
  return date.toLocaleDateString(undefined, { month: "short", day: "numeric" })
}

/** The parts of the overview the API exports as CSV (`section=`). */
const CSV_SECTIONS = [
  ["series", "Consumption over time"],
  ["by_module", "By module"],
  ["by_provider", "By provider"],
  ["by_model", "By model"],
  ["top_customers", "Top customers"],
  ["top_sales_channels", "Top storefronts"],
  ["totals", "Totals"],
] as const

const OpenAlertsBanner = () => {
  const alerts = useAlerts({ status: "open", limit: 1 })
  const count = alerts.data?.count ?? 0
  if (!count) {
    return null
  }
  return (
    <div className="flex items-center justify-between gap-x-4 px-6 py-3">
      <div className="flex items-center gap-x-2">
        <BellAlert className="text-ui-tag-orange-icon" />
        <Text size="small">
          {count === 1 ? "1 open alert needs" : `${formatCredits(count)} open alerts need`} your attention (unpriced
          models, wallets running low).
        </Text>
      </div>
      <LinkButton to="/ai-credits/alerts">Review alerts</LinkButton>
    </div>
  )
}

const AiCreditsOverviewPage = () => {
  const [period, setPeriod] = useState<PeriodKey>("month")
  const range = periodRange(period)
  const params = { from: range.from, to: range.to, granularity: range.granularity, tz: range.tz }
  const overview = useAnalytics("overview", params, { retry: retryUnlessMissing, placeholderData: keepPreviousData })
  const { moduleName } = useAiModules()
  const data = overview.data ? readOverview(overview.data) : undefined
  const known = (rows: { key: string; label?: string }[] | undefined) =>
    (rows ?? []).filter((r) => r.key !== "unknown" && !r.label).map((r) => r.key)
  const customers = useCustomerNames(known(data?.topCustomers))
  const channels = useSalesChannelNames(known(data?.topSalesChannels))
  const customerMap = new Map((customers.data ?? []).map((c) => [c.id, c.label]))
  const channelMap = new Map((channels.data ?? []).map((c) => [c.id, c.label]))
  const missing = overview.isError && notFound(overview.error)
  const empty = data && data.totals.requests === 0 && data.totals.credits === 0 && data.series.length === 0
  const moduleKeys = data?.seriesKeys ?? []
  const moduleColor = colorScale(moduleKeys)

  return (
    <div className="flex flex-col gap-y-3">
      <Container className="divide-y p-0">
        <div className="flex flex-wrap items-center justify-between gap-4 px-6 py-4">
          <div className="flex flex-col gap-y-1">
            <Heading level="h1">AI Credits</Heading>
            <Text size="small" className="text-ui-fg-subtle">
              What every AI feature of the store consumed, where, for whom, and what it cost.
            </Text>
          </div>
          <div className="flex items-center gap-2">
            <Select size="small" value={period} onValueChange={(v) => setPeriod(v as PeriodKey)}>
              <Select.Trigger className="w-40" aria-label="Period">
                <Select.Value />
              </Select.Trigger>
              <Select.Content>
                {PERIODS.map((p) => (
                  <Select.Item key={p.key} value={p.key}>
                    {p.label}
                  </Select.Item>
                ))}
              </Select.Content>
            </Select>
            {data ? (
              <DropdownMenu>
                <DropdownMenu.Trigger asChild>
                  <Button size="small" variant="secondary">
                    <ArrowDownTray />
                    Export CSV
                  </Button>
                </DropdownMenu.Trigger>
                <DropdownMenu.Content align="end">
                  {CSV_SECTIONS.map(([section, label]) => (
                    <DropdownMenu.Item key={section} asChild>
                      <a href={apiUrl("analytics/overview", { ...params, format: "csv", section })} download>
                        {label}
                      </a>
                    </DropdownMenu.Item>
                  ))}
                </DropdownMenu.Content>
              </DropdownMenu>
            ) : null}
          </div>
        </div>
        <OpenAlertsBanner />
        {overview.isLoading ? (
          <LoadingRows rows={2} />
        ) : data ? (
          <div className="grid grid-cols-2 gap-6 px-6 py-4 md:grid-cols-4">
            <Stat
              label="Credits used"
              value={formatCredits(data.totals.credits)}
              hint={data.refundedCredits ? `After ${formatCredits(data.refundedCredits)} refunded` : undefined}
            />
            <Stat label="AI requests" value={formatCredits(data.totals.requests)} />
            <Stat
              label="Tokens"
              value={formatCompact(data.totals.input_tokens + data.totals.output_tokens)}
              hint={`${formatCompact(data.totals.input_tokens)} in · ${formatCompact(data.totals.output_tokens)} out`}
            />
            <Stat
              label="Provider cost"
              value={formatMoney(data.totals.provider_cost, data.currency_code)}
              hint={data.otherCurrencies ? `Plus costs in ${data.otherCurrencies} other currencies` : undefined}
            />
          </div>
        ) : null}
      </Container>

      {missing ? (
        <Container className="p-0">
          <EmptyState
            icon={<ChartBar />}
            title="Analytics are not available yet"
            description="This store's server does not serve the AI analytics routes yet. Usage is still metered: every request is listed under Usage, and wallets show their balances."
            action={
              <div className="flex gap-2">
                <LinkButton to="/ai-credits/usage">See usage</LinkButton>
                <LinkButton to="/ai-credits/wallets">See wallets</LinkButton>
              </div>
            }
          />
        </Container>
      ) : overview.isError ? (
        <Container className="p-0">
          <ErrorState error={overview.error} onRetry={() => void overview.refetch()} />
        </Container>
      ) : overview.isLoading ? (
        <Container className="p-0">
          <LoadingRows rows={8} />
        </Container>
      ) : empty ? (
        <Container className="p-0">
          <EmptyState
            icon={<Sparkles />}
            title="No AI usage in this period"
            description="When storefront widgets, admin actions or other plugins run AI requests, their consumption shows here by module, provider, customer and storefront."
          />
        </Container>
      ) : data ? (
        <>
          <Panel
            title="Consumption over time"
            description="Credits charged per day, stacked by AI module."
            bodyClassName="flex flex-col gap-y-4 px-6 py-4"
            empty={{ title: "No time series in this period" }}
          >
            {data.series.length ? (
              <>
                <StackedBarChart
                  ariaLabel="Credits per day by AI module"
                  points={data.series}
                  keys={moduleKeys}
                  labelFor={moduleName}
                  formatBucket={(b) => bucketLabel(b, range.granularity)}
                  formatValue={formatCompact}
                />
                <Legend
                  items={moduleKeys.map((k) => ({
                    key: k,
                    label: moduleName(k),
                    color: moduleColor(k),
                    value: formatCompact(data.series.reduce((s, p) => s + (p.values[k] ?? 0), 0)),
                  }))}
                />
              </>
            ) : null}
          </Panel>

          <div className="grid grid-cols-1 gap-3 xl:grid-cols-2">
            <Panel
              title="By module"
              description="Credits per AI feature."
              empty={{ title: "No module breakdown" }}
            >
              {data.byModule.length ? (
                <SplitBar
                  ariaLabel="Credits by module"
                  formatValue={formatCredits}
                  items={data.byModule.map((m) => ({
                    key: m.key,
                    label: m.label ?? moduleName(m.key),
                    value: m.credits,
                    detail: `${formatCredits(m.requests)} req`,
                  }))}
                />
              ) : null}
            </Panel>
            <Panel
              title="Provider split"
              description="Credits and provider cost by AI provider."
              empty={{ title: "No provider breakdown" }}
            >
              {data.byProvider.length ? (
                <SplitBar
                  ariaLabel="Credits by provider"
                  formatValue={formatCredits}
                  items={data.byProvider.map((p) => ({
                    key: p.key,
                    label: p.label ?? p.key,
                    value: p.credits,
                    detail: formatMoney(p.provider_cost, data.currency_code),
                  }))}
                />
              ) : null}
            </Panel>
          </div>

          <div className="grid grid-cols-1 gap-3 xl:grid-cols-2">
            <Panel
              title="Top customers"
              description="Heaviest users of AI credits in the period."
              empty={{
                icon: <Users />,
                title: "No customer usage",
                description: "Only visitors and admins used AI in this period.",
              }}
            >
              {data.topCustomers.length ? (
                <TopOwners
                  slices={data.topCustomers}
                  unknownLabel="Visitors and admin users"
                  nameOf={(id) => customerMap.get(id)}
                  linkTo={(id) => `/customers/${id}`}
                />
              ) : null}
            </Panel>
            <Panel
              title="Top storefronts"
              description="Credits by sales channel."
              empty={{ icon: <Buildings />, title: "No storefront usage" }}
            >
              {data.topSalesChannels.length ? (
                <TopOwners
                  slices={data.topSalesChannels}
                  unknownLabel="No storefront (admin, other plugins)"
                  nameOf={(id) => channelMap.get(id)}
                  linkTo={(id) => `/settings/sales-channels/${id}`}
                />
              ) : null}
            </Panel>
          </div>
        </>
      ) : null}

      {!missing ? <RoiSection from={range.from} to={range.to} tz={range.tz} /> : null}
    </div>
  )
}

export const config = defineRouteConfig({ label: "AI Credits", icon: Sparkles })

export const handle = breadcrumbHandle(config.label)

export default AiCreditsOverviewPage
