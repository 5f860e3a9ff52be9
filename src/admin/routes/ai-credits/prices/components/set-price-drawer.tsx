import { Label, Text } from "@medusajs/ui"
import { useWatch } from "react-hook-form"
import { z } from "zod"
import { FormDrawer, TextField, drawerSaveCallbacks, useZodForm } from "../../../../components/form"
import { SelectFilterField } from "../../../../components/form-select"
import { useSetPrice } from "../../../../hooks/api/prices"
import { useWallets } from "../../../../hooks/api/wallets"
import {
  PRICE_RATE_FIELDS,
  type Price,
  type PriceRateField,
} from "../../../../lib/api"
import { COST_FIELDS, CREDIT_FIELDS, rateOf } from "./rates"

const DECIMAL = /^\d{1,12}(\.\d{1,9})?$/
const PROVIDER = /^[a-z][a-z0-9_-]{0,63}$/
const MODEL = "Enter the model name, e.g. gpt-4o-mini."

const rate = z
  .string()
  .trim()
  .refine((v) => !v || DECIMAL.test(v), "A decimal from 0, at most 9 decimals.")

const SetPriceSchema = z
  .object({
    provider: z
      .string()
      .trim()
      .regex(PROVIDER, "Lower case letters, digits, - and _ (the provider id in the plugin options, e.g. openai)."),
    model: z.string().trim().min(1, MODEL).max(200, MODEL),
    scope: z.enum(["default", "pool"]),
    scope_id: z.string().optional(),
    currency: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z]{3}$/, "A three-letter currency code, e.g. usd."),
    ...(Object.fromEntries(PRICE_RATE_FIELDS.map((f) => [f, rate])) as Record<PriceRateField, typeof rate>),
  })
  .refine((d) => d.scope !== "pool" || Boolean(d.scope_id), {
    path: ["scope_id"],
    message: "Choose the pool these prices apply to.",
  })

type Draft = z.input<typeof SetPriceSchema>

const SCOPES = [
  { value: "default", label: "Everyone (default)" },
  { value: "pool", label: "One pool" },
]

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
  // From the price (or empty) each time the drawer opens.
  const form = useZodForm(SetPriceSchema, from ? draftFrom(from) : emptyDraft(), open ? (from?.id ?? "new") : "closed")
  const scope = useWatch({ control: form.control, name: "scope" })
  const pools = useWallets({ owner_type: "pool", limit: 100 }, { enabled: open })

  const mutation = useSetPrice(
    drawerSaveCallbacks(
      onOpenChange,
      ({ price }) => ({
        title: "Price set",
        description: `${price.provider} / ${price.model} is now at version ${price.version}. Past usage keeps the price it was charged.`,
      }),
      "Could not set the price"
    )
  )

  const submit = form.handleSubmit((values) => {
    const rates = Object.fromEntries(
      PRICE_RATE_FIELDS.flatMap((f) => (values[f] ? [[f, values[f]]] : []))
    ) as Partial<Record<PriceRateField, string>>
    mutation.mutate({
      provider: values.provider,
      model: values.model,
      currency_code: values.currency,
      scope_type: values.scope,
      ...(values.scope === "pool" ? { scope_id: values.scope_id } : {}),
      ...rates,
    })
  })

  const rateInputs = (fields: typeof CREDIT_FIELDS) => (
    <div className="grid grid-cols-2 gap-4">
      {fields.map(({ field, label }) => (
        <TextField
          key={field}
          form={form}
          name={field}
          id={`price-${field}`}
          label={label}
          inputMode="decimal"
          placeholder={from ? "unchanged" : "0"}
        />
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
        <TextField form={form} name="provider" id="price-provider" label="Provider" disabled={Boolean(from)} placeholder="openai" />
        <TextField form={form} name="model" id="price-model" label="Model" disabled={Boolean(from)} placeholder="gpt-4o-mini" />
      </div>
      <div className="grid grid-cols-2 gap-4">
        <SelectFilterField form={form} name="scope" id="price-scope" label="Applies to" placeholder="Everyone" options={SCOPES} />
        {scope === "pool" ? (
          <SelectFilterField
            form={form}
            name="scope_id"
            id="price-pool"
            label="Pool"
            placeholder={pools.data?.wallets.length ? "Choose a pool" : "No pool wallets"}
            options={(pools.data?.wallets ?? []).map((w) => ({ value: w.id, label: w.name ?? w.owner_id }))}
          />
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
        <TextField form={form} name="currency" id="price-currency" label="Cost currency" className="w-24" />
      </div>
      <Text size="xsmall" className="text-ui-fg-subtle">
        {from
          ? "An empty field keeps the current version's rate."
          : "An empty field is 0. A model without a price is never run: requests for it are refused and an alert is raised."}
      </Text>
    </FormDrawer>
  )
}
