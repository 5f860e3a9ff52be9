import { DatePicker, Input, Text, toast } from "@medusajs/ui"
import { useState } from "react"
import { Controller, useWatch } from "react-hook-form"
import { useSearchParams } from "react-router-dom"
import type { AdminCreateServerApiKeyResponse } from "../../../../../client/types"
import { Choice, Field, FormDrawer, FormModuleChecks, TextField, useZodForm } from "../../../../components/form"
import { FormSelect, SelectFilterField } from "../../../../components/form-select"
import { useRouteDrawer } from "../../../../components/route-drawer"
import { OWNER_TYPES, errorMessage, type OwnerType } from "../../../../lib/api"
import { OWNER_TYPE_LABELS } from "../../../../lib/format"
import { useCreateServerApiKey } from "../../../../hooks/api/api-keys"
import { useAiModules } from "../../../../hooks/api/modules"
import { useCustomerGroupNames, useSalesChannelNames, useStoreId } from "../../../../hooks/api/owners"
import {
  CreateServerApiKeySchema,
  EMPTY_SERVER_API_KEY,
  optionalWhole,
  parseModels,
  type CreateServerApiKeyForm,
} from "./schema"
import { SecretReveal } from "./secret-reveal"

const isOwnerType = (value: string | null): value is OwnerType => OWNER_TYPES.some((t) => t === value)

/** A payer given by the link that opened the drawer (the wallet page's "Create key"). */
function defaultsFrom(params: URLSearchParams): CreateServerApiKeyForm {
  const type = params.get("owner_type")
  return isOwnerType(type) ? { ...EMPTY_SERVER_API_KEY, owner_type: type, owner_id: params.get("owner_id") ?? "" } : EMPTY_SERVER_API_KEY
}

/** Create a server API key, at `/ai-credits/api-keys/create`; on success the drawer shows its secret once. */
const CreateServerApiKeyPage = () => {
  const drawer = useRouteDrawer("/ai-credits/api-keys")
  const [params] = useSearchParams()
  const [created, setCreated] = useState<AdminCreateServerApiKeyResponse | null>(null)
  const { modules, moduleName } = useAiModules()
  const channels = useSalesChannelNames()
  const groups = useCustomerGroupNames()
  const form = useZodForm(CreateServerApiKeySchema, defaultsFrom(params))
  const { errors } = form.formState
  const ownerType = useWatch({ control: form.control, name: "owner_type" })
  const storeId = useStoreId({ enabled: ownerType === "store" })

  const create = useCreateServerApiKey({
    onSuccess: (answer) => setCreated(answer),
    onError: (error) => toast.error("Could not create the key", { description: errorMessage(error) }),
  })

  const submit = form.handleSubmit((key) => {
    const ownerId = key.owner_type === "store" ? storeId.data : key.owner_id
    if (!ownerId) {
      return form.setError("owner_id", { message: "The store's id is still loading: try again in a moment." })
    }
    create.mutate({
      name: key.name.trim(),
      owner_type: key.owner_type,
      owner_id: ownerId,
      sales_channel_id: key.sales_channel_id || null,
      allowed_modules: key.allowed_modules,
      allowed_models: parseModels(key.allowed_models),
      rate_limit_per_minute: optionalWhole(key.rate_limit_per_minute),
      monthly_credit_limit: optionalWhole(key.monthly_credit_limit),
      expires_at: key.expires_at ? key.expires_at.toISOString() : null,
    })
  })

  if (created) {
    return <SecretReveal created={created} open={drawer.open} onOpenChange={drawer.onOpenChange} />
  }

  const channelOptions = (channels.data ?? []).map((c) => ({ value: c.id, label: c.label }))
  const payerField = () => {
    switch (ownerType) {
      case "sales_channel":
        return <FormSelect control={form.control} name="owner_id" id="api-key-owner" placeholder="Choose a storefront" options={channelOptions} />
      case "customer_group":
        return (
          <FormSelect
            control={form.control}
            name="owner_id"
            id="api-key-owner"
            placeholder="Choose a customer group"
            options={(groups.data ?? []).map((g) => ({ value: g.id, label: g.label }))}
          />
        )
      case "store":
        return (
          <Text size="small" className="text-ui-fg-subtle">
            The store's default pool pays.
          </Text>
        )
      default:
        return (
          <Input
            id="api-key-owner"
            placeholder={ownerType === "customer" ? "cus_…" : "enterprise"}
            aria-invalid={Boolean(errors.owner_id)}
            {...form.register("owner_id")}
          />
        )
    }
  }

  return (
    <FormDrawer
      {...drawer}
      title="Create server API key"
      description="A key for a server or an app. Its requests are charged to the payer's wallet only, within the limits below."
      submitLabel="Create key"
      isPending={create.isPending}
      onSubmit={submit}
    >
      <TextField form={form} name="name" id="api-key-name" label="Name" placeholder="Merchant backend" />
      <div className="grid grid-cols-2 gap-4">
        <Field id="api-key-owner-type" label="Payer type">
          <Controller
            control={form.control}
            name="owner_type"
            render={({ field }) => (
              <Choice
                id="api-key-owner-type"
                value={field.value}
                onChange={(value) => {
                  field.onChange(value)
                  form.setValue("owner_id", "")
                }}
                options={OWNER_TYPES.map((t) => ({ value: t, label: OWNER_TYPE_LABELS[t] }))}
              />
            )}
          />
        </Field>
        <Field
          id="api-key-owner"
          label="Payer"
          error={errors.owner_id?.message}
          hint={ownerType === "customer" ? "The customer's id." : ownerType === "pool" ? "The pool's name." : undefined}
        >
          {payerField()}
        </Field>
      </div>
      <SelectFilterField
        form={form}
        name="sales_channel_id"
        id="api-key-storefront"
        label="Storefront"
        optional
        hint={
          ownerType === "sales_channel"
            ? "Empty: the paying storefront only."
            : "The sales channel whose publishable key the requests carry. Empty: any."
        }
        placeholder="Any storefront"
        allLabel="Any storefront"
        options={channelOptions}
      />
      {modules.length ? (
        <Field id="api-key-modules" label="Allowed AI modules" optional hint="None checked: every module.">
          <FormModuleChecks
            form={form}
            name="allowed_modules"
            idPrefix="api-key-module"
            id="api-key-modules"
            modules={modules.map((m) => ({ id: m.id, label: moduleName(m.id) }))}
          />
        </Field>
      ) : null}
      <TextField
        form={form}
        name="allowed_models"
        id="api-key-models"
        label="Allowed models"
        optional
        rows={2}
        placeholder="gpt-4o-mini"
        hint="One a line or separated by commas. Empty: every model the modules allow."
      />
      <div className="grid grid-cols-2 gap-4">
        <TextField form={form} name="rate_limit_per_minute" id="api-key-rate" label="Requests per minute" optional inputMode="numeric" />
        <TextField form={form} name="monthly_credit_limit" id="api-key-monthly" label="Credits per month" optional inputMode="numeric" />
      </div>
      <Field id="api-key-expires" label="Expires" optional error={errors.expires_at?.message} hint="Empty: the key works until it is revoked.">
        <Controller
          control={form.control}
          name="expires_at"
          render={({ field }) => (
            <DatePicker aria-label="Expiry date" value={field.value} onChange={field.onChange} minValue={new Date()} granularity="day" />
          )}
        />
      </Field>
    </FormDrawer>
  )
}

export default CreateServerApiKeyPage
