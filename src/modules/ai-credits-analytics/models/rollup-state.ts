import { model } from "@medusajs/framework/utils"

/**
 * Where the roll-up stands (one row, id `usage_events`, created by the migration): every usage
 * event created before `rolled_up_to`, and every refund made before it, is in the rollups;
 * everything from it on is read from the usage events themselves.
 */
const RollupState = model.define("ai_credit_rollup_state", {
  id: model.id().primaryKey(),
  rolled_up_to: model.dateTime().nullable(),
  last_run_at: model.dateTime().nullable(),
  last_run_events: model.number().default(0),
  last_run_refunds: model.number().default(0),
})

export default RollupState
