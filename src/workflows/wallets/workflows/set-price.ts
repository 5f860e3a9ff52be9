import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { setPriceStep, SetPriceStepInput } from "../steps/set-price"
import { validatePriceScopeStep } from "../steps/validate-price-scope"

/** Sets a price as a new version; charged usage keeps the version it was charged at. */
export const setPriceWorkflow = createWorkflow("ai-credits-set-price", (input: SetPriceStepInput) => {
  validatePriceScopeStep(input)
  return new WorkflowResponse(setPriceStep(input))
})
