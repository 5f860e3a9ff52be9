import { useRouteDrawer } from "../../../../components/route-drawer"
import { PlanDrawer, type Editing } from "../components/plan-drawer"

const CREATING: Editing = { mode: "create" }

/** Create a plan: a drawer over the plans, at `/ai-credits/plans/create`. */
const CreatePlanPage = () => {
  const drawer = useRouteDrawer("/ai-credits/plans")
  return <PlanDrawer editing={CREATING} open={drawer.open} onClose={() => drawer.onOpenChange(false)} />
}

export default CreatePlanPage
