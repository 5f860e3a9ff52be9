import { Input, Label, Text, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { Field, FormDrawer, SelectFilter } from "../../../../components/form"
import { useSetPrice } from "../../../../hooks/api/prices"
import { useWallets } from "../../../../hooks/api/wallets"
import {
  PRICE_RATE_FIELDS,
  errorMessage,
  type Price,
  type PriceRateField,
} from "../../../../lib/api"
import { COST_FIELDS, CREDIT_FIELDS, rateOf } from "./rates"

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
export const SetPriceDrawer = ({
  from,
  open,
  onOpenChange,
}: {
  from: Price | null
  open: boolean
  onOpenChange: (open: boolean) => void
}) => {
  const [draft, setDraft] = useState<Draft>(emptyDraft)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const pools = useWallets({ owner_type: "pool", limit: 100 }, { enabled: open })
  useEffect(() => {
    if (open) {
      setDraft(from ? draftFrom(from) : emptyDraft())
      setErrors({})
    }
  }, [open, from])

  const mutation = useSetPrice({
    onSuccess: ({ price }) => {
      toast.success("Price set", {
        description: `${price.provider} / ${price.model} is now at version ${price.version}. Past usage keeps the price it was charged.`,
      })
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

