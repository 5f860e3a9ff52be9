import { Text, clx } from "@medusajs/ui"
import { useEffect, useRef, useState, type ReactNode } from "react"
import { Link } from "react-router-dom"

/**
 * Small SVG charts drawn with the dashboard's own colour tokens (so they follow light and dark
 * mode). No chart library is bundled with the plugin yet; these stay dependency-free.
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

/** Width of an element, following resizes. */
function useWidth<T extends HTMLElement>() {
  const ref = useRef<T>(null)
  const [width, setWidth] = useState(0)
  useEffect(() => {
    const el = ref.current
    if (!el) {
      return
    }
    setWidth(el.getBoundingClientRect().width)
    if (typeof ResizeObserver === "undefined") {
      return
    }
    const observer = new ResizeObserver((entries) => setWidth(entries[0]?.contentRect.width ?? 0))
    observer.observe(el)
    return () => observer.disconnect()
  }, [])
  return [ref, width] as const
}

/** 1, 2 or 5 times a power of ten, at least `v`. */
function niceMax(v: number) {
  if (v <= 0) {
    return 1
  }
  const exp = 10 ** Math.floor(Math.log10(v))
  const f = v / exp
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * exp
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
  const [ref, measured] = useWidth<HTMLDivElement>()
  const [hover, setHover] = useState<number | null>(null)
  const width = Math.max(measured, 280)
  const color = colorScale(keys)
  const margin = { top: 8, right: 8, bottom: 24, left: 48 }
  const innerW = width - margin.left - margin.right
  const innerH = height - margin.top - margin.bottom
  const totals = points.map((p) => keys.reduce((sum, k) => sum + (p.values[k] ?? 0), 0))
  const max = niceMax(Math.max(0, ...totals))
  const band = points.length ? innerW / points.length : innerW
  const barW = Math.max(2, Math.min(36, band * 0.7))
  const y = (v: number) => innerH - (v / max) * innerH
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max)
  const labelEvery = Math.max(1, Math.ceil(points.length / Math.max(1, Math.floor(innerW / 72))))
  const hovered = hover === null ? undefined : points[hover]

  return (
    <div ref={ref} className="relative w-full">
      <svg width={width} height={height} role="img" aria-label={ariaLabel} className="block">
        <g transform={`translate(${margin.left},${margin.top})`}>
          {ticks.map((t) => (
            <g key={t} transform={`translate(0,${y(t)})`}>
              <line x1={0} x2={innerW} stroke="var(--border-base, #e4e4e7)" strokeDasharray={t === 0 ? undefined : "3 3"} />
              <text x={-8} dy="0.32em" textAnchor="end" className="fill-ui-fg-muted" style={{ fontSize: 11 }}>
                {formatValue(t)}
              </text>
            </g>
          ))}
          {points.map((p, i) => {
            let acc = 0
            const x = i * band + (band - barW) / 2
            return (
              <g key={p.bucket} opacity={hover === null || hover === i ? 1 : 0.45}>
                {keys.map((k) => {
                  const v = p.values[k] ?? 0
                  if (v <= 0) {
                    return null
                  }
                  const top = y(acc + v)
                  const h = y(acc) - top
                  acc += v
                  return <rect key={k} x={x} y={top} width={barW} height={Math.max(h, 0.5)} fill={color(k)} rx={1} />
                })}
                {i % labelEvery === 0 ? (
                  <text
                    x={i * band + band / 2}
                    y={innerH + 16}
                    textAnchor="middle"
                    className="fill-ui-fg-muted"
                    style={{ fontSize: 11 }}
                  >
                    {formatBucket(p.bucket)}
                  </text>
                ) : null}
                <rect
                  x={i * band}
                  y={0}
                  width={band}
                  height={innerH}
                  fill="transparent"
                  onMouseEnter={() => setHover(i)}
                  onMouseLeave={() => setHover(null)}
                >
                  <title>{`${formatBucket(p.bucket)}: ${formatValue(totals[i])}`}</title>
                </rect>
              </g>
            )
          })}
        </g>
      </svg>
      {hovered && hover !== null ? (
        <div
          className="bg-ui-bg-base shadow-elevation-tooltip pointer-events-none absolute top-2 z-10 min-w-40 rounded-lg px-3 py-2"
          style={{
            left: Math.min(margin.left + hover * band + band / 2 + 8, Math.max(0, width - 180)),
          }}
        >
          <Text size="xsmall" weight="plus">
            {formatBucket(hovered.bucket)} · {formatValue(totals[hover])}
          </Text>
          {keys
            .filter((k) => (hovered.values[k] ?? 0) > 0)
            .map((k) => (
              <div key={k} className="flex items-center justify-between gap-x-3">
                <span className="flex items-center gap-x-1.5">
                  <span className="inline-block size-2 rounded-full" style={{ background: color(k) }} />
                  <Text size="xsmall" className="text-ui-fg-subtle">
                    {labelFor(k)}
                  </Text>
                </span>
                <Text size="xsmall" className="tabular-nums">
                  {formatValue(hovered.values[k] ?? 0)}
                </Text>
              </div>
            ))}
        </div>
      ) : null}
    </div>
  )
}

type SplitBarProps = {
  items: { key: string; label: string; value: number; detail?: ReactNode }[]
  formatValue: (value: number) => string
  ariaLabel: string
}

/** Shares of a whole (credits by provider): one bar split in proportion, and a row per share. */
export const SplitBar = ({ items, formatValue, ariaLabel }: SplitBarProps) => {
  const total = items.reduce((sum, i) => sum + i.value, 0)
  const color = colorScale(items.map((i) => i.key))
  return (
    <div className="flex flex-col gap-y-3">
      <div className="bg-ui-bg-component flex h-2.5 w-full overflow-hidden rounded-full" role="img" aria-label={ariaLabel}>
        {items.map((item) =>
          item.value > 0 ? (
            <div
              key={item.key}
              style={{ width: `${(item.value / (total || 1)) * 100}%`, background: color(item.key) }}
              title={`${item.label}: ${formatValue(item.value)}`}
            />
          ) : null
        )}
      </div>
      <ul className="flex flex-col gap-y-2">
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
  const [ref, measured] = useWidth<HTMLDivElement>()
  const width = Math.max(measured, 120)
  const max = Math.max(0, ...values) || 1
  const step = values.length > 1 ? width / (values.length - 1) : width
  const pts = values.map((v, i) => [i * step, height - 2 - (v / max) * (height - 4)] as const)
  const line = pts.map(([x, yy], i) => `${i ? "L" : "M"}${x.toFixed(1)},${yy.toFixed(1)}`).join(" ")
  const area = pts.length ? `${line} L${width},${height} L0,${height} Z` : ""
  return (
    <div ref={ref} className="w-full">
      <svg width={width} height={height} role="img" aria-label={ariaLabel} className="block">
        <path d={area} fill="var(--tag-blue-bg, #dbeafe)" />
        <path d={line} fill="none" stroke="var(--tag-blue-icon, #3b82f6)" strokeWidth={1.5} />
      </svg>
    </div>
  )
}
