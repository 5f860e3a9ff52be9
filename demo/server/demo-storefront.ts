import fs from "fs"
import path from "path"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

/**
 * The demo storefront page of this repository (`demo/storefront`). Its sources exist only in
 * the repository, not in the published package: an app that installs the plugin has no demo page
 * (the routes answer 404).
 */
const DEMO_DIR = path.join(process.cwd(), "demo", "storefront")
const HTML_FILE = path.join(DEMO_DIR, "index.html")
const SCRIPT_ENTRY = path.join(DEMO_DIR, "main.ts")

export const DEMO_SCRIPT_PATH = "/ai-credits-demo/script"

/** The demo customer of the seed (src/scripts/seed.ts), whom the page logs in. */
const DEMO_CUSTOMER = { email: "ada@example.com", password: "supersecret", name: "Ada Lovelace" }

export function demoStorefrontAvailable(): boolean {
  return fs.existsSync(HTML_FILE) && fs.existsSync(SCRIPT_ENTRY)
}

/** The storefronts a visitor may pick: every sales channel with a publishable key, the store's default first. */
async function storefronts(container: MedusaContainer) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: stores } = await query.graph({ entity: "store", fields: ["default_sales_channel_id"] })
  const defaultChannel = stores[0]?.default_sales_channel_id
  const { data } = await query.graph({
    entity: "api_key",
    fields: ["token", "revoked_at", "sales_channels.id", "sales_channels.name"],
    filters: { type: "publishable" },
  })
  type KeyRow = { token: string; revoked_at: Date | null; sales_channels?: ({ id: string; name: string } | null)[] }
  return (data as KeyRow[])
    .filter((key) => !key.revoked_at)
    .flatMap((key) =>
      (key.sales_channels ?? []).flatMap((channel) => (channel ? [{ id: channel.id, sales_channel: channel.name, token: key.token }] : []))
    )
    .sort((a, b) => Number(b.id === defaultChannel) - Number(a.id === defaultChannel) || a.sales_channel.localeCompare(b.sales_channel))
    .map(({ sales_channel, token }) => ({ sales_channel, token }))
}

/** The page, with its storefronts and demo login in a JSON block (escaped for a script tag). */
export async function renderDemoPage(container: MedusaContainer): Promise<string> {
  const config = { storefronts: await storefronts(container), demo_customer: DEMO_CUSTOMER }
  const json = JSON.stringify(config).replace(/</g, "\\u003c")
  return fs
    .readFileSync(HTML_FILE, "utf8")
    .replace("__DEMO_CONFIG__", () => json)
    .replace("__DEMO_SCRIPT__", DEMO_SCRIPT_PATH)
}

let bundle: { mtimeMs: number; code: Promise<string> } | null = null

/**
 * The page's script and the storefront client it imports, bundled for browsers by esbuild
 * (a development tool: the demo runs from the repository). Rebuilt when the entry changes.
 */
export function demoScript(): Promise<string> {
  const mtimeMs = fs.statSync(SCRIPT_ENTRY).mtimeMs
  if (!bundle || bundle.mtimeMs !== mtimeMs) {
    const code = import("esbuild").then(async (esbuild) => {
      const result = await esbuild.build({
        entryPoints: [SCRIPT_ENTRY],
        bundle: true,
        format: "esm",
        target: "es2020",
        write: false,
        sourcemap: "inline",
        logLevel: "silent",
      })
      return result.outputFiles[0].text
    })
    bundle = { mtimeMs, code }
    code.catch(() => (bundle = null))
  }
  return bundle.code
}
