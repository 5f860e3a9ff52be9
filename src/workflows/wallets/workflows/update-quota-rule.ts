import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { updateQuotaRuleStep, UpdateQuotaRuleStepInput } from "../steps/update-quota-rule"

export const updateQuotaRuleWorkflow = createWorkflow("ai-credits-update-quota-rule", (input: UpdateQuotaRuleStepInput) => {
  return new WorkflowResponse(updateQuotaRuleStep(input))
})
