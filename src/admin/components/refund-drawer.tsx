import { Text, Textarea, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { useRefundUsage } from "../hooks/api/usage"
import { errorMessage, type UsageEvent } from "../lib/api"
import { formatCredits, formatDateTime } from "../lib/format"
import { Field, FormDrawer } from "./form"

type Props = { event: UsageEvent | null; onClose: () => void }

/** Gives a usage event's credits back to the wallet that paid (admins have no window or cap). */
export const RefundDrawer = ({ event, onClose }: Props) => {
  const [reason, setReason] = useState("")
  const [error, setError] = useState<string>()
  useEffect(() => {
    setReason("")
    setError(undefined)
  }, [event?.id])

  const mutation = useRefundUsage({
    onSuccess: (result) => {
      toast.success("Credits refunded", {
        description: `${formatCredits(result.refund?.credits ?? 0)} credits went back to the wallet.`,
      })
      onClose()
    },
    onError: (err) => toast.error("Refund failed", { description: errorMessage(err) }),
  })

  const submit = () => {
    const why = reason.trim()
    if (!why) {
      setError("Say why: the reason is kept on the usage event and the ledger.")
      return
    }
    if (why.length > 500) {
      setError("At most 500 characters.")
      return
    }
    if (event) {
      mutation.mutate({ id: event.id, reason: why })
    }
  }

  const refundable = event ? event.credits - (event.refunded_credits ?? 0) : 0
  return (
    <FormDrawer
      open={Boolean(event)}
      onOpenChange={(open) => !open && onClose()}
      title="Refund usage"
      description={
        event
          ? `${event.module}${event.model ? ` · ${event.model}` : ""} on ${formatDateTime(event.created_at)}`
          : undefined
      }
      submitLabel={`Refund ${formatCredits(refundable)} credits`}
      isPending={mutation.isPending}
      onSubmit={submit}
    >
      <Text size="small" className="text-ui-fg-subtle">
        The {formatCredits(refundable)} credits this request was charged go back to the wallet that paid. The
        provider cost is not recovered.
      </Text>
      <Field id="refund-reason" label="Reason" error={error}>
        <Textarea
          id="refund-reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          rows={3}
          placeholder="The generated description was unusable"
          aria-invalid={Boolean(error)}
        />
      </Field>
    </FormDrawer>
  )
}
