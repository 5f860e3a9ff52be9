import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { deleteQuotaRuleStep } from "../steps/delete-quota-rule"

export const deleteQuotaRuleWorkflow = createWorkflow("ai-credits-delete-quota-rule", (input: { id: string }) => {
  return new WorkflowResponse(deleteQuotaRuleStep(input))
})
