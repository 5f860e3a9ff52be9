import { Checkbox, DatePicker, Input, Label, RadioGroup, Text, toast } from "@medusajs/ui"
import { useEffect, useRef } from "react"
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
import { Choice, Field, FormDrawer, GrantPriorityField, TextField, useZodForm } from "./form"

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

/** What a grant is for, as the drawer names it. */
const SOURCE_LABELS: Record<AdjustmentGrantSource, string> = {
  adjustment: "Adjustment",
  promotion: "Promotion",
  trial: "Trial",
  enterprise: "Enterprise",
}

const AdjustSchema = z
  .object({
    owner_type: z.enum(OWNER_TYPES),
    owner_id: z.string().trim().min(1, "Enter the id of the owner."),
    direction: z.enum(DIRECTIONS),
    amount: z
      .string()
      .trim()
      .min(1, "Enter a number of credits.")
      .regex(/^\d+$/, "Credits are whole numbers.")
      .transform(Number)
      .refine((n) => Number.isSafeInteger(n), "Credits are whole numbers.")
      .refine((n) => n > 0, "Enter more than 0 credits.")
      .refine((n) => n <= MAX_CREDITS_PER_OPERATION, `At most ${formatCredits(MAX_CREDITS_PER_OPERATION)} credits at once.`),
    reason: reasonText("Say why: the reason is kept on the ledger."),
    expires_at: z.date().nullable(),
    modules: z.array(z.string()),
    priority: grantPriorityText,
    source: z.enum(ADJUSTMENT_GRANT_SOURCES),
  })
  .superRefine((value, ctx) => {
    if (value.direction === "grant" && value.expires_at && value.expires_at.getTime() <= Date.now()) {
      ctx.addIssue({ code: "custom", path: ["expires_at"], message: "The expiry must be in the future." })
    }
  })
type AdjustForm = z.input<typeof AdjustSchema>

function defaultsFor(target?: AdjustTarget): AdjustForm {
  return {
    owner_type: target?.owner_type ?? "customer",
    owner_id: target?.owner_id ?? "",
    direction: "grant",
    amount: "",
    reason: "",
    expires_at: null,
    modules: [],
    priority: "",
    source: "adjustment",
  }
}

/**
 * Grants credits to an owner (creating the wallet on its first grant) or takes them back, with a
 * reason that goes on the ledger. One idempotency key per attempt, so a double submit is harmless.
 */
export const AdjustCreditsDrawer = ({ open, onOpenChange, target }: Props) => {
  const form = useZodForm(AdjustSchema, defaultsFor(target), `${open}:${target?.owner_type}:${target?.owner_id}`)
  const idempotencyKey = useRef(newIdempotencyKey("admin-adjustment"))
  const [ownerType, direction, amount, expiresAt, modules, source] = form.watch([
    "owner_type",
    "direction",
    "amount",
    "expires_at",
    "modules",
    "source",
  ])
  const errors = form.formState.errors

  const modulesQuery = useAiModules({ enabled: open && direction === "grant" })

  useEffect(() => {
    if (open) {
      idempotencyKey.current = newIdempotencyKey("admin-adjustment")
    }
  }, [open, target?.owner_type, target?.owner_id])

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

  const submit = form.handleSubmit((value) => {
    const grant = value.direction === "grant"
    const body: AdjustmentInput = {
      owner_type: value.owner_type,
      owner_id: value.owner_id,
      amount: grant ? value.amount : -value.amount,
      reason: value.reason,
      ...(grant && value.expires_at ? { expires_at: value.expires_at.toISOString() } : {}),
      ...(grant && value.modules.length ? { modules: value.modules } : {}),
      ...(grant && value.priority !== undefined ? { priority: value.priority } : {}),
      ...(grant && value.source !== "adjustment" ? { source: value.source } : {}),
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
      onSubmit={() => void submit()}
    >
      {!target ? (
        <>
          <Field id="adjust-owner-type" label="Owner type">
            <Choice
              id="adjust-owner-type"
              value={ownerType}
              onChange={(v) => form.setValue("owner_type", v)}
              options={OWNER_TYPES.map((value) => ({ value, label: OWNER_TYPE_LABELS[value] }))}
            />
          </Field>
          <TextField
            form={form}
            name="owner_id"
            id="adjust-owner-id"
            label="Owner id"
            placeholder="cus_…"
            hint={
              ownerType === "store"
                ? "The store's id (Settings → Store)."
                : `The ${OWNER_TYPE_LABELS[ownerType].toLowerCase()}'s id, e.g. cus_01H… for a customer.`
            }
          />
        </>
      ) : null}

      <div className="flex flex-col gap-y-2">
        <Label size="small" weight="plus">
          Change
        </Label>
        <RadioGroup
          value={direction}
          onValueChange={(v) => form.setValue("direction", v as AdjustForm["direction"])}
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
      </div>

      <Field id="adjust-amount" label="Credits" error={errors.amount?.message ?? removeWarning}>
        <Input id="adjust-amount" inputMode="numeric" aria-invalid={Boolean(errors.amount)} placeholder="100" {...form.register("amount")} />
      </Field>

      <TextField
        form={form}
        name="reason"
        id="adjust-reason"
        label="Reason"
        hint="Shown on the wallet's ledger."
        placeholder="Goodwill credit for a failed generation"
        rows={3}
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
            <DatePicker
              aria-label="Expiry date"
              value={expiresAt}
              onChange={(date) => form.setValue("expires_at", date)}
              minValue={new Date()}
              granularity="day"
            />
          </Field>
          <GrantPriorityField form={form} name="priority" id="adjust-priority" />
          <Field id="adjust-source" label="Source" hint="What the credits are for, as the wallet's grants show it.">
            <Choice
              id="adjust-source"
              value={source}
              onChange={(v) => form.setValue("source", v)}
              options={ADJUSTMENT_GRANT_SOURCES.map((value) => ({ value, label: SOURCE_LABELS[value] }))}
            />
          </Field>
          {modulesQuery.data?.modules.length ? (
            <div className="flex flex-col gap-y-2">
              <Label size="small" weight="plus">
                Only for these AI modules <span className="text-ui-fg-muted font-normal">(optional)</span>
              </Label>
              <div className="grid grid-cols-2 gap-2">
                {modulesQuery.data.modules.map((m) => (
                  <label key={m.id} className="flex items-center gap-x-2" htmlFor={`adjust-module-${m.id}`}>
                    <Checkbox
                      id={`adjust-module-${m.id}`}
                      checked={modules.includes(m.id)}
                      onCheckedChange={(checked) =>
                        form.setValue("modules", checked === true ? [...modules, m.id] : modules.filter((x) => x !== m.id))
                      }
                    />
                    <Text size="small">{m.name}</Text>
                  </label>
                ))}
              </div>
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
