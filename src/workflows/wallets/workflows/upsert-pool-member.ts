import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { upsertPoolMemberStep, UpsertPoolMemberStepInput } from "../steps/upsert-pool-member"

/** Adds a sales channel to a pool or changes its allocation cap. */
export const upsertPoolMemberWorkflow = createWorkflow(
  "ai-credits-upsert-pool-member",
  (input: UpsertPoolMemberStepInput) => {
    return new WorkflowResponse(upsertPoolMemberStep(input))
  }
)
