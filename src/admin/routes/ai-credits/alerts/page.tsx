import { defineRouteConfig } from "@medusajs/admin-sdk"
import { CheckCircle } from "@medusajs/icons"
import { Button, Container, Heading, Table, Tabs, Text, toast } from "@medusajs/ui"
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { useState } from "react"
import { Link } from "react-router-dom"
import { SeverityBadge } from "../../../components/badges"
import { EmptyState, ErrorState, LoadingRows } from "../../../components/states"
import { aiCreditsApi, aiCreditsKeys, errorMessage, type CreditAlert } from "../../../lib/api"
import { formatCredits, formatDateTime, humanize, shortId } from "../../../lib/format"

type Status = "open" | "resolved" | "all"

const AlertsPage = () => {
  const queryClient = useQueryClient()
  const [status, setStatus] = useState<Status>("open")
  const alerts = useQuery({
    queryKey: aiCreditsKeys.alerts(status),
    queryFn: () => aiCreditsApi.listAlerts({ status: status === "all" ? undefined : status, limit: 200 }),
    placeholderData: keepPreviousData,
  })
  const resolve = useMutation({
    mutationFn: (alert: CreditAlert) => aiCreditsApi.resolveAlert(alert.id),
    onSuccess: () => {
      toast.success("Alert resolved", { description: "If the same cause happens again, a new alert is raised." })
      void queryClient.invalidateQueries({ queryKey: aiCreditsKeys.all })
    },
    onError: (error) => toast.error("Could not resolve the alert", { description: errorMessage(error) }),
  })
  const rows = alerts.data?.alerts ?? []

  return (
    <Container className="divide-y p-0">
      <div className="flex flex-wrap items-center justify-between gap-4 px-6 py-4">
        <div className="flex flex-col gap-y-1">
          <Heading level="h1">Alerts</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            What needs an admin: models without a price, thresholds crossed, failed top-ups.
          </Text>
        </div>
        <Tabs value={status} onValueChange={(v) => setStatus(v as Status)}>
          <Tabs.List>
            <Tabs.Trigger value="open">Open</Tabs.Trigger>
            <Tabs.Trigger value="resolved">Resolved</Tabs.Trigger>
            <Tabs.Trigger value="all">All</Tabs.Trigger>
          </Tabs.List>
        </Tabs>
      </div>
      {alerts.isLoading ? (
        <LoadingRows />
      ) : alerts.isError ? (
        <ErrorState error={alerts.error} onRetry={() => void alerts.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState
          icon={<CheckCircle className="text-ui-tag-green-icon" />}
          title={status === "open" ? "Nothing needs your attention" : "No alerts"}
          description={
            status === "open"
              ? "Open alerts appear here when a model has no price, a wallet crosses a threshold or a top-up fails."
              : undefined
          }
        />
      ) : (
        <div className="overflow-x-auto">
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>Severity</Table.HeaderCell>
                <Table.HeaderCell>Alert</Table.HeaderCell>
                <Table.HeaderCell>Wallet</Table.HeaderCell>
                <Table.HeaderCell className="text-right">Times</Table.HeaderCell>
                <Table.HeaderCell>Last seen</Table.HeaderCell>
                <Table.HeaderCell />
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {rows.map((a) => (
                <Table.Row key={a.id}>
                  <Table.Cell>
                    <SeverityBadge severity={a.severity} />
                  </Table.Cell>
                  <Table.Cell className="max-w-xl">
                    <div className="flex flex-col py-1">
                      <Text size="small" weight="plus">
                        {humanize(a.type)}
                      </Text>
                      <Text size="small" className="text-ui-fg-subtle whitespace-normal">
                        {a.message}
                      </Text>
                    </div>
                  </Table.Cell>
                  <Table.Cell>
                    {a.wallet_id ? (
                      <Link to={`/ai-credits/wallets/${a.wallet_id}`} className="text-ui-fg-interactive hover:underline">
                        {shortId(a.wallet_id)}
                      </Link>
                    ) : (
                      "–"
                    )}
                  </Table.Cell>
                  <Table.Cell className="text-right tabular-nums">{formatCredits(a.occurrences)}</Table.Cell>
                  <Table.Cell className="whitespace-nowrap">
                    {formatDateTime(a.updated_at)}
                    {a.resolved_at ? (
                      <Text size="xsmall" className="text-ui-fg-muted">
                        Resolved {formatDateTime(a.resolved_at)}
                      </Text>
                    ) : null}
                  </Table.Cell>
                  <Table.Cell className="text-right">
                    {a.status === "open" ? (
                      <Button
                        size="small"
                        variant="secondary"
                        isLoading={resolve.isPending && resolve.variables?.id === a.id}
                        onClick={() => resolve.mutate(a)}
                      >
                        Resolve
                      </Button>
                    ) : (
                      <Text size="xsmall" className="text-ui-fg-muted">
                        Resolved
                      </Text>
                    )}
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </div>
      )}
    </Container>
  )
}

export const config = defineRouteConfig({
  label: "Alerts",
  rank: 4,
})

export const handle = {
  breadcrumb: () => "Alerts",
}

export default AlertsPage
