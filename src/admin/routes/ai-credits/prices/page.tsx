import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Plus, Tag } from "@medusajs/icons"
import { Badge, Button, Container, Heading, Input, Label, Switch, Table, Text, toast } from "@medusajs/ui"
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { useEffect, useState } from "react"
import { Field, FormDrawer, SelectFilter } from "../../../components/form"
import { EmptyState, ErrorState, LoadingRows } from "../../../components/states"
import {
  PRICE_RATE_FIELDS,
  aiCreditsApi,
  aiCreditsKeys,
  errorMessage,
  type Price,
  type PriceRateField,
  type SetPriceInput,
} from "../../../lib/api"
import { decimalText, formatDateTime, humanize } from "../../../lib/format"

const rateOf = (p: Price, field: PriceRateField) => decimalText(p[field], p[`raw_${field}`])

const CREDIT_FIELDS: { field: PriceRateField; label: string }[] = [
  { field: "credits_per_1k_input_tokens", label: "Per 1K input tokens" },
  { field: "credits_per_1k_output_tokens", label: "Per 1K output tokens" },
  { field: "credits_per_request", label: "Per request" },
  { field: "credits_per_image", label: "Per image" },
]
const COST_FIELDS: { field: PriceRateField; label: string }[] = [
  { field: "cost_per_1k_input_tokens", label: "Per 1K input tokens" },
  { field: "cost_per_1k_output_tokens", label: "Per 1K output tokens" },
  { field: "cost_per_request", label: "Per request" },
  { field: "cost_per_image", label: "Per image" },
]

const DECIMAL = /^\d{1,12}(\.\d{1,9})?$/
const PROVIDER = /^[a-z][a-z0-9_-]{0,63}$/

type Draft = { provider: string; model: string; scope: "default" | "pool"; scope_id?: string; currency: string } & Record<
  PriceRateField,
  string
>

const emptyDraft = (): Draft => ({
  provider: "",
  model: "",
  scope: "default",
  currency: "usd",
  ...(Object.fromEntries(PRICE_RATE_FIELDS.map((f) => [f, ""])) as Record<PriceRateField, string>),
})

const draftFrom = (p: Price): Draft => ({
  provider: p.provider,
  model: p.model,
  scope: p.scope_type === "pool" ? "pool" : "default",
  scope_id: p.scope_id ?? undefined,
  currency: p.currency_code ?? "usd",
  ...(Object.fromEntries(PRICE_RATE_FIELDS.map((f) => [f, rateOf(p, f)])) as Record<PriceRateField, string>),
})

