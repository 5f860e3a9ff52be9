import { Switch, Text, toast } from "@medusajs/ui"
import { PLAN_BILLING, ROLLOVER_POLICIES } from "../../../../../client/enums"
import { useEffect, useMemo, useState } from "react"
import { Controller, useWatch, type Path } from "react-hook-form"
import { z } from "zod"
import { Choice, Field, FormDrawer, TextField, useZodForm } from "../../../../components/form"
import { useSavePlan } from "../../../../hooks/api/plans"
import { errorMessage, errorStatus, MAX_CREDITS_PER_OPERATION } from "../../../../lib/api"
import {
  type CreatePlanInput,
  type Plan,
  type PlanInput,
} from "../../../../lib/plans"
import { BILLING_LABELS, ROLLOVER_LABELS } from "./plan-text"

/** The form's fields, as typed (text, but for the choices and the switch). */
const planFields = z.object({
  code: z.string(),
  name: z.string(),
  description: z.string(),
  monthly_credits: z.string(),
  rollover_policy: z.enum(ROLLOVER_POLICIES),
  rollover_cap: z.string(),
  rollover_expiry_days: z.string(),
  billing: z.enum(PLAN_BILLING),
  stripe_price_id: z.string(),
  price_amount: z.string(),
  currency_code: z.string(),
  trial_days: z.string(),
  trial_credits: z.string(),
  rate_limit_tier: z.string(),
  rank: z.string(),
  is_active: z.boolean(),
})
type PlanForm = z.infer<typeof planFields>

type FormErrors = Partial<Record<keyof PlanForm, string>>

const text = (value: string | number | null | undefined) => (value === null || value === undefined ? "" : String(value))

function toForm(plan: Plan | null): PlanForm {
  return {
    code: plan?.code ?? "",
    name: plan?.name ?? "",
    description: text(plan?.description),
    monthly_credits: text(plan?.monthly_credits),
    rollover_policy: plan?.rollover_policy ?? "reset",
    rollover_cap: text(plan?.rollover_cap),
    rollover_expiry_days: text(plan?.rollover_expiry_days),
    billing: plan?.billing ?? "stripe",
    stripe_price_id: text(plan?.stripe_price_id),
    price_amount: text(plan?.price_amount),
    currency_code: plan?.currency_code ?? "usd",
    trial_days: text(plan?.trial_days),
    trial_credits: text(plan?.trial_credits),
    rate_limit_tier: text(plan?.rate_limit_tier),
    rank: text(plan?.rank ?? 0),
    is_active: plan?.is_active ?? true,
  }
}

const WHOLE = /^\d+$/
const optionalInt = (value: string) => (value.trim() === "" ? null : Number(value.trim()))
const optionalText = (value: string) => value.trim() || null

/** Checks what the browser can check; the API's own 400 message covers the rest. */
function validate(form: PlanForm, creating: boolean): FormErrors {
  const errors: FormErrors = {}
  const credits = (value: string, required: boolean) => {
    const v = value.trim()
    if (!v) {
      return required ? "Required: a whole number of credits." : undefined
    }
    return WHOLE.test(v) && Number(v) <= MAX_CREDITS_PER_OPERATION ? undefined : "A whole number of credits, 0 or more."
  }
  if (creating && !/^[a-z0-9][a-z0-9_-]{0,63}$/.test(form.code.trim())) {
    errors.code = "Lower case letters, digits, - or _ (e.g. ai-starter)."
  }
  if (!form.name.trim()) {
    errors.name = "Give the plan a name."
  }
  errors.monthly_credits = credits(form.monthly_credits, true)
  errors.rollover_cap = form.rollover_policy === "reset" ? undefined : credits(form.rollover_cap, false)
  if (form.rollover_policy === "rollover_expiring" && !/^[1-9]\d{0,3}$/.test(form.rollover_expiry_days.trim())) {
    errors.rollover_expiry_days = "Days, 1 or more: rolled-over credits expire this long after the period starts."
  }
  if (creating && form.billing === "stripe" && !form.stripe_price_id.trim()) {
    errors.stripe_price_id = "A plan billed by Stripe needs its Stripe price id (price_...)."
  }
  if (form.price_amount.trim() && !/^\d{1,12}(\.\d{1,4})?$/.test(form.price_amount.trim())) {
    errors.price_amount = "A decimal amount such as 19.00."
  }
  if (!/^[a-zA-Z]{3}$/.test(form.currency_code.trim()) && form.price_amount.trim()) {
    errors.currency_code = "A three-letter currency code (usd)."
  }
  const hasDays = form.trial_days.trim() !== ""
  const hasCredits = form.trial_credits.trim() !== ""
  if (hasDays && !/^[1-9]\d{0,2}$/.test(form.trial_days.trim())) {
    errors.trial_days = "Days, from 1 to 365."
  }
  errors.trial_credits = hasCredits ? credits(form.trial_credits, false) : undefined
  if (hasDays !== hasCredits) {
    errors[hasDays ? "trial_credits" : "trial_days"] = "A trial needs both its days and its credits."
  }
  if (form.rate_limit_tier.trim().length > 64) {
    errors.rate_limit_tier = "At most 64 characters."
  }
  if (!/^-?\d{1,7}$/.test(form.rank.trim())) {
    errors.rank = "A whole number; lower ranks are listed first."
  }
  return Object.fromEntries(Object.entries(errors).filter(([, v]) => v)) as FormErrors
}

