import { DatePicker, Input, Label, RadioGroup, Text, toast } from "@medusajs/ui"
import { useEffect, useRef, useState } from "react"
import { Controller, useWatch } from "react-hook-form"
import { z } from "zod"
import { ADJUSTMENT_GRANT_SOURCES, type AdjustmentGrantSource } from "../../client/enums"
import {
  MAX_CREDITS_PER_OPERATION,
  OWNER_TYPES,
  errorMessage,
  errorStatus,
  newIdempotencyKey,
  type AdjustmentInput,
  type OwnerType,
  type Wallet,
} from "../lib/api"
import { useAiModules } from "../hooks/api/modules"
import { useCreateAdjustment } from "../hooks/api/wallets"
import { OWNER_TYPE_LABELS, formatCredits } from "../lib/format"
import { grantPriorityText, reasonText } from "../lib/form-schemas"
import { Choice, Field, FormDrawer, FormModuleChecks, GrantPriorityField, TextField, useZodForm } from "./form"
import { SelectField } from "./form-select"

export type AdjustTarget = {
  owner_type: OwnerType
  owner_id: string
  /** How the owner is shown in the form ("Ada Lovelace", "Web Store"). */
  label: string
  /** The owner's wallet, when it has one: what it can give up now (available credits and overage room). */
  wallet?: Pick<Wallet, "available" | "overage_limit" | "overage_used">
}

type Props = {
  open: boolean
  onOpenChange: (open: boolean) => void
  /** A fixed owner (the wallet page, the customer widget); without it the form asks for one. */
  target?: AdjustTarget
}

const DIRECTIONS = ["grant", "remove"] as const
const OWNER_TYPE_OPTIONS = OWNER_TYPES.map((t) => ({ value: t, label: OWNER_TYPE_LABELS[t] }))

/** What a grant is for, as the drawer names it. */
const SOURCE_LABELS: Record<AdjustmentGrantSource, string> = {
  adjustment: "Adjustment",
  promotion: "Promotion",
  trial: "Trial",
  enterprise: "Enterprise",
}
const SOURCE_OPTIONS = ADJUSTMENT_GRANT_SOURCES.map((value) => ({ value, label: SOURCE_LABELS[value] }))

/** What is wrong with a number of credits as typed, if anything. */
function amountError(text: string) {
  const n = Number(text)
  if (!text) {
    return "Enter a number of credits."
  }
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n)) {
    return "Credits are whole numbers."
  }
  if (n <= 0) {
    return "Enter more than 0 credits."
  }
  return n > MAX_CREDITS_PER_OPERATION ? `At most ${formatCredits(MAX_CREDITS_PER_OPERATION)} credits at once.` : undefined
}

const AdjustSchema = z
  .object({
    owner_type: z.enum(OWNER_TYPES),
    owner_id: z.string().trim().min(1, "Enter the id of the owner."),
    direction: z.enum(DIRECTIONS),
    amount: z
      .string()
      .trim()
      .superRefine((text, ctx) => {
        const message = amountError(text)
        if (message) {
          ctx.addIssue({ code: "custom", message })
        }
      })
      .transform(Number),
    reason: reasonText("Say why: the reason is kept on the ledger."),
    expires_at: z.date().nullable(),
    modules: z.array(z.string()),
    priority: grantPriorityText,
    source: z.enum(ADJUSTMENT_GRANT_SOURCES),
  })
  .refine((v) => v.direction !== "grant" || !v.expires_at || v.expires_at.getTime() > Date.now(), {
    path: ["expires_at"],
    message: "The expiry must be in the future.",
  })

/**
 * Grants credits to an owner (creating the wallet on its first grant) or takes them back, with a
 * reason that goes on the ledger. One idempotency key per attempt, so a double submit is harmless.
 */
