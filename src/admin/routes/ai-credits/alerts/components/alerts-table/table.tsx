import { CheckCircle } from "@medusajs/icons"
import { toast } from "@medusajs/ui"
import { keepPreviousData } from "@tanstack/react-query"
import { ListTable } from "../../../../../components/list-table"
import { useAlerts, useResolveAlert } from "../../../../../hooks/api/alerts"
import { errorMessage } from "../../../../../lib/api"
import { useAlertColumns } from "./columns"

export type AlertStatusFilter = "open" | "resolved" | "all"

/** The store's alerts of one status, each resolvable while open. */
export const AlertsTable = ({ status }: { status: AlertStatusFilter }) => {
  const alerts = useAlerts(
    { status: status === "all" ? undefined : status, limit: 200 },
    { placeholderData: keepPreviousData }
  )
  const resolve = useResolveAlert({
    onSuccess: () => {
      toast.success("Alert resolved", { description: "If the same cause happens again, a new alert is raised." })
    },
    onError: (error) => toast.error("Could not resolve the alert", { description: errorMessage(error) }),
  })
  const columns = useAlertColumns(resolve.mutate, resolve.isPending ? resolve.variables?.id : undefined)

  return (
    <ListTable
      rows={alerts.data?.alerts ?? []}
      columns={columns}
      query={alerts}
      empty={{
        icon: <CheckCircle className="text-ui-tag-green-icon" />,
        title: status === "open" ? "Nothing needs your attention" : "No alerts",
        description:
          status === "open"
            ? "Open alerts appear here when a model has no price, a wallet crosses a threshold or a top-up fails."
            : undefined,
      }}
    />
  )
}
