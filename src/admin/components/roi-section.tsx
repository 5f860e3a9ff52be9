import { ArrowDownTray, CurrencyDollar, PencilSquare } from "@medusajs/icons"
import { Button, Checkbox, Container, Input, Label, Text, toast } from "@medusajs/ui"
import { keepPreviousData } from "@tanstack/react-query"
import { useEffect, useState } from "react"
import { readRoi, type RoiSettings } from "../lib/analytics"
import { useAnalytics, useSaveRoiSettings } from "../hooks/api/analytics"
import { apiUrl, errorMessage, errorStatus } from "../lib/api"
import { formatCompact, formatCredits, formatMoney, formatPercent } from "../lib/format"
import { useAiModules } from "../hooks/api/modules"
import { Field, FormDrawer } from "./form"
import { EmptyState, ErrorState, LoadingRows, SectionHeader, Stat } from "./states"

const notFound = (error: unknown) => errorStatus(error) === 404
const retryUnlessMissing = (count: number, error: unknown) => !notFound(error) && count < 2
const DECIMAL = /^\d{1,9}(\.\d{1,4})?$/

/** The merchant's ROI assumptions: minutes saved per generated item, hourly rate, attribution window. */
const RoiSettingsDrawer = ({
  settings,
  open,
  onOpenChange,
}: {
  settings: RoiSettings
  open: boolean
  onOpenChange: (open: boolean) => void
}) => {
  const { modules } = useAiModules()
  const [minutes, setMinutes] = useState("")
  const [rate, setRate] = useState("")
  const [currency, setCurrency] = useState("")
  const [windowDays, setWindowDays] = useState("")
  const [automation, setAutomation] = useState<string[]>([])
  const [errors, setErrors] = useState<Record<string, string | undefined>>({})
  useEffect(() => {
    if (open) {
      setMinutes(settings.minutes_saved_per_item)
      setRate(settings.hourly_rate)
      setCurrency(settings.currency_code)
      setWindowDays(String(settings.attribution_window_days))
      setAutomation(settings.automation_modules)
      setErrors({})
    }
    // Only when the drawer opens: a refetch must not wipe what was typed.
  }, [open])

  const mutation = useSaveRoiSettings<RoiSettings>({
    onSuccess: () => {
      toast.success("ROI assumptions saved")
      onOpenChange(false)
    },
    onError: (error) => toast.error("Could not save the assumptions", { description: errorMessage(error) }),
  })

  const submit = () => {
    const next: Record<string, string | undefined> = {
      minutes: DECIMAL.test(minutes.trim()) && Number(minutes) <= 10_000 ? undefined : "Minutes, up to 4 decimals, at most 10,000.",
      rate: DECIMAL.test(rate.trim()) ? undefined : "An amount, up to 4 decimals.",
      currency: /^[a-zA-Z]{3}$/.test(currency.trim()) ? undefined : "A three-letter currency code.",
      windowDays:
        /^\d+$/.test(windowDays.trim()) && Number(windowDays) <= 365 ? undefined : "Whole days, from 0 to 365.",
    }
    setErrors(next)
    if (Object.values(next).some(Boolean)) {
      return
    }
    mutation.mutate({
      minutes_saved_per_item: minutes.trim(),
      hourly_rate: rate.trim(),
      currency_code: currency.trim().toLowerCase(),
      attribution_window_days: Number(windowDays),
      automation_modules: automation,
    })
  }

  return (
    <FormDrawer
      open={open}
      onOpenChange={onOpenChange}
      title="ROI assumptions"
      description="How the return on AI is computed for this store."
      submitLabel="Save"
      isPending={mutation.isPending}
      onSubmit={submit}
    >
      <div className="grid grid-cols-2 gap-4">
        <Field id="roi-minutes" label="Minutes saved per item" error={errors.minutes}>
          <Input id="roi-minutes" inputMode="decimal" value={minutes} onChange={(e) => setMinutes(e.target.value)} />
        </Field>
        <Field id="roi-rate" label="Hourly rate" error={errors.rate}>
          <Input id="roi-rate" inputMode="decimal" value={rate} onChange={(e) => setRate(e.target.value)} />
        </Field>
      </div>
      <div className="grid grid-cols-2 gap-4">
        <Field id="roi-currency" label="Currency" error={errors.currency}>
          <Input id="roi-currency" value={currency} onChange={(e) => setCurrency(e.target.value)} />
        </Field>
        <Field
          id="roi-window"
          label="Attribution window (days)"
          error={errors.windowDays}
          hint="A customer's AI use counts for their orders this many days later."
        >
          <Input id="roi-window" inputMode="numeric" value={windowDays} onChange={(e) => setWindowDays(e.target.value)} />
        </Field>
      </div>
      <div className="flex flex-col gap-y-2">
        <Label size="small" weight="plus">
          Modules whose requests are generated items
        </Label>
        <div className="grid grid-cols-2 gap-2">
          {modules.map((m) => (
            <label key={m.id} className="flex items-center gap-x-2" htmlFor={`roi-module-${m.id}`}>
              <Checkbox
                id={`roi-module-${m.id}`}
                checked={automation.includes(m.id)}
                onCheckedChange={(checked) =>
                  setAutomation((cur) => (checked === true ? [...cur, m.id] : cur.filter((x) => x !== m.id)))
                }
              />
              <Text size="small">{m.name}</Text>
            </label>
          ))}
        </div>
        <Text size="xsmall" className="text-ui-fg-subtle">
          Savings = items generated by these modules × minutes saved per item × hourly rate.
        </Text>
      </div>
    </FormDrawer>
  )
}