/** Sets a price: a new version of the rate card; past usage keeps the version it was charged at. */
const SetPriceDrawer = ({
  from,
  open,
  onOpenChange,
}: {
  from: Price | null
  open: boolean
  onOpenChange: (open: boolean) => void
}) => {
  const queryClient = useQueryClient()
  const [draft, setDraft] = useState<Draft>(emptyDraft)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const pools = useQuery({
    queryKey: aiCreditsKeys.wallets({ owner_type: "pool", limit: 100 }),
    queryFn: () => aiCreditsApi.listWallets({ owner_type: "pool", limit: 100 }),
    enabled: open,
  })
  useEffect(() => {
    if (open) {
      setDraft(from ? draftFrom(from) : emptyDraft())
      setErrors({})
    }
  }, [open, from])

  const mutation = useMutation({
    mutationFn: (body: SetPriceInput) => aiCreditsApi.setPrice(body),
    onSuccess: ({ price }) => {
      toast.success("Price set", {
        description: `${price.provider} / ${price.model} is now at version ${price.version}. Past usage keeps the price it was charged.`,
      })
      void queryClient.invalidateQueries({ queryKey: aiCreditsKeys.all })
      onOpenChange(false)
    },
    onError: (error) => toast.error("Could not set the price", { description: errorMessage(error) }),
  })

  const set = (key: keyof Draft, value: string | undefined) => setDraft((d) => ({ ...d, [key]: value }))

  const submit = () => {
    const next: Record<string, string> = {}
    if (!PROVIDER.test(draft.provider.trim())) {
      next.provider = "Lower case letters, digits, - and _ (the provider id in the plugin options, e.g. openai)."
    }
    if (!draft.model.trim() || draft.model.trim().length > 200) {
      next.model = "Enter the model name, e.g. gpt-4o-mini."
    }
    if (!/^[a-z]{3}$/.test(draft.currency.trim().toLowerCase())) {
      next.currency = "A three-letter currency code, e.g. usd."
    }
    if (draft.scope === "pool" && !draft.scope_id) {
      next.scope_id = "Choose the pool these prices apply to."
    }
    for (const field of PRICE_RATE_FIELDS) {
      const v = draft[field].trim()
      if (v && !DECIMAL.test(v)) {
        next[field] = "A decimal from 0, at most 9 decimals."
      }
    }
    setErrors(next)
    if (Object.keys(next).length) {
      return
    }
    const rates = Object.fromEntries(
      PRICE_RATE_FIELDS.flatMap((f) => (draft[f].trim() ? [[f, draft[f].trim()]] : []))
    ) as Partial<Record<PriceRateField, string>>
    mutation.mutate({
      provider: draft.provider.trim(),
      model: draft.model.trim(),
      currency_code: draft.currency.trim().toLowerCase(),
      scope_type: draft.scope,
      ...(draft.scope === "pool" ? { scope_id: draft.scope_id } : {}),
      ...rates,
    })
  }

  const rateInputs = (fields: typeof CREDIT_FIELDS) => (
    <div className="grid grid-cols-2 gap-4">
      {fields.map(({ field, label }) => (
        <Field key={field} id={`price-${field}`} label={label} error={errors[field]}>
          <Input
            id={`price-${field}`}
            inputMode="decimal"
            value={draft[field]}
            placeholder={from ? "unchanged" : "0"}
            onChange={(e) => set(field, e.target.value)}
            aria-invalid={Boolean(errors[field])}
          />
        </Field>
      ))}
    </div>
  )

  return (
    <FormDrawer
      open={open}
      onOpenChange={onOpenChange}
      title={from ? "New price version" : "Set a price"}
      description="Prices are versioned: saving supersedes the current version. A request is charged its exact priced usage, rounded up to a whole credit."
      submitLabel="Save price"
      isPending={mutation.isPending}
      onSubmit={submit}
    >
      <div className="grid grid-cols-2 gap-4">
        <Field id="price-provider" label="Provider" error={errors.provider}>
          <Input
            id="price-provider"
            value={draft.provider}
            disabled={Boolean(from)}
            onChange={(e) => set("provider", e.target.value)}
            placeholder="openai"
          />
        </Field>
        <Field id="price-model" label="Model" error={errors.model}>
          <Input
            id="price-model"
            value={draft.model}
            disabled={Boolean(from)}
            onChange={(e) => set("model", e.target.value)}
            placeholder="gpt-4o-mini"
          />
        </Field>
      </div>
      <div className="grid grid-cols-2 gap-4">
        <Field id="price-scope" label="Applies to">
          <SelectFilter
            id="price-scope"
            ariaLabel="Applies to"
            className="w-full"
            value={draft.scope}
            onChange={(v) => set("scope", v ?? "default")}
            placeholder="Everyone"
            options={[
              { value: "default", label: "Everyone (default)" },
              { value: "pool", label: "One pool" },
            ]}
          />
        </Field>
        {draft.scope === "pool" ? (
          <Field id="price-pool" label="Pool" error={errors.scope_id}>
            <SelectFilter
              id="price-pool"
              ariaLabel="Pool"
              className="w-full"
              value={draft.scope_id}
              onChange={(v) => set("scope_id", v)}
              placeholder={pools.data?.wallets.length ? "Choose a pool" : "No pool wallets"}
              options={(pools.data?.wallets ?? []).map((w) => ({ value: w.id, label: w.name ?? w.owner_id }))}
            />
          </Field>
        ) : null}
      </div>
      <div className="flex flex-col gap-y-3">
        <Label size="small" weight="plus">
          Credits charged
        </Label>
        {rateInputs(CREDIT_FIELDS)}
      </div>
      <div className="flex flex-col gap-y-3">
        <div className="flex items-end justify-between gap-4">
          <Label size="small" weight="plus">
            Provider cost (what the provider charges you)
          </Label>
        </div>
        {rateInputs(COST_FIELDS)}
        <Field id="price-currency" label="Cost currency" error={errors.currency}>
          <Input
            id="price-currency"
            className="w-24"
            value={draft.currency}
            onChange={(e) => set("currency", e.target.value)}
          />
        </Field>
      </div>
      <Text size="xsmall" className="text-ui-fg-subtle">
        {from
          ? "An empty field keeps the current version's rate."
          : "An empty field is 0. A model without a price is never run: requests for it are refused and an alert is raised."}
      </Text>
    </FormDrawer>
  )
}

