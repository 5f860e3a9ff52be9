import { defineRouteConfig } from "@medusajs/admin-sdk"
import { CheckCircle } from "@medusajs/icons"
import { Button, Container, Input, StatusBadge, Table, Tabs, Text, Textarea, toast } from "@medusajs/ui"
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { useEffect, useState } from "react"
import { Field, FormDrawer } from "../../../components/form"
import { EmptyState, ErrorState, LoadingRows, SectionHeader } from "../../../components/states"
import { errorMessage } from "../../../lib/api"
import { formatCredits, formatDateTime, humanize } from "../../../lib/format"
import { governanceApi, governanceKeys, type ApprovalRequest, type ApprovalStatus } from "../../../lib/governance-api"

type Tab = ApprovalStatus | "all"

/** "1 request", "5 requests", "200 credits". */
const amountOf = (amount: number | null, metric: string) =>
  `${formatCredits(amount)} ${amount === 1 ? metric.replace(/s$/, "") : metric}`

const STATUS_COLOR: Record<ApprovalStatus, "orange" | "green" | "red" | "grey"> = {
  pending: "orange",
  approved: "green",
  rejected: "red",
  expired: "grey",
}

/** Approve: how much more, and for how long (the end of the window it was asked in by default). */
const ApproveDrawer = ({ request, onClose }: { request: ApprovalRequest | null; onClose: () => void }) => {
  const queryClient = useQueryClient()
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
  const mutation = useMutation({
    mutationFn: (body: { amount: number; duration_seconds?: number; note?: string }) => governanceApi.approve(request!.id, body),
    onSuccess: ({ approval_request }) => {
      toast.success("Approved", {
        description: `${amountOf(approval_request.granted_amount, approval_request.metric)} more until ${formatDateTime(approval_request.expires_at)}.`,
      })
      void queryClient.invalidateQueries({ queryKey: governanceKeys.all })
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

const RejectDrawer = ({ request, onClose }: { request: ApprovalRequest | null; onClose: () => void }) => {
  const queryClient = useQueryClient()
  const [reason, setReason] = useState("")
  const [error, setError] = useState<string>()
  useEffect(() => {
    setReason("")
    setError(undefined)
  }, [request?.id])
  const mutation = useMutation({
    mutationFn: (why: string) => governanceApi.reject(request!.id, why),
    onSuccess: () => {
      toast.success("Rejected", { description: "The requester sees the reason." })
      void queryClient.invalidateQueries({ queryKey: governanceKeys.all })
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
        mutation.mutate(why)
      }}
    >
      <Field id="reject-reason" label="Reason" error={error}>
        <Textarea id="reject-reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} aria-invalid={Boolean(error)} />
      </Field>
    </FormDrawer>
  )
}

const ApprovalsPage = () => {
  const [tab, setTab] = useState<Tab>("pending")
  const [approving, setApproving] = useState<ApprovalRequest | null>(null)
  const [rejecting, setRejecting] = useState<ApprovalRequest | null>(null)
  const approvals = useQuery({
    queryKey: governanceKeys.approvals(tab),
    queryFn: () => governanceApi.listApprovals({ status: tab === "all" ? undefined : tab, limit: 200 }),
    placeholderData: keepPreviousData,
  })
  const rows = approvals.data?.approval_requests ?? []
  return (
    <Container className="divide-y p-0">
      <SectionHeader
        level="h1"
        title="Approvals"
        description="Requests for more of a quota that needs approval. An approved increase lapses by itself."
        actions={
          <Tabs value={tab} onValueChange={(v) => setTab(v as Tab)}>
            <Tabs.List>
              {(["pending", "approved", "rejected", "expired", "all"] as const).map((s) => (
                <Tabs.Trigger key={s} value={s}>
                  {humanize(s)}
                </Tabs.Trigger>
              ))}
            </Tabs.List>
          </Tabs>
        }
      />
      {approvals.isLoading ? (
        <LoadingRows />
      ) : approvals.isError ? (
        <ErrorState error={approvals.error} onRetry={() => void approvals.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState
          icon={<CheckCircle className="text-ui-tag-green-icon" />}
          title={tab === "pending" ? "No request is waiting" : "No requests"}
          description={
            tab === "pending"
              ? "A request appears here when someone goes past a quota rule whose action is “require approval”, or asks for more."
              : undefined
          }
        />
      ) : (
        <div className="overflow-x-auto">
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>Status</Table.HeaderCell>
                <Table.HeaderCell>Quota</Table.HeaderCell>
                <Table.HeaderCell>Requester</Table.HeaderCell>
                <Table.HeaderCell className="text-right">Asked</Table.HeaderCell>
                <Table.HeaderCell>Decision</Table.HeaderCell>
                <Table.HeaderCell />
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {rows.map((r) => (
                <Table.Row key={r.id}>
                  <Table.Cell>
                    <StatusBadge color={STATUS_COLOR[r.status]}>{humanize(r.status)}</StatusBadge>
                  </Table.Cell>
                  <Table.Cell className="max-w-md">
                    <div className="flex flex-col py-1">
                      <Text size="small" weight="plus">
                        {r.rule_name}
                      </Text>
                      <Text size="xsmall" className="text-ui-fg-subtle whitespace-normal">
                        {r.module ? `${humanize(r.module)} · ` : ""}
                        {formatDateTime(r.created_at)}
                        {r.reason ? ` · “${r.reason}”` : ""}
                      </Text>
                    </div>
                  </Table.Cell>
                  <Table.Cell>
                    <Text size="small">{humanize(r.requester_type)}</Text>
                    <Text size="xsmall" className="text-ui-fg-subtle">
                      {r.requester_id ?? "anonymous"}
                    </Text>
                  </Table.Cell>
                  <Table.Cell className="text-right tabular-nums">
                    {amountOf(r.requested_amount, r.metric)}
                  </Table.Cell>
                  <Table.Cell className="max-w-xs">
                    <Text size="xsmall" className="text-ui-fg-subtle whitespace-normal">
                      {r.status === "approved" || r.status === "expired"
                        ? `+${amountOf(r.granted_amount, r.metric)} until ${formatDateTime(r.expires_at)}`
                        : r.status === "rejected"
                          ? (r.decision_note ?? "Rejected")
                          : "–"}
                    </Text>
                  </Table.Cell>
                  <Table.Cell className="text-right">
                    {r.status === "pending" ? (
                      <div className="flex justify-end gap-2">
                        <Button size="small" variant="secondary" onClick={() => setRejecting(r)}>
                          Reject
                        </Button>
                        <Button size="small" onClick={() => setApproving(r)}>
                          Approve
                        </Button>
                      </div>
                    ) : null}
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </div>
      )}
      <ApproveDrawer request={approving} onClose={() => setApproving(null)} />
      <RejectDrawer request={rejecting} onClose={() => setRejecting(null)} />
    </Container>
  )
}

export const config = defineRouteConfig({
  label: "Approvals",
  rank: 6,
})

export const handle = {
  breadcrumb: () => "Approvals",
}

export default ApprovalsPage