function toInput(form: PlanForm): PlanInput {
  const rolls = form.rollover_policy !== "reset"
  return {
    name: form.name.trim(),
    description: optionalText(form.description),
    monthly_credits: Number(form.monthly_credits.trim()),
    rollover_policy: form.rollover_policy,
    rollover_cap: rolls ? optionalInt(form.rollover_cap) : null,
    rollover_expiry_days: form.rollover_policy === "rollover_expiring" ? optionalInt(form.rollover_expiry_days) : null,
    rate_limit_tier: optionalText(form.rate_limit_tier),
    stripe_price_id: form.billing === "stripe" ? optionalText(form.stripe_price_id) : null,
    price_amount: optionalText(form.price_amount),
    currency_code: optionalText(form.currency_code.toLowerCase()),
    trial_days: optionalInt(form.trial_days),
    trial_credits: optionalInt(form.trial_credits),
    is_active: form.is_active,
    rank: Number(form.rank.trim()),
  }
}

/** The form field a validation message of the API names ("Value for field 'rank' ..."), if any. */
function fieldOf(message: string): keyof PlanForm | undefined {
  const field = /field '([a-z_]+)'/.exec(message)?.[1]
  return field && field in toForm(null) ? (field as keyof PlanForm) : undefined
}

/** Only what the admin changed: a plan's other terms (and its subscribers' next periods) stay as they are. */
function changedFields(plan: Plan, input: PlanInput): Partial<PlanInput> {
  const changed = Object.entries(input).filter(
    ([key, value]) => JSON.stringify(plan[key as keyof Plan] ?? null) !== JSON.stringify(value)
  )
  const body = Object.fromEntries(changed) as Partial<PlanInput>
  // A trial is checked as a pair: send both halves when either changes.
  if ("trial_days" in body || "trial_credits" in body) {
    body.trial_days = input.trial_days
    body.trial_credits = input.trial_credits
  }
  return body
}

export type Editing = { mode: "create" } | { mode: "edit"; plan: Plan } | null

/** The form checked by `validate`, each message on its field. */
const planSchema = (creating: boolean) =>
  planFields.superRefine((form, ctx) => {
    for (const [field, message] of Object.entries(validate(form, creating))) {
      ctx.addIssue({ code: "custom", path: [field], message })
    }
  })