/** Return on AI: revenue of AI-assisted orders against AI spend, conversion with and without AI, savings. */
export const RoiSection = ({ from, to, tz }: { from: string; to: string; tz: string }) => {
  const [editing, setEditing] = useState(false)
  const params = { from, to, tz }
  const roi = useAnalytics("roi", params, { retry: retryUnlessMissing, placeholderData: keepPreviousData })
  const data = roi.data ? readRoi(roi.data) : undefined
  const main = data?.main
  const currency = main?.currency_code ?? data?.settings?.currency_code ?? "usd"

  return (
    <Container className="divide-y p-0">
      <SectionHeader
        title="Return on AI"
        description="Revenue of AI-assisted orders against what AI cost, how carts that used AI converted, and the work it saved."
        actions={
          data ? (
            <>
              {data.settings ? (
                <Button size="small" variant="secondary" onClick={() => setEditing(true)}>
                  <PencilSquare />
                  Assumptions
                </Button>
              ) : null}
              <Button size="small" variant="secondary" asChild>
                <a href={apiUrl("analytics/roi", { ...params, format: "csv" })} download>
                  <ArrowDownTray />
                  CSV
                </a>
              </Button>
            </>
          ) : undefined
        }
      />
      {roi.isLoading ? (
        <LoadingRows rows={3} />
      ) : roi.isError ? (
        notFound(roi.error) ? (
          <EmptyState
            icon={<CurrencyDollar />}
            title="ROI is not available yet"
            description="This store's server does not have the ROI analytics route yet. It appears here once the plugin version with AI analytics is installed."
          />
        ) : (
          <ErrorState error={roi.error} onRetry={() => void roi.refetch()} />
        )
      ) : data ? (
        <>
          <div className="grid grid-cols-2 gap-6 px-6 py-4 md:grid-cols-4">
            <Stat
              label="AI-assisted revenue"
              value={formatMoney(main?.ai_revenue ?? 0, currency)}
              hint={
                main
                  ? `${formatCredits(main.ai_orders)} of ${formatCredits(main.orders)} orders · ${formatPercent(
                      main.revenue ? main.ai_revenue / main.revenue : null
                    )} of revenue${data.otherCurrencies ? ` · +${data.otherCurrencies} other currencies` : ""}`
                  : "No orders in the period"
              }
            />
            <Stat
              label="AI spend"
              value={formatMoney(data.provider_cost, data.provider_cost_currency)}
              hint={`${formatCredits(data.credits)} credits · ${formatCredits(data.requests)} requests`}
            />
            <Stat
              label="Revenue per provider cost"
              value={data.ratio !== undefined ? `${data.ratio.toFixed(1)}×` : "–"}
              hint="AI-assisted revenue ÷ provider cost"
            />
            <Stat
              label="Automation savings"
              value={data.automation ? formatMoney(data.automation.savings, data.automation.currency_code) : "–"}
              hint={
                data.automation
                  ? `${formatCompact(data.automation.items)} items × ${data.automation.minutes_saved_per_item} min = ${formatCompact(
                      data.automation.hours_saved
                    )} h at ${formatMoney(data.automation.hourly_rate, data.automation.currency_code)}/h`
                  : undefined
              }
            />
          </div>
          <div className="grid grid-cols-1 gap-6 px-6 py-4 md:grid-cols-2">
            <div className="flex flex-col gap-y-3">
              <Text size="small" weight="plus">
                Cart conversion
              </Text>
              {[
                { key: "ai", label: "Carts that used AI", side: data.withAi, color: "var(--tag-blue-icon)" },
                { key: "other", label: "Carts without AI", side: data.withoutAi, color: "var(--tag-neutral-icon)" },
              ].map((row) => (
                <div key={row.key} className="flex flex-col gap-y-1">
                  <div className="flex items-center justify-between">
                    <Text size="small" className="text-ui-fg-subtle">
                      {row.label}
                      {row.side ? ` · ${formatCredits(row.side.completed)} of ${formatCredits(row.side.carts)} carts` : ""}
                    </Text>
                    <Text size="small" weight="plus" className="tabular-nums">
                      {formatPercent(row.side?.rate)}
                    </Text>
                  </div>
                  <div className="bg-ui-bg-component h-2 w-full overflow-hidden rounded-full" aria-hidden>
                    <div
                      className="h-full rounded-full"
                      style={{ width: `${Math.min(100, (row.side?.rate ?? 0) * 100)}%`, background: row.color }}
                    />
                  </div>
                </div>
              ))}
              {main && main.ai_orders ? (
                <Text size="xsmall" className="text-ui-fg-subtle">
                  Of the AI-assisted orders, {formatCredits(main.by_cart)} used AI in their cart and{" "}
                  {formatCredits(main.by_customer)} through their customer only.
                </Text>
              ) : null}
            </div>
            <div className="bg-ui-bg-subtle flex flex-col gap-y-1 rounded-lg px-4 py-3">
              <Text size="small" weight="plus">
                Attribution rule
              </Text>
              <Text size="small" className="text-ui-fg-subtle">
                {data.attributionRule ?? "The analytics API did not state its attribution rule."}
              </Text>
            </div>
          </div>
          {data.settings ? (
            <RoiSettingsDrawer settings={data.settings} open={editing} onOpenChange={setEditing} />
          ) : null}
        </>
      ) : null}
    </Container>
  )
}
