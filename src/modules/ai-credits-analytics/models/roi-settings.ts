import { model } from "@medusajs/framework/utils"

/**
 * The merchant's assumptions behind the ROI report (one row; defaults apply until it is saved):
 * how many minutes of a person's work one generated item saves, what an hour of that work costs,
 * which AI modules generate such items, and how long a customer's AI use counts toward an order.
 */
const RoiSettings = model.define("ai_credit_roi_settings", {
  id: model.id({ prefix: "airoi" }).primaryKey(),
  minutes_saved_per_item: model.bigNumber().default(10),
  hourly_rate: model.bigNumber().default(30),
  currency_code: model.text().default("usd"),
  automation_modules: model.json().nullable(),
  attribution_window_days: model.number().default(30),
})

export default RoiSettings
