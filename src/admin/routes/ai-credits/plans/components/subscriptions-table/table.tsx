import { Users } from "@medusajs/icons"
import { Container } from "@medusajs/ui"
import { useState } from "react"
import { SelectFilter } from "../../../../../components/form"
import { ListTable } from "../../../../../components/list-table"
import { usePaging } from "../../../../../components/pagination"
import { SectionHeader } from "../../../../../components/states"
import { humanize } from "../../../../../lib/format"
import { useCustomerNames } from "../../../../../hooks/api/owners"
import { useSubscriptions } from "../../../../../hooks/api/plans"
import { SUBSCRIPTION_STATUSES, type SubscriptionStatus } from "../../../../../../client/enums"
import { useSubscriptionColumns } from "./columns"

const PAGE_SIZE = 20

/** Customers on a plan, newest first, of one status or all. */
export const SubscriptionsTable = () => {
  const [status, setStatus] = useState<SubscriptionStatus>()
  const paging = usePaging(PAGE_SIZE, status ?? "")
  const query = { status, limit: paging.limit, offset: paging.offset }
  const subscriptions = useSubscriptions(query)
  const rows = subscriptions.data?.subscriptions ?? []
  const customers = useCustomerNames(rows.map((s) => s.customer_id))
  const columns = useSubscriptionColumns((id) => customers.data?.find((c) => c.id === id)?.label ?? id)
  return (
    <Container className="divide-y p-0">
      <SectionHeader
        title="Subscriptions"
        description="Customers on a plan, newest first. Stripe keeps card subscriptions up to date; invoiced ones renew every month."
        actions={
          <SelectFilter
            value={status}
            onChange={(v) => setStatus(v as SubscriptionStatus | undefined)}
            options={SUBSCRIPTION_STATUSES.map((s) => ({ value: s, label: humanize(s) }))}
            placeholder="Status"
            allLabel="Every status"
            ariaLabel="Filter by status"
          />
        }
      />
      <ListTable
        rows={rows}
        columns={columns}
        query={subscriptions}
        paging={paging.of(subscriptions.data?.count ?? 0)}
        empty={{
          icon: <Users />,
          title: status ? `No ${humanize(status).toLowerCase()} subscriptions` : "No subscriptions yet",
          description: status ? undefined : "A customer appears here once they subscribe to a plan from the storefront, or you put them on an invoiced plan.",
        }}
      />
    </Container>
  )
}
