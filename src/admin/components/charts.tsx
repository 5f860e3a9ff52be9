import { Text, clx } from "@medusajs/ui"
import type { ReactNode } from "react"
import { Link } from "react-router-dom"
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Pie,
  PieChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts"

/**
 * The admin's charts, drawn with recharts in the dashboard's own colour tokens (so they follow
 * light and dark mode), plus two plain-HTML ones (the legend, the ranked bar list).
 */

const PALETTE = [
  "var(--tag-blue-icon, #3b82f6)",
  "var(--tag-purple-icon, #8b5cf6)",
  "var(--tag-green-icon, #10b981)",
  "var(--tag-orange-icon, #f97316)",
  "var(--tag-red-icon, #ef4444)",
  "var(--fg-interactive, #0ea5e9)",
]
const OTHER_COLOR = "var(--tag-neutral-icon, #a1a1aa)"

/** A stable colour per series key, in the order given (the largest series first). */
export function colorScale(keys: string[]) {
  const map = new Map<string, string>()
  keys.forEach((key, i) => map.set(key, i < PALETTE.length ? PALETTE[i] : OTHER_COLOR))
  return (key: string) => map.get(key) ?? OTHER_COLOR
}

export const Legend = ({
  items,
}: {
  items: { key: string; label: string; color: string; value?: ReactNode }[]
}) => (
  <ul className="flex flex-wrap gap-x-4 gap-y-1">
    {items.map((item) => (
      <li key={item.key} className="flex items-center gap-x-1.5">
        <span className="inline-block size-2 rounded-full" style={{ background: item.color }} aria-hidden />
        <Text size="xsmall" className="text-ui-fg-subtle">
          {item.label}
          {item.value !== undefined ? <span className="text-ui-fg-base ml-1 tabular-nums">{item.value}</span> : null}
        </Text>
      </li>
    ))}
  </ul>
)

type StackedBarChartProps = {
  points: { bucket: string; values: Record<string, number> }[]
  keys: string[]
  labelFor?: (key: string) => string
  formatBucket: (bucket: string) => string
  formatValue: (value: number) => string
  height?: number
  ariaLabel: string
}

type TooltipEntry = { dataKey?: unknown; value?: unknown; color?: string }

/** The hover card of the stacked bars: the day's total, then each module with its share. */
const StackedTooltip = ({
  active,
  payload,
  label,
  labelFor,
  formatBucket,
  formatValue,
}: {
  active?: boolean
  payload?: readonly TooltipEntry[]
  label?: unknown
  labelFor: (key: string) => string
  formatBucket: (bucket: string) => string
  formatValue: (value: number) => string
}) => {
  const rows = (payload ?? []).filter((entry) => Number(entry.value) > 0)
  if (!active || !rows.length) {
    return null
  }
  const total = rows.reduce((sum, entry) => sum + Number(entry.value), 0)
  return (
    <div className="bg-ui-bg-base shadow-elevation-tooltip min-w-40 rounded-lg px-3 py-2">
      <Text size="xsmall" weight="plus">
        {formatBucket(String(label))} · {formatValue(total)}
      </Text>
      {[...rows].reverse().map((entry) => (
        <div key={String(entry.dataKey)} className="flex items-center justify-between gap-x-3">
          <span className="flex items-center gap-x-1.5">
            <span className="inline-block size-2 rounded-full" style={{ background: entry.color }} />
            <Text size="xsmall" className="text-ui-fg-subtle">
              {labelFor(String(entry.dataKey))}
            </Text>
          </span>
          <Text size="xsmall" className="tabular-nums">
            {formatValue(Number(entry.value))}
          </Text>
        </div>
      ))}
    </div>
  )
}

const AXIS_TICK = { fontSize: 11, fill: "var(--fg-muted, #71717a)" }