const PricesPage = () => {
  const [history, setHistory] = useState(false)
  const [editing, setEditing] = useState<{ from: Price | null } | null>(null)
  const prices = useQuery({
    queryKey: aiCreditsKeys.prices(history),
    queryFn: () => aiCreditsApi.listPrices({ include_superseded: history ? "true" : undefined, limit: 500 }),
    placeholderData: keepPreviousData,
  })
  const rows = prices.data?.prices ?? []

  return (
    <Container className="divide-y p-0">
      <div className="flex flex-wrap items-center justify-between gap-4 px-6 py-4">
        <div className="flex flex-col gap-y-1">
          <Heading level="h1">Prices</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Rate cards per provider and model: credits charged, and what the provider charges you.
          </Text>
        </div>
        <div className="flex items-center gap-4">
          <div className="flex items-center gap-x-2">
            <Switch id="price-history" checked={history} onCheckedChange={setHistory} />
            <Label htmlFor="price-history" size="small">
              Show history
            </Label>
          </div>
          <Button size="small" variant="secondary" onClick={() => setEditing({ from: null })}>
            <Plus />
            Set price
          </Button>
        </div>
      </div>
      {prices.isLoading ? (
        <LoadingRows />
      ) : prices.isError ? (
        <ErrorState error={prices.error} onRetry={() => void prices.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState
          icon={<Tag />}
          title="No prices yet"
          description="A model without a price is never run. Set a price for each model your AI modules use."
          action={
            <Button size="small" variant="secondary" onClick={() => setEditing({ from: null })}>
              Set a price
            </Button>
          }
        />
      ) : (
        <div className="overflow-x-auto">
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>Model</Table.HeaderCell>
                <Table.HeaderCell>Applies to</Table.HeaderCell>
                <Table.HeaderCell className="text-right">Version</Table.HeaderCell>
                <Table.HeaderCell className="text-right">Credits / 1K in</Table.HeaderCell>
                <Table.HeaderCell className="text-right">Credits / 1K out</Table.HeaderCell>
                <Table.HeaderCell className="text-right">Credits / req</Table.HeaderCell>
                <Table.HeaderCell className="text-right">Credits / image</Table.HeaderCell>
                <Table.HeaderCell className="text-right">Cost / 1K in</Table.HeaderCell>
                <Table.HeaderCell className="text-right">Cost / 1K out</Table.HeaderCell>
                <Table.HeaderCell className="text-right">Cost / req</Table.HeaderCell>
                <Table.HeaderCell>Since</Table.HeaderCell>
                <Table.HeaderCell />
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {rows.map((p) => {
                const current = !p.superseded_at
                return (
                  <Table.Row key={p.id} className={current ? undefined : "text-ui-fg-muted"}>
                    <Table.Cell>
                      <div className="flex flex-col">
                        <Text size="small" weight="plus">
                          {p.model}
                        </Text>
                        <Text size="xsmall" className="text-ui-fg-subtle">
                          {p.provider}
                        </Text>
                      </div>
                    </Table.Cell>
                    <Table.Cell>
                      {p.scope_type === "default" ? "Everyone" : `${humanize(p.scope_type)} ${p.scope_id ?? ""}`}
                    </Table.Cell>
                    <Table.Cell className="text-right">
                      <div className="flex items-center justify-end gap-x-2">
                        {history ? (
                          <Badge size="2xsmall" color={current ? "green" : "grey"}>
                            {current ? "Current" : "Superseded"}
                          </Badge>
                        ) : null}
                        <span className="tabular-nums">v{p.version}</span>
                      </div>
                    </Table.Cell>
                    {CREDIT_FIELDS.map(({ field }) => (
                      <Table.Cell key={field} className="text-right tabular-nums">
                        {rateOf(p, field)}
                      </Table.Cell>
                    ))}
                    {COST_FIELDS.slice(0, 3).map(({ field }) => (
                      <Table.Cell key={field} className="text-right tabular-nums">
                        {rateOf(p, field)} <span className="text-ui-fg-muted">{p.currency_code?.toUpperCase()}</span>
                      </Table.Cell>
                    ))}
                    <Table.Cell className="whitespace-nowrap">
                      {formatDateTime(p.created_at)}
                      {p.superseded_at ? (
                        <Text size="xsmall" className="text-ui-fg-muted">
                          until {formatDateTime(p.superseded_at)}
                        </Text>
                      ) : null}
                    </Table.Cell>
                    <Table.Cell className="text-right">
                      {current ? (
                        <Button size="small" variant="transparent" onClick={() => setEditing({ from: p })}>
                          Change
                        </Button>
                      ) : null}
                    </Table.Cell>
                  </Table.Row>
                )
              })}
            </Table.Body>
          </Table>
        </div>
      )}
      <SetPriceDrawer
        from={editing?.from ?? null}
        open={Boolean(editing)}
        onOpenChange={(open) => !open && setEditing(null)}
      />
    </Container>
  )
}

export const config = defineRouteConfig({
  label: "Prices",
  rank: 3,
})

export const handle = {
  breadcrumb: () => "Prices",
}

export default PricesPage
