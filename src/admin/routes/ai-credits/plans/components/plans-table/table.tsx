import { CreditCard } from "@medusajs/icons"
import { Container } from "@medusajs/ui"
import { useNavigate } from "react-router-dom"
import { CreateButton } from "../../../../../components/list-page"
import { ListTable } from "../../../../../components/list-table"
import { SectionHeader, type EmptyStateProps } from "../../../../../components/states"
import { usePlans } from "../../../../../hooks/api/plans"
import { usePlanColumns } from "./columns"

const CREATE_PLAN = <CreateButton label="Create plan" />

const NO_PLANS: EmptyStateProps = {
  icon: <CreditCard />,
  title: "No plans yet",
  description: "Create a plan to sell credits as a monthly subscription, by Stripe or on invoice.",
  action: CREATE_PLAN,
}

/** The plans; create and edit open as drawers of their own routes (`@create`, `@edit/[id]`). */
export const PlansTable = () => {
  const navigate = useNavigate()
  const plans = usePlans()
  const columns = usePlanColumns((plan) => navigate(`edit/${plan.id}`))
  return (
    <Container className="divide-y p-0">
      <SectionHeader
        level="h1"
        title="Plans"
        description="Monthly subscriptions: the credits each period grants, what happens to unused ones, and how they are billed."
        actions={CREATE_PLAN}
      />
      <ListTable rows={plans.data?.plans ?? []} columns={columns} query={plans} empty={NO_PLANS} />
    </Container>
  )
}
