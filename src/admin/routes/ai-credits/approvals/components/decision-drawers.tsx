import { Input, Textarea, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { Field, FormDrawer } from "../../../../components/form"
import { errorMessage } from "../../../../lib/api"
import { formatDateTime } from "../../../../lib/format"
import { useApproveRequest, useRejectRequest } from "../../../../hooks/api/approvals"
import type { ApprovalRequest } from "../../../../lib/governance-api"
import { amountOf } from "./approval-status"

/** Approve: how much more, and for how long (the end of the window it was asked in by default). */
export const ApproveDrawer = ({ request, onClose }: { request: ApprovalRequest | null; onClose: () => void }) => {
  const [amount, setAmount] = useState("")
  const [hours, setHours] = useState("")
  const [note, setNote] = useState("")
  const [errors, setErrors] = useState<{ amount?: string; hours?: string }>({})
  useEffect(() => {
    setAmount(request ? String(request.requested_amount) : "")
    setHours("")
    setNote("")
    setErrors({})
  }, [request?.id])
  const mutation = useApproveRequest({
    onSuccess: ({ approval_request }) => {
      toast.success("Approved", {
        description: `${amountOf(approval_request.granted_amount, approval_request.metric)} more until ${formatDateTime(approval_request.expires_at)}.`,
      })
      onClose()
    },
    onError: (error) => toast.error("Could not approve", { description: errorMessage(error) }),
  })
  const submit = () => {
    const granted = Number(amount)
    const duration = hours.trim() ? Number(hours) : undefined
    const found: typeof errors = {}
    if (!Number.isInteger(granted) || granted <= 0) {
      found.amount = "A whole number above zero."
    }
    if (duration !== undefined && (!Number.isFinite(duration) || duration <= 0 || duration > 8_784)) {
      found.hours = "Between a minute and a year, in hours (e.g. 0.5 or 24)."
    }
    setErrors(found)
    if (!Object.keys(found).length) {
      mutation.mutate({
        id: request!.id,
        amount: granted,
        duration_seconds: duration === undefined ? undefined : Math.max(60, Math.round(duration * 3600)),
        note: note.trim() || undefined,
      })
    }
  }
  return (
    <FormDrawer
      open={Boolean(request)}
      onOpenChange={(open) => !open && onClose()}
      title="Approve request"
      description={request ? `${request.rule_name} · ${request.subject}` : undefined}
      submitLabel="Approve"
      isPending={mutation.isPending}
      onSubmit={submit}
    >
      <Field id="approve-amount" label={`More ${request?.metric ?? ""}`} error={errors.amount} hint="Added to the quota's limit for this requester.">
        <Input id="approve-amount" type="number" min={1} value={amount} onChange={(e) => setAmount(e.target.value)} />
      </Field>
      <Field
        id="approve-hours"
        label="For how many hours"
        optional
        error={errors.hours}
        hint={request ? `Empty: until the window ends (${formatDateTime(request.window_resets_at)}). The increase then lapses by itself.` : undefined}
      >
        <Input id="approve-hours" type="number" min={0} step="0.5" value={hours} onChange={(e) => setHours(e.target.value)} />
      </Field>
      <Field id="approve-note" label="Note" optional>
        <Textarea id="approve-note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
      </Field>
    </FormDrawer>
  )
}

export const RejectDrawer = ({ request, onClose }: { request: ApprovalRequest | null; onClose: () => void }) => {
  const [reason, setReason] = useState("")
  const [error, setError] = useState<string>()
  useEffect(() => {
    setReason("")
    setError(undefined)
  }, [request?.id])
  const mutation = useRejectRequest({
    onSuccess: () => {
      toast.success("Rejected", { description: "The requester sees the reason." })
      onClose()
    },
    onError: (err) => toast.error("Could not reject", { description: errorMessage(err) }),
  })
  return (
    <FormDrawer
      open={Boolean(request)}
      onOpenChange={(open) => !open && onClose()}
      title="Reject request"
      description={request ? `${request.rule_name} · ${request.subject}` : undefined}
      submitLabel="Reject"
      submitVariant="danger"
      isPending={mutation.isPending}
      onSubmit={() => {
        const why = reason.trim()
        if (!why || why.length > 500) {
          setError(why ? "At most 500 characters." : "Say why: the requester sees it.")
          return
        }
        mutation.mutate({ id: request!.id, reason: why })
      }}
    >
      <Field id="reject-reason" label="Reason" error={error}>
        <Textarea id="reject-reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} aria-invalid={Boolean(error)} />
      </Field>
    </FormDrawer>
  )
}

