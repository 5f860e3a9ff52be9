import { Text, toast } from "@medusajs/ui"
import { z } from "zod"
import { useRefundUsage } from "../hooks/api/usage"
import { errorMessage, type UsageEvent } from "../lib/api"
import { formatCredits, formatDateTime } from "../lib/format"
import { reasonText } from "../lib/form-schemas"
import { FormDrawer, TextField, useZodForm } from "./form"

const RefundSchema = z.object({ reason: reasonText("Say why: the reason is kept on the usage event and the ledger.") })

type Props = { event: UsageEvent | null; onClose: () => void }

/** Gives a usage event's credits back to the wallet that paid (admins have no window or cap). */
export const RefundDrawer = ({ event, onClose }: Props) => {
  const form = useZodForm(RefundSchema, { reason: "" }, event?.id)

  const mutation = useRefundUsage({
    onSuccess: (result) => {
      toast.success("Credits refunded", {
        description: `${formatCredits(result.refund?.credits ?? 0)} credits went back to the wallet.`,
      })
      onClose()
    },
    onError: (err) => toast.error("Refund failed", { description: errorMessage(err) }),
  })

  const submit = form.handleSubmit(({ reason }) => {
    if (event) {
      mutation.mutate({ id: event.id, reason })
    }
  })

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
      onSubmit={() => void submit()}
    >
      <Text size="small" className="text-ui-fg-subtle">
        The {formatCredits(refundable)} credits this request was charged go back to the wallet that paid. The
        provider cost is not recovered.
      </Text>
      <TextField
        form={form}
        name="reason"
        id="refund-reason"
        label="Reason"
        rows={3}
        placeholder="The generated description was unusable"
      />
    </FormDrawer>
  )
}
