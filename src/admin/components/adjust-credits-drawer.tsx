import { DatePicker, Input, Label, RadioGroup, Select, Text, Textarea, toast } from "@medusajs/ui"
import { useEffect, useRef, useState } from "react"
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
import { Field, FormDrawer, ModuleChecks } from "./form"

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

type Errors = Partial<Record<"owner_id" | "amount" | "reason" | "expires_at", string>>

const REASON_MAX = 500

/**
 * Grants credits to an owner (creating the wallet on its first grant) or takes them back, with a
 * reason that goes on the ledger. One idempotency key per attempt, so a double submit is harmless.
 */
export const AdjustCreditsDrawer = ({ open, onOpenChange, target }: Props) => {
  const [ownerType, setOwnerType] = useState<OwnerType>(target?.owner_type ?? "customer")
  const [ownerId, setOwnerId] = useState(target?.owner_id ?? "")
  const [direction, setDirection] = useState<"grant" | "remove">("grant")
  const [amount, setAmount] = useState("")
  const [reason, setReason] = useState("")
  const [expiresAt, setExpiresAt] = useState<Date | null>(null)
  const [modules, setModules] = useState<string[]>([])
  const [errors, setErrors] = useState<Errors>({})
  const idempotencyKey = useRef(newIdempotencyKey("admin-adjustment"))

  const modulesQuery = useAiModules({ enabled: open && direction === "grant" })

  useEffect(() => {
    if (open) {
      setOwnerType(target?.owner_type ?? "customer")
      setOwnerId(target?.owner_id ?? "")
      setDirection("grant")
      setAmount("")
      setReason("")
      setExpiresAt(null)
      setModules([])
      setErrors({})
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

  const validate = (): AdjustmentInput | null => {
    const next: Errors = {}
    const id = ownerId.trim()
    if (!id) {
      next.owner_id = "Enter the id of the owner."
    }
    const n = Number(amount)
    if (!amount.trim()) {
      next.amount = "Enter a number of credits."
    } else if (!/^\d+$/.test(amount.trim()) || !Number.isSafeInteger(n)) {
      next.amount = "Credits are whole numbers."
    } else if (n <= 0) {
      next.amount = "Enter more than 0 credits."
    } else if (n > MAX_CREDITS_PER_OPERATION) {
      next.amount = `At most ${formatCredits(MAX_CREDITS_PER_OPERATION)} credits at once.`
    }
    const why = reason.trim()
    if (!why) {
      next.reason = "Say why: the reason is kept on the ledger."
    } else if (why.length > REASON_MAX) {
      next.reason = `At most ${REASON_MAX} characters.`
    }
    if (direction === "grant" && expiresAt && expiresAt.getTime() <= Date.now()) {
      next.expires_at = "The expiry must be in the future."
    }
    setErrors(next)
    if (Object.keys(next).length) {
      return null
    }
    return {
      owner_type: ownerType,
      owner_id: id,
      amount: direction === "grant" ? n : -n,
      reason: why,
      ...(direction === "grant" && expiresAt ? { expires_at: expiresAt.toISOString() } : {}),
      ...(direction === "grant" && modules.length ? { modules } : {}),
    }
  }

  const submit = () => {
    const body = validate()
    if (body) {
      mutation.mutate({ body, idempotencyKey: idempotencyKey.current })
    }
  }

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
            <Select value={ownerType} onValueChange={(v) => setOwnerType(v as OwnerType)}>
              <Select.Trigger id="adjust-owner-type">
                <Select.Value />
              </Select.Trigger>
              <Select.Content>
                {OWNER_TYPES.map((t) => (
                  <Select.Item key={t} value={t}>
                    {OWNER_TYPE_LABELS[t]}
                  </Select.Item>
                ))}
              </Select.Content>
            </Select>
          </Field>
          <Field
            id="adjust-owner-id"
            label="Owner id"
            error={errors.owner_id}
            hint={
              ownerType === "store"
                ? "The store's id (Settings → Store)."
                : `The ${OWNER_TYPE_LABELS[ownerType].toLowerCase()}'s id, e.g. cus_01H… for a customer.`
            }
          >
            <Input
              id="adjust-owner-id"
              value={ownerId}
              onChange={(e) => setOwnerId(e.target.value)}
              aria-invalid={Boolean(errors.owner_id)}
              placeholder="cus_…"
            />
          </Field>
        </>
      ) : null}

      <div className="flex flex-col gap-y-2">
        <Label size="small" weight="plus">
          Change
        </Label>
        <RadioGroup
          value={direction}
          onValueChange={(v) => setDirection(v as "grant" | "remove")}
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

      <Field id="adjust-amount" label="Credits" error={errors.amount ?? removeWarning}>
        <Input
          id="adjust-amount"
          inputMode="numeric"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          aria-invalid={Boolean(errors.amount)}
          placeholder="100"
        />
      </Field>

      <Field id="adjust-reason" label="Reason" error={errors.reason} hint="Shown on the wallet's ledger.">
        <Textarea
          id="adjust-reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          aria-invalid={Boolean(errors.reason)}
          placeholder="Goodwill credit for a failed generation"
          rows={3}
        />
      </Field>

      {direction === "grant" ? (
        <>
          <Field
            id="adjust-expires"
            label="Expires"
            optional
            error={errors.expires_at}
            hint="Unspent credits of this grant expire then. Leave empty to keep them."
          >
            <DatePicker
              aria-label="Expiry date"
              value={expiresAt}
              onChange={setExpiresAt}
              minValue={new Date()}
              granularity="day"
            />
          </Field>
          {modulesQuery.data?.modules.length ? (
            <div className="flex flex-col gap-y-2">
              <Label size="small" weight="plus">
                Only for these AI modules <span className="text-ui-fg-muted font-normal">(optional)</span>
              </Label>
              <ModuleChecks
                idPrefix="adjust-module"
                modules={modulesQuery.data.modules.map((m) => ({ id: m.id, label: m.name }))}
                value={modules}
                onChange={setModules}
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
