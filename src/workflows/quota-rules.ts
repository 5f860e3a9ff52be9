import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import {
  createQuotaRuleStep,
  CreateQuotaRuleStepInput,
  deleteQuotaRuleStep,
  updateQuotaRuleStep,
  UpdateQuotaRuleStepInput,
} from "./steps/quota-rules"

/** Adds a quota rule; new requests are checked against it at once. */
export const createQuotaRuleWorkflow = createWorkflow("ai-credits-create-quota-rule", (input: CreateQuotaRuleStepInput) => {
  return new WorkflowResponse(createQuotaRuleStep(input))
})

export const updateQuotaRuleWorkflow = createWorkflow("ai-credits-update-quota-rule", (input: UpdateQuotaRuleStepInput) => {
  return new WorkflowResponse(updateQuotaRuleStep(input))
})

export const deleteQuotaRuleWorkflow = createWorkflow("ai-credits-delete-quota-rule", (input: { id: string }) => {
  return new WorkflowResponse(deleteQuotaRuleStep(input))
})