/** Creates a plan, or edits one (its code and billing are fixed once created). */
export const PlanDrawer = ({ editing, onClose, open }: { editing: Editing; onClose: () => void; open?: boolean }) => {
  const plan = editing?.mode === "edit" ? editing.plan : null
  const creating = editing?.mode === "create"
  const form = useZodForm(useMemo(() => planSchema(creating), [creating]), toForm(plan), editing)
  const [apiError, setApiError] = useState<string>()
  useEffect(() => setApiError(undefined), [editing])
  const [rolloverPolicy, billing] = useWatch({ control: form.control, name: ["rollover_policy", "billing"] })

  const save = useSavePlan({
    onSuccess: ({ plan: saved }) => {
      toast.success(plan ? "Plan saved" : "Plan created", {
        description: plan ? `Subscribers of ${saved.name} get the new terms from their next period.` : `${saved.name} can be subscribed to.`,
      })
      onClose()
    },
    onError: (error) => {
      // The only conflict a plan can meet is its code being taken (the API's 409 text is generic).
      if (creating && errorStatus(error) === 409) {
        form.setError("code", { message: "Another plan already uses this code." })
        return
      }
      const message = errorMessage(error)
      setApiError(message)
      const field = fieldOf(message)
      if (field) {
        form.setError(field, { message: message.replace(/^Invalid request: /, "") })
      }
    },
  })

  const submit = form.handleSubmit((values) => {
    setApiError(undefined)
    const input = toInput(values)
    save.mutate(
      plan
        ? { id: plan.id, changes: changedFields(plan, input) }
        : { create: { ...input, code: values.code.trim(), billing: values.billing } satisfies CreatePlanInput }
    )
  })

  /** A text field of the form. */
  const textField = (name: Path<PlanForm>, id: string, label: string, more: Partial<Parameters<typeof TextField<PlanForm>>[0]> = {}) => (
    <TextField form={form} name={name} id={id} label={label} {...more} />
  )
  const choice = <K extends "rollover_policy" | "billing">(name: K, id: string, options: { value: PlanForm[K]; label: string }[]) => (
    <Controller
      control={form.control}
      name={name}
      render={({ field }) => (
        <Choice id={id} value={field.value} disabled={name === "billing" && !creating} onChange={field.onChange} options={options} />
      )}
    />
  )

  return (
    <FormDrawer
      open={open ?? Boolean(editing)}
      onOpenChange={(open) => !open && onClose()}
      title={plan ? `Edit ${plan.name}` : "Create plan"}
      description={
        plan
          ? "Changes apply to subscribers from their next period on."
          : "A monthly subscription: credits granted each period, what happens to unused ones, and how it is billed."
      }
      submitLabel={plan ? "Save" : "Create plan"}
      isPending={save.isPending}
      onSubmit={submit}
      error={apiError}
    >
      <div className="grid grid-cols-2 gap-4">
        {textField("name", "plan-name", "Name")}
        {textField("code", "plan-code", "Code", {
          disabled: !creating,
          hint: plan ? "Fixed once created." : "Used by the storefront, e.g. ai-starter.",
        })}
      </div>
      {textField("description", "plan-description", "Description", { optional: true, rows: 2 })}
      {textField("monthly_credits", "plan-monthly-credits", "Credits per month", { inputMode: "numeric" })}
      <Field id="plan-rollover" label="Unused credits">
        {choice("rollover_policy", "plan-rollover", ROLLOVER_POLICIES.map((p) => ({ value: p, label: ROLLOVER_LABELS[p] })))}
      </Field>
      {rolloverPolicy !== "reset" ? (
        <div className="grid grid-cols-2 gap-4">
          {textField("rollover_cap", "plan-rollover-cap", "Carry at most", { optional: true, inputMode: "numeric", hint: "Empty: no cap." })}
          {rolloverPolicy === "rollover_expiring"
            ? textField("rollover_expiry_days", "plan-rollover-expiry", "Expire after (days)", { inputMode: "numeric" })
            : null}
        </div>
      ) : null}
      <Field id="plan-billing" label="Billing" hint={plan ? "Fixed once created." : undefined}>
        {choice("billing", "plan-billing", PLAN_BILLING.map((b) => ({ value: b, label: BILLING_LABELS[b] })))}
      </Field>
      {billing === "stripe"
        ? textField("stripe_price_id", "plan-stripe-price", "Stripe price id", { optional: !creating, placeholder: "price_..." })
        : null}
      <div className="grid grid-cols-2 gap-4">
        {textField("price_amount", "plan-price", "Price per month", {
          optional: true,
          inputMode: "decimal",
          placeholder: "19.00",
          hint: "Shown to customers.",
        })}
        {textField("currency_code", "plan-currency", "Currency")}
        {textField("trial_days", "plan-trial-days", "Trial days", { optional: true, inputMode: "numeric" })}
        {textField("trial_credits", "plan-trial-credits", "Trial credits", { optional: true, inputMode: "numeric" })}
        {textField("rate_limit_tier", "plan-tier", "Rate limit tier", { optional: true, hint: "Named in the plugin's rate limit options." })}
        {textField("rank", "plan-rank", "Rank", { inputMode: "numeric", hint: "Lower ranks are listed first." })}
      </div>
      <div className="flex items-center gap-x-3">
        <Controller
          control={form.control}
          name="is_active"
          render={({ field }) => <Switch id="plan-active" checked={field.value} onCheckedChange={field.onChange} />}
        />
        <Text size="small" asChild>
          <label htmlFor="plan-active">On sale (new customers can subscribe)</label>
        </Text>
      </div>
    </FormDrawer>
  )
}
