import { useMemo } from "react"
import { useParams } from "react-router-dom"
import { useRouteDrawer } from "../../../../../components/route-drawer"
import { usePlans } from "../../../../../hooks/api/plans"
import { PlanDrawer, type Editing } from "../../components/plan-drawer"

/** Edit a plan: a drawer over the plans, at `/ai-credits/plans/edit/:id` (the plan from the list it opened over). */
const EditPlanPage = () => {
  const { id } = useParams()
  const drawer = useRouteDrawer("/ai-credits/plans")
  const plans = usePlans()
  const plan = plans.data?.plans.find((p) => p.id === id)
  // The form starts from the plan once: a refetch of the list does not reset what is being typed.
  const editing = useMemo<Editing>(() => (plan ? { mode: "edit", plan } : null), [plan?.id])
  return editing ? <PlanDrawer editing={editing} open={drawer.open} onClose={() => drawer.onOpenChange(false)} /> : null
}

export default EditPlanPage
