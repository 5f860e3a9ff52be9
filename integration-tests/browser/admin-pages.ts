import type { SeedOutput } from "../../src/scripts/seed"
import type { PageContext } from "./support/store-api"

/**
 * Every AI Credits page and widget of the admin, as the browser test opens them. Add yours here:
 * the test visits each path (under /app), waits for `shows` (a text the loaded page renders) and
 * keeps a screenshot `artifacts/browser/admin-<name>.png`.
 */
export type AdminPage = {
  name: string
  /** The path under /app; the context has the seed output and an order that bought a credit pack. */
  path: (context: PageContext) => string
  /** A text the page shows once its data has loaded. */
  shows: string
}

const ada = (seed: SeedOutput) => seed.customers.find((c) => c.email === "ada@example.com")!
const adaWallet = (seed: SeedOutput) => seed.ai_credits.wallets.find((w) => w.owner === "ada@example.com")!
const webStore = (seed: SeedOutput) => seed.publishable_keys.find((k) => k.sales_channel === "Web Store")!

export const ADMIN_PAGES: AdminPage[] = [
  { name: "overview", path: () => "/ai-credits", shows: "Consumption over time" },
  { name: "wallets", path: () => "/ai-credits/wallets", shows: "ada@example.com" },
  { name: "wallet", path: ({ seed }) => `/ai-credits/wallets/${adaWallet(seed).wallet_id}`, shows: "Promotion" },
  { name: "usage", path: () => "/ai-credits/usage", shows: "AI Chatbot" },
  { name: "prices", path: () => "/ai-credits/prices", shows: "gpt-4o-mini" },
  { name: "alerts", path: () => "/ai-credits/alerts", shows: "Alerts" },
  { name: "modules", path: () => "/ai-credits/modules", shows: "FAQ assistant" },
  { name: "quota-rules", path: () => "/ai-credits/quota-rules", shows: "Quota rules" },
  { name: "approvals", path: () => "/ai-credits/approvals", shows: "No request is waiting" },
  { name: "bulk-jobs", path: () => "/ai-credits/bulk-jobs", shows: "No bulk jobs yet" },
  { name: "api-keys", path: () => "/ai-credits/api-keys", shows: "No server API keys" },
  { name: "bulk-jobs-create", path: () => "/ai-credits/bulk-jobs/create", shows: "Items per hour" },
  { name: "api-keys-create", path: () => "/ai-credits/api-keys/create", shows: "Requests per minute" },
  { name: "roles", path: () => "/ai-credits/roles", shows: "No roles assigned" },
  { name: "roles-assign", path: () => "/ai-credits/roles/assign", shows: "Assign an AI role" },
  { name: "roles-restrict", path: () => "/ai-credits/roles/restrict", shows: "Roles allowed" },
  { name: "plans", path: () => "/ai-credits/plans", shows: "AI Starter" },
  { name: "plans-create", path: () => "/ai-credits/plans/create", shows: "Credits per month" },
  { name: "packages", path: () => "/ai-credits/packages", shows: "AI Credits Growth" },
  { name: "order-widget", path: ({ orderId }) => `/orders/${orderId}`, shows: "Granted" },
  { name: "product-widget", path: ({ packProductId }) => `/products/${packProductId}`, shows: "1,000 credits · Prepaid" },
  { name: "customer-widget", path: ({ seed }) => `/customers/${ada(seed).id}`, shows: "AI credits" },
  {
    name: "sales-channel-widget",
    path: ({ seed }) => `/settings/sales-channels/${webStore(seed).sales_channel_id}`,
    shows: "AI credits",
  },
]