/** Bars over time, each stacked by series (credits per day, stacked by AI module). */
export const StackedBarChart = ({
  points,
  keys,
  labelFor = (k) => k,
  formatBucket,
  formatValue,
  height = 220,
  ariaLabel,
}: StackedBarChartProps) => {
  const color = colorScale(keys)
  const data = points.map((p) => ({ bucket: p.bucket, ...p.values }))
  return (
    <div className="w-full" role="img" aria-label={ariaLabel}>
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} barCategoryGap="20%">
          <CartesianGrid vertical={false} stroke="var(--border-base, #e4e4e7)" strokeDasharray="3 3" />
          <XAxis
            dataKey="bucket"
            tickFormatter={formatBucket}
            tick={AXIS_TICK}
            tickLine={false}
            axisLine={{ stroke: "var(--border-base, #e4e4e7)" }}
            minTickGap={16}
          />
          <YAxis tickFormatter={formatValue} tick={AXIS_TICK} tickLine={false} axisLine={false} width={48} allowDecimals={false} />
          <Tooltip
            cursor={{ fill: "var(--bg-base-hover, rgba(0,0,0,0.04))" }}
            content={(props) => (
              <StackedTooltip
                active={props.active}
                payload={props.payload as readonly TooltipEntry[] | undefined}
                label={props.label}
                labelFor={labelFor}
                formatBucket={formatBucket}
                formatValue={formatValue}
              />
            )}
          />
          {keys.map((key, index) => (
            <Bar
              key={key}
              dataKey={key}
              name={labelFor(key)}
              stackId="total"
              fill={color(key)}
              maxBarSize={36}
              radius={index === keys.length - 1 ? [2, 2, 0, 0] : 0}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  )
}

type SplitBarProps = {
  items: { key: string; label: string; value: number; detail?: ReactNode }[]
  formatValue: (value: number) => string
  ariaLabel: string
}

/** Shares of a whole (credits by provider): a donut, and a row per share with its percentage. */
export const SplitBar = ({ items, formatValue, ariaLabel }: SplitBarProps) => {
  const total = items.reduce((sum, i) => sum + i.value, 0)
  const color = colorScale(items.map((i) => i.key))
  const slices = items.filter((item) => item.value > 0)
  return (
    <div className="flex items-center gap-x-6">
      <div className="size-24 shrink-0" role="img" aria-label={ariaLabel}>
        <ResponsiveContainer width="100%" height="100%">
          <PieChart>
            <Pie
              data={slices.length ? slices : [{ key: "none", label: "", value: 1 }]}
              dataKey="value"
              nameKey="label"
              innerRadius="62%"
              outerRadius="100%"
              stroke="none"
              isAnimationActive={false}
            >
              {(slices.length ? slices : [{ key: "none" }]).map((item) => (
                <Cell key={item.key} fill={slices.length ? color(item.key) : "var(--bg-component, #f4f4f5)"} />
              ))}
            </Pie>
          </PieChart>
        </ResponsiveContainer>
      </div>
      <ul className="flex min-w-0 flex-1 flex-col gap-y-2">
        {items.map((item) => (
          <li key={item.key} className="flex items-center justify-between gap-x-3">
            <span className="flex min-w-0 items-center gap-x-2">
              <span className="inline-block size-2 shrink-0 rounded-full" style={{ background: color(item.key) }} />
              <Text size="small" className="truncate">
                {item.label}
              </Text>
            </span>
            <span className="flex items-center gap-x-3">
              {item.detail ? (
                <Text size="xsmall" className="text-ui-fg-subtle tabular-nums">
                  {item.detail}
                </Text>
              ) : null}
              <Text size="small" weight="plus" className="tabular-nums">
                {formatValue(item.value)}
              </Text>
              <Text size="xsmall" className="text-ui-fg-muted w-12 text-right tabular-nums">
                {total > 0 ? `${((item.value / total) * 100).toFixed(1)}%` : "–"}
              </Text>
            </span>
          </li>
        ))}
      </ul>
    </div>
  )
}

type BarListProps = {
  items: { key: string; label: ReactNode; value: number; to?: string; detail?: ReactNode }[]
  formatValue: (value: number) => string
}

/** A ranked list with a bar per row (heaviest customers, busiest storefronts). */
export const BarList = ({ items, formatValue }: BarListProps) => {
  const max = Math.max(0, ...items.map((i) => i.value)) || 1
  return (
    <ol className="flex flex-col gap-y-2">
      {items.map((item, index) => {
        const label = (
          <Text size="small" className="relative truncate">
            {item.label}
          </Text>
        )
        return (
          <li key={item.key} className="flex items-center gap-x-3">
            <Text size="xsmall" className="text-ui-fg-muted w-4 shrink-0 text-right tabular-nums">
              {index + 1}
            </Text>
            <div className="relative min-w-0 flex-1 overflow-hidden rounded-md px-2 py-1">
              <div
                className="bg-ui-tag-blue-bg absolute inset-y-0 left-0 rounded-md"
                style={{ width: `${(item.value / max) * 100}%` }}
                aria-hidden
              />
              {item.to ? (
                <Link to={item.to} className={clx("relative block truncate hover:underline")}>
                  {label}
                </Link>
              ) : (
                label
              )}
            </div>
            {item.detail ? (
              <Text size="xsmall" className="text-ui-fg-subtle shrink-0 tabular-nums">
                {item.detail}
              </Text>
            ) : null}
            <Text size="small" weight="plus" className="w-20 shrink-0 text-right tabular-nums">
              {formatValue(item.value)}
            </Text>
          </li>
        )
      })}
    </ol>
  )
}

type SparklineProps = { values: number[]; height?: number; ariaLabel: string }

/** A small area chart of a daily series (a customer's credits per day). */
export const Sparkline = ({ values, height = 48, ariaLabel }: SparklineProps) => {
  const data = values.map((value, day) => ({ day, value }))
  return (
    <div className="w-full" role="img" aria-label={ariaLabel}>
      <ResponsiveContainer width="100%" height={height}>
        <AreaChart data={data} margin={{ top: 2, right: 0, bottom: 0, left: 0 }}>
          <YAxis hide domain={[0, "dataMax"]} />
          <Area
            type="monotone"
            dataKey="value"
            stroke="var(--tag-blue-icon, #3b82f6)"
            strokeWidth={1.5}
            fill="var(--tag-blue-bg, #dbeafe)"
            fillOpacity={1}
            isAnimationActive={false}
          />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  )
}