export const AdjustCreditsDrawer = ({ open, onOpenChange, target }: Props) => {
  const idempotencyKey = useRef(newIdempotencyKey("admin-adjustment"))
  // Each opening (or a new owner) starts a fresh form and a fresh attempt.
  const [opening, setOpening] = useState(0)
  useEffect(() => {
    if (open) {
      setOpening((n) => n + 1)
      idempotencyKey.current = newIdempotencyKey("admin-adjustment")
    }
  }, [open, target?.owner_type, target?.owner_id])
  const form = useZodForm(
    AdjustSchema,
    {
      owner_type: target?.owner_type ?? "customer",
      owner_id: target?.owner_id ?? "",
      direction: "grant",
      amount: "",
      reason: "",
      expires_at: null,
      modules: [],
      priority: "",
      source: "adjustment",
    },
    opening
  )
  const { errors } = form.formState
  const [ownerType, direction, amount] = useWatch({ control: form.control, name: ["owner_type", "direction", "amount"] })

  const modulesQuery = useAiModules({ enabled: open && direction === "grant" })

  const mutation = useCreateAdjustment({
    onSuccess: (result, { body }) => {
      const balance = result.balance?.balance
      const who = target?.label ?? body.owner_id
      toast.success(body.amount > 0 ? "Credits granted" : "Credits removed", {
        description: `${formatCredits(Math.abs(body.amount))} credits ${body.amount > 0 ? "to" : "from"} ${who}.${
          typeof balance === "number" ? ` Balance now ${formatCredits(balance)}.` : ""
        }`,
      })
      onOpenChange(false)
    },
    onError: (error) => {
      // The server answered: this attempt is settled, a corrected one needs a key of its own.
      if (errorStatus(error) !== undefined) {
        idempotencyKey.current = newIdempotencyKey("admin-adjustment")
      }
      const status = errorStatus(error)
      const title =
        status === 402
          ? "Not enough credits to remove"
          : status === 404
            ? "Owner not found"
            : status === 409
              ? "Conflicting adjustment"
              : "Adjustment failed"
      toast.error(title, { description: errorMessage(error) })
    },
  })

  const submit = form.handleSubmit((values) => {
    const grant = values.direction === "grant"
    const body: AdjustmentInput = {
      owner_type: values.owner_type,
      owner_id: values.owner_id,
      amount: grant ? values.amount : -values.amount,
      reason: values.reason,
      ...(grant && values.expires_at ? { expires_at: values.expires_at.toISOString() } : {}),
      ...(grant && values.modules.length ? { modules: values.modules } : {}),
      ...(grant && values.priority !== undefined ? { priority: values.priority } : {}),
      ...(grant && values.source !== "adjustment" ? { source: values.source } : {}),
    }
    mutation.mutate({ body, idempotencyKey: idempotencyKey.current })
  })

  const n = Number(amount)
  const available = target?.wallet?.available
  const room = target?.wallet ? target.wallet.available + Math.max(0, target.wallet.overage_limit - target.wallet.overage_used) : 0
  const removeWarning =
    direction === "remove" && available !== undefined && Number.isFinite(n) && n > room
      ? `The wallet has ${formatCredits(available)} credits available; the API refuses to take more than it can give.`
      : undefined

  return (
    <FormDrawer
      open={open}
      onOpenChange={onOpenChange}
      title="Adjust credits"
      description={
        target ? (
          <>
            {OWNER_TYPE_LABELS[target.owner_type]}: <span className="text-ui-fg-base">{target.label}</span>
            {available !== undefined ? ` · ${formatCredits(available)} available` : ""}
          </>
        ) : (
          "Grant credits to an owner (its wallet is created on the first grant) or take credits back."
        )
      }
      submitLabel={direction === "grant" ? "Grant credits" : "Remove credits"}
      submitVariant={direction === "grant" ? "primary" : "danger"}
      isPending={mutation.isPending}
      onSubmit={submit}
    >
      {!target ? (
        <>
          <Field id="adjust-owner-type" label="Owner type">
            <Controller
              control={form.control}
              name="owner_type"
              render={({ field }) => (
                <Choice id="adjust-owner-type" value={field.value} onChange={field.onChange} options={OWNER_TYPE_OPTIONS} />
              )}
            />
          </Field>
          <Field
            id="adjust-owner-id"
            label="Owner id"
            error={errors.owner_id?.message}
            hint={
              ownerType === "store"
                ? "The store's id (Settings → Store)."
                : `The ${OWNER_TYPE_LABELS[ownerType].toLowerCase()}'s id, e.g. cus_01H… for a customer.`
            }
          >
            <Input id="adjust-owner-id" aria-invalid={Boolean(errors.owner_id)} placeholder="cus_…" {...form.register("owner_id")} />
          </Field>
        </>
      ) : null}

      <div className="flex flex-col gap-y-2">
        <Label size="small" weight="plus">
          Change
        </Label>
        <Controller
          control={form.control}
          name="direction"
          render={({ field }) => (
            <RadioGroup
              value={field.value}
              onValueChange={(v) => field.onChange(v as (typeof DIRECTIONS)[number])}
              className="grid grid-cols-2 gap-2"
            >
          {(
            [
              ["grant", "Grant credits", "Adds a grant of credits"],
              ["remove", "Remove credits", "Takes credits back"],
            ] as const
          ).map(([value, title, sub]) => (
            <label
              key={value}
              htmlFor={`adjust-direction-${value}`}
              className="shadow-borders-base bg-ui-bg-base flex cursor-pointer items-start gap-x-2 rounded-lg px-3 py-2"
            >
              <RadioGroup.Item value={value} id={`adjust-direction-${value}`} className="mt-0.5" />
              <span className="flex flex-col">
                <Text size="small" weight="plus">
                  {title}
                </Text>
                <Text size="xsmall" className="text-ui-fg-subtle">
                  {sub}
                </Text>
              </span>
            </label>
          ))}
            </RadioGroup>
          )}
        />
      </div>

      <Field id="adjust-amount" label="Credits" error={errors.amount?.message ?? removeWarning}>
        <Input id="adjust-amount" inputMode="numeric" aria-invalid={Boolean(errors.amount)} placeholder="100" {...form.register("amount")} />
      </Field>

      <TextField
        form={form}
        name="reason"
        id="adjust-reason"
        label="Reason"
        rows={3}
        placeholder="Goodwill credit for a failed generation"
        hint="Shown on the wallet's ledger."
      />

      {direction === "grant" ? (
        <>
          <Field
            id="adjust-expires"
            label="Expires"
            optional
            error={errors.expires_at?.message}
            hint="Unspent credits of this grant expire then. Leave empty to keep them."
          >
            <Controller
              control={form.control}
              name="expires_at"
              render={({ field }) => (
                <DatePicker
                  aria-label="Expiry date"
                  value={field.value}
                  onChange={field.onChange}
                  minValue={new Date()}
                  granularity="day"
                />
              )}
            />
          </Field>
          <GrantPriorityField form={form} name="priority" id="adjust-priority" />
          <SelectField
            form={form}
            name="source"
            id="adjust-source"
            label="Source"
            hint="What the credits are for, as the wallet's grants show it."
            options={SOURCE_OPTIONS}
          />
          {modulesQuery.data?.modules.length ? (
            <div className="flex flex-col gap-y-2">
              <Label size="small" weight="plus">
                Only for these AI modules <span className="text-ui-fg-muted font-normal">(optional)</span>
              </Label>
              <FormModuleChecks
                form={form}
                name="modules"
                idPrefix="adjust-module"
                modules={modulesQuery.data.modules.map((m) => ({ id: m.id, label: m.name }))}
              />
              <Text size="xsmall" className="text-ui-fg-subtle">
                None checked: every module may spend these credits.
              </Text>
            </div>
          ) : null}
        </>
      ) : null}
    </FormDrawer>
  )
}
