import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { createQuotaRuleStep, CreateQuotaRuleStepInput } from "../steps/create-quota-rule"

/** Adds a quota rule; new requests are checked against it at once. */
export const createQuotaRuleWorkflow = createWorkflow("ai-credits-create-quota-rule", (input: CreateQuotaRuleStepInput) => {
  return new WorkflowResponse(createQuotaRuleStep(input))
})
