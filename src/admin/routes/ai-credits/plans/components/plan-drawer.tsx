import { Input, Switch, Text, Textarea, toast } from "@medusajs/ui"
import { PLAN_BILLING, ROLLOVER_POLICIES, type PlanBilling, type RolloverPolicy } from "../../../../../client/enums"
import { useEffect, useState } from "react"
import { Choice, Field, FormDrawer } from "../../../../components/form"
import { useSavePlan } from "../../../../hooks/api/plans"
import { errorMessage, errorStatus, MAX_CREDITS_PER_OPERATION } from "../../../../lib/api"
import {
  type CreatePlanInput,
  type Plan,
  type PlanInput,
} from "../../../../lib/plans"
import { BILLING_LABELS, ROLLOVER_LABELS } from "./plan-text"

/** The form's text fields, as typed. */
type PlanForm = {
  code: string
  name: string
  description: string
  monthly_credits: string
  rollover_policy: RolloverPolicy
  rollover_cap: string
  rollover_expiry_days: string
  billing: PlanBilling
  stripe_price_id: string
  price_amount: string
  currency_code: string
  trial_days: string
  trial_credits: string
  rate_limit_tier: string
  rank: string
  is_active: boolean
}

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

/** Creates a plan, or edits one (its code and billing are fixed once created). */
export const PlanDrawer = ({ editing, onClose, open }: { editing: Editing; onClose: () => void; open?: boolean }) => {
  const plan = editing?.mode === "edit" ? editing.plan : null
  const creating = editing?.mode === "create"
  const [form, setForm] = useState<PlanForm>(() => toForm(null))
  const [errors, setErrors] = useState<FormErrors>({})
  const [apiError, setApiError] = useState<string>()
  useEffect(() => {
    setForm(toForm(plan))
    setErrors({})
    setApiError(undefined)
  }, [editing])
  const set = <K extends keyof PlanForm>(key: K, value: PlanForm[K]) => setForm((current) => ({ ...current, [key]: value }))

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
        setErrors({ code: "Another plan already uses this code." })
        return
      }
      const message = errorMessage(error)
      setApiError(message)
      const field = fieldOf(message)
      if (field) {
        setErrors((current) => ({ ...current, [field]: message.replace(/^Invalid request: /, "") }))
      }
    },
  })

  const submit = () => {
    const found = validate(form, creating)
    setErrors(found)
    setApiError(undefined)
    if (!Object.keys(found).length) {
      const input = toInput(form)
      save.mutate(
        plan
          ? { id: plan.id, changes: changedFields(plan, input) }
          : { create: { ...input, code: form.code.trim(), billing: form.billing } satisfies CreatePlanInput }
      )
    }
  }

  const creditInput = (key: keyof PlanForm, id: string) => (
    <Input
      id={id}
      inputMode="numeric"
      value={form[key] as string}
      onChange={(e) => set(key, e.target.value)}
      aria-invalid={Boolean(errors[key])}
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
        <Field id="plan-name" label="Name" error={errors.name}>
          <Input id="plan-name" value={form.name} onChange={(e) => set("name", e.target.value)} aria-invalid={Boolean(errors.name)} />
        </Field>
        <Field id="plan-code" label="Code" error={errors.code} hint={plan ? "Fixed once created." : "Used by the storefront, e.g. ai-starter."}>
          <Input
            id="plan-code"
            value={form.code}
            disabled={!creating}
            onChange={(e) => set("code", e.target.value)}
            aria-invalid={Boolean(errors.code)}
          />
        </Field>
      </div>
      <Field id="plan-description" label="Description" optional>
        <Textarea id="plan-description" rows={2} value={form.description} onChange={(e) => set("description", e.target.value)} />
      </Field>
      <Field id="plan-monthly-credits" label="Credits per month" error={errors.monthly_credits}>
        {creditInput("monthly_credits", "plan-monthly-credits")}
      </Field>
      <Field id="plan-rollover" label="Unused credits">
        <Choice
          id="plan-rollover"
          value={form.rollover_policy}
          onChange={(v) => set("rollover_policy", v)}
          options={ROLLOVER_POLICIES.map((p) => ({ value: p, label: ROLLOVER_LABELS[p] }))}
        />
      </Field>
      {form.rollover_policy !== "reset" ? (
        <div className="grid grid-cols-2 gap-4">
          <Field id="plan-rollover-cap" label="Carry at most" optional error={errors.rollover_cap} hint="Empty: no cap.">
            {creditInput("rollover_cap", "plan-rollover-cap")}
          </Field>
          {form.rollover_policy === "rollover_expiring" ? (
            <Field id="plan-rollover-expiry" label="Expire after (days)" error={errors.rollover_expiry_days}>
              {creditInput("rollover_expiry_days", "plan-rollover-expiry")}
            </Field>
          ) : null}
        </div>
      ) : null}
      <Field id="plan-billing" label="Billing" hint={plan ? "Fixed once created." : undefined}>
        <Choice
          id="plan-billing"
          value={form.billing}
          disabled={!creating}
          onChange={(v) => set("billing", v)}
          options={PLAN_BILLING.map((b) => ({ value: b, label: BILLING_LABELS[b] }))}
        />
      </Field>
      {form.billing === "stripe" ? (
        <Field id="plan-stripe-price" label="Stripe price id" optional={!creating} error={errors.stripe_price_id}>
          <Input
            id="plan-stripe-price"
            placeholder="price_..."
            value={form.stripe_price_id}
            onChange={(e) => set("stripe_price_id", e.target.value)}
            aria-invalid={Boolean(errors.stripe_price_id)}
          />
        </Field>
      ) : null}
      <div className="grid grid-cols-2 gap-4">
        <Field id="plan-price" label="Price per month" optional error={errors.price_amount} hint="Shown to customers.">
          <Input
            id="plan-price"
            inputMode="decimal"
            placeholder="19.00"
            value={form.price_amount}
            onChange={(e) => set("price_amount", e.target.value)}
            aria-invalid={Boolean(errors.price_amount)}
          />
        </Field>
        <Field id="plan-currency" label="Currency" error={errors.currency_code}>
          <Input id="plan-currency" value={form.currency_code} onChange={(e) => set("currency_code", e.target.value)} />
        </Field>
        <Field id="plan-trial-days" label="Trial days" optional error={errors.trial_days}>
          {creditInput("trial_days", "plan-trial-days")}
        </Field>
        <Field id="plan-trial-credits" label="Trial credits" optional error={errors.trial_credits}>
          {creditInput("trial_credits", "plan-trial-credits")}
        </Field>
        <Field id="plan-tier" label="Rate limit tier" optional hint="Named in the plugin's rate limit options.">
          <Input id="plan-tier" value={form.rate_limit_tier} onChange={(e) => set("rate_limit_tier", e.target.value)} />
        </Field>
        <Field id="plan-rank" label="Rank" error={errors.rank} hint="Lower ranks are listed first.">
          <Input id="plan-rank" inputMode="numeric" value={form.rank} onChange={(e) => set("rank", e.target.value)} />
        </Field>
      </div>
      <div className="flex items-center gap-x-3">
        <Switch id="plan-active" checked={form.is_active} onCheckedChange={(v) => set("is_active", v)} />
        <Text size="small" asChild>
          <label htmlFor="plan-active">On sale (new customers can subscribe)</label>
        </Text>
      </div>
    </FormDrawer>
  )
}
