import { seedAiCreditsDemo } from "./seed-ai-credits"
import fs from "node:fs"
import path from "node:path"
import {
  createApiKeysWorkflow,
  createCustomerGroupsWorkflow,
  createCustomersWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  createStoresWorkflow,
  createTaxRegionsWorkflow,
  createUsersWorkflow,
  linkCustomersToCustomerGroupWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  updateRegionsWorkflow,
  updateStoresWorkflow,
} from "@medusajs/medusa/core-flows"
import type {
  ApiKeyDTO,
  CustomerDTO,
  CustomerGroupDTO,
  ExecArgs,
  MedusaContainer,
  RegionDTO,
  SalesChannelDTO,
  StoreDTO,
  UserDTO,
} from "@medusajs/framework/types"
import {
  ContainerRegistrationKeys,
  FeatureFlag,
  Modules,
} from "@medusajs/framework/utils"
import { ensureEmailPassIdentity } from "../../demo/server/demo-identities"

/**
 * Demo data for the store in this repository: `npx medusa exec ./src/scripts/seed.ts`.
 *
 * Idempotent: every `ensure*` function looks its record up (by name, title, handle or email)
 * before creating it, and only changes what differs, so a second run changes nothing.
 * The `ensure*` functions are exported for other seeds and for the integration-test helpers
 * (integration-tests/helpers/auth.ts); extend the demo by adding steps to `seedDemoStore`.
 */

export const DEMO_PASSWORD = "supersecret"
export const WEB_STORE = "Web Store"
export const B2B_PORTAL = "B2B Portal"
export const RETAIL_GROUP = "Retail"
export const WHOLESALE_GROUP = "Wholesale"
export const US_REGION = "United States"
/** Where the seed writes what it made (keys, logins); AI_CREDITS_SEED_OUTPUT moves it. */
export const SEED_OUTPUT_FILE = process.env.AI_CREDITS_SEED_OUTPUT || path.join(".data", "seed-output.json")

export type DemoCustomerSpec = {
  email: string
  first_name: string
  last_name: string
  password: string
  group: string
}

export const DEMO_CUSTOMERS: DemoCustomerSpec[] = [
  {
    email: "ada@example.com",
    first_name: "Ada",
    last_name: "Lovelace",
    password: DEMO_PASSWORD,
    group: RETAIL_GROUP,
  },
  {
    email: "grace@example.com",
    first_name: "Grace",
    last_name: "Hopper",
    password: DEMO_PASSWORD,
    group: WHOLESALE_GROUP,
  },
]

export type SeedOutput = {
  ai_credits: Awaited<ReturnType<typeof seedAiCreditsDemo>>
  admin: { email: string; password: string; id: string }
  customers: { email: string; password: string; id: string; group: string }[]
  publishable_keys: {
    sales_channel: string
    sales_channel_id: string
    token: string
    title: string
    id: string
  }[]
  customer_groups: { name: string; id: string }[]
  region: { name: string; id: string; currency_code: string }
  store: { id: string; default_sales_channel_id: string; default_region_id: string }
}

type Logger = { info: (msg: string) => void; warn: (msg: string) => void }

function loggerOf(container: MedusaContainer): Logger {
  try {
    return container.resolve(ContainerRegistrationKeys.LOGGER)
  } catch {
    return console
  }
}

// ---------------------------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------------------------

export async function ensureSalesChannel(
  container: MedusaContainer,
  name: string,
  description?: string
): Promise<SalesChannelDTO> {
  const salesChannelModule = container.resolve(Modules.SALES_CHANNEL)
  const [existing] = await salesChannelModule.listSalesChannels({ name })
  if (existing) {
    return existing
  }
  const { result } = await createSalesChannelsWorkflow(container).run({
    input: { salesChannelsData: [{ name, description: description ?? null }] },
  })
  return result[0]
}

/**
 * A non-revoked publishable API key with this title, linked to the sales channel.
 * Looked up by title; created and linked only when missing.
 */
export async function ensurePublishableKey(
  container: MedusaContainer,
  { title, salesChannelId }: { title: string; salesChannelId: string }
): Promise<ApiKeyDTO> {
  const apiKeyModule = container.resolve(Modules.API_KEY)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)

  const keys = await apiKeyModule.listApiKeys({ title, type: "publishable" })
  let key = keys.find((k) => !k.revoked_at)
  if (!key) {
    const { result } = await createApiKeysWorkflow(container).run({
      input: { api_keys: [{ title, type: "publishable", created_by: "" }] },
    })
    key = result[0]
  }

  const { data } = await query.graph({
    entity: "api_key",
    fields: ["id", "sales_channels.id"],
    filters: { id: key.id },
  })
  const linked = ((data[0]?.sales_channels ?? []) as { id: string }[]).some(
    (sc) => sc?.id === salesChannelId
  )
  if (!linked) {
    await linkSalesChannelsToApiKeyWorkflow(container).run({
      input: { id: key.id, add: [salesChannelId] },
    })
  }
  return key
}

export async function ensureCustomerGroup(
  container: MedusaContainer,
  name: string
): Promise<CustomerGroupDTO> {
  const customerModule = container.resolve(Modules.CUSTOMER)
  const [existing] = await customerModule.listCustomerGroups({ name })
  if (existing) {
    return existing
  }
  const { result } = await createCustomerGroupsWorkflow(container).run({
    input: { customersData: [{ name }] },
  })
  return result[0]
}

export type EnsureCustomerInput = {
  email: string
  password?: string
  first_name?: string
  last_name?: string
  /** Groups the customer must belong to (ids). Existing memberships are kept. */
  groupIds?: string[]
}

/**
 * A registered customer (`has_account: true`) with this email, in the given groups, with an
 * `emailpass` identity (app_metadata.customer_id) so it can log in on the storefront.
 */
export async function ensureCustomer(
  container: MedusaContainer,
  { email, password = DEMO_PASSWORD, first_name, last_name, groupIds = [] }: EnsureCustomerInput
): Promise<CustomerDTO> {
  const customerModule = container.resolve(Modules.CUSTOMER)

  let [customer] = await customerModule.listCustomers(
    { email, has_account: true },
    { relations: ["groups"] }
  )
  if (!customer) {
    const { result } = await createCustomersWorkflow(container).run({
      input: {
        customersData: [{ email, first_name, last_name, has_account: true }],
      },
    })
    customer = result[0]
  }

  const memberOf = new Set((customer.groups ?? []).map((g) => g.id))
  for (const groupId of groupIds) {
    if (!memberOf.has(groupId)) {
      await linkCustomersToCustomerGroupWorkflow(container).run({
        input: { id: groupId, add: [customer.id] },
      })
    }
  }

  await ensureEmailPassIdentity(container, {
    email,
    password,
    actorType: "customer",
    actorId: customer.id,
  })

  return await customerModule.retrieveCustomer(customer.id, { relations: ["groups"] })
}

export type EnsureAdminUserInput = {
  email: string
  password: string
  first_name?: string
  last_name?: string
}

/**
 * An admin user with an `emailpass` identity (app_metadata.user_id), created the way the
 * `medusa user` CLI command does it (create-users-workflow, super admin role when RBAC is on).
 */
export async function ensureAdminUser(
  container: MedusaContainer,
  { email, password, first_name, last_name }: EnsureAdminUserInput
): Promise<UserDTO> {
  const userModule = container.resolve(Modules.USER)

  let [user] = await userModule.listUsers({ email })
  if (!user) {
    let roles: string[] = []
    if (FeatureFlag.isFeatureEnabled("rbac")) {
      const rbacModule = container.resolve(Modules.RBAC) as {
        listRbacRoles: (filters: Record<string, unknown>) => Promise<{ id: string }[]>
      }
      const superAdmin = await rbacModule.listRbacRoles({ id: "role_super_admin" })
      roles = superAdmin.map((r) => r.id).slice(0, 1)
    }
    const { result } = await createUsersWorkflow(container).run({
      input: {
        users: [{ email, first_name, last_name, ...(roles.length ? { roles } : {}) }],
      },
    })
    user = result[0]
  }

  await ensureEmailPassIdentity(container, {
    email,
    password,
    actorType: "user",
    actorId: user.id,
  })
  return user
}

export type EnsureRegionInput = {
  name: string
  currency_code: string
  countries: string[]
  payment_providers?: string[]
}

/**
 * A region with this name. A country belongs to at most one region, so when another region
 * already holds one of the countries, that region is reused instead (with a warning).
 */
export async function ensureRegion(
  container: MedusaContainer,
  { name, currency_code, countries, payment_providers = ["pp_system_default"] }: EnsureRegionInput
): Promise<RegionDTO> {
  const regionModule = container.resolve(Modules.REGION)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)

  let [region] = await regionModule.listRegions({ name })
  if (!region) {
    const all = await regionModule.listRegions({}, { relations: ["countries"] })
    const holder = all.find((r) =>
      (r.countries ?? []).some((c) => countries.includes(c.iso_2))
    )
    if (holder) {
      loggerOf(container).warn(
        `Region "${holder.name}" already holds ${countries.join(", ")}; using it instead of creating "${name}".`
      )
      region = holder
    }
  }
  if (!region) {
    const { result } = await createRegionsWorkflow(container).run({
      input: {
        regions: [{ name, currency_code, countries, payment_providers }],
      },
    })
    return result[0]
  }

  const { data } = await query.graph({
    entity: "region",
    fields: ["id", "payment_providers.id"],
    filters: { id: region.id },
  })
  const current = new Set(
    ((data[0]?.payment_providers ?? []) as { id: string }[]).map((p) => p?.id)
  )
  const missing = payment_providers.filter((p) => !current.has(p))
  if (missing.length) {
    await updateRegionsWorkflow(container).run({
      input: {
        selector: { id: region.id },
        update: { payment_providers: [...current, ...missing] },
      },
    })
  }
  return region
}

/** A country-level tax region using the system tax provider, as the Medusa starter seeds it. */
export async function ensureTaxRegion(
  container: MedusaContainer,
  country_code: string,
  provider_id = "tp_system"
) {
  const taxModule = container.resolve(Modules.TAX)
  const existing = await taxModule.listTaxRegions({ country_code })
  const countryLevel = existing.find((t) => !t.parent_id && !t.province_code)
  if (countryLevel) {
    return countryLevel
  }
  const { result } = await createTaxRegionsWorkflow(container).run({
    input: [{ country_code, provider_id }],
  })
  return result[0]
}

export type EnsureStoreInput = {
  /** First one is the store's default currency. Currencies the store already has are kept. */
  currencies: string[]
  default_sales_channel_id?: string
  default_region_id?: string
}

/** Updates the (single) store only where it differs from what is asked. */
export async function ensureStore(
  container: MedusaContainer,
  { currencies, default_sales_channel_id, default_region_id }: EnsureStoreInput
): Promise<StoreDTO> {
  const storeModule = container.resolve(Modules.STORE)
  const [defaultCurrency] = currencies

  let [store] = await storeModule.listStores({}, { relations: ["supported_currencies"], take: 1 })
  if (!store) {
    const { result } = await createStoresWorkflow(container).run({
      input: {
        stores: [
          {
            name: "Medusa Store",
            supported_currencies: currencies.map((c) => ({
              currency_code: c,
              is_default: c === defaultCurrency,
            })),
            default_sales_channel_id,
            default_region_id,
          },
        ],
      },
    })
    store = await storeModule.retrieveStore(result[0].id, { relations: ["supported_currencies"] })
  }

  const existing = store.supported_currencies ?? []
  const existingCodes = existing.map((c) => c.currency_code)
  const currentDefault = existing.find((c) => c.is_default)?.currency_code
  const currenciesDiffer =
    currentDefault !== defaultCurrency || currencies.some((c) => !existingCodes.includes(c))

  const update: Record<string, unknown> = {}
  if (currenciesDiffer) {
    const codes = [...currencies, ...existingCodes.filter((c) => !currencies.includes(c))]
    update.supported_currencies = codes.map((c) => ({
      currency_code: c,
      is_default: c === defaultCurrency,
    }))
  }
  if (default_sales_channel_id && store.default_sales_channel_id !== default_sales_channel_id) {
    update.default_sales_channel_id = default_sales_channel_id
  }
  if (default_region_id && store.default_region_id !== default_region_id) {
    update.default_region_id = default_region_id
  }
  if (Object.keys(update).length) {
    await updateStoresWorkflow(container).run({
      input: { selector: { id: store.id }, update },
    })
    store = await storeModule.retrieveStore(store.id, { relations: ["supported_currencies"] })
  }
  return store
}

// ---------------------------------------------------------------------------------------------
// The demo store
// ---------------------------------------------------------------------------------------------

export type SeedDemoStoreOptions = {
  adminEmail?: string
  adminPassword?: string
}

export async function seedDemoStore(
  container: MedusaContainer,
  options: SeedDemoStoreOptions = {}
): Promise<SeedOutput> {
  const adminEmail = options.adminEmail ?? process.env.ADMIN_EMAIL ?? "admin@example.com"
  const adminPassword = options.adminPassword ?? process.env.ADMIN_PASSWORD ?? DEMO_PASSWORD

  // Sales channels; the web store is the store's default channel (new products land there).
  const webStore = await ensureSalesChannel(container, WEB_STORE, "The public storefront")
  const b2bPortal = await ensureSalesChannel(container, B2B_PORTAL, "Storefront for business customers")

  const region = await ensureRegion(container, {
    name: US_REGION,
    currency_code: "usd",
    countries: ["us"],
    payment_providers: ["pp_system_default"],
  })
  await ensureTaxRegion(container, "us")

  const store = await ensureStore(container, {
    currencies: ["usd", "eur"],
    default_sales_channel_id: webStore.id,
    default_region_id: region.id,
  })

  const publishableKeys: SeedOutput["publishable_keys"] = []
  for (const channel of [webStore, b2bPortal]) {
    const title = `${channel.name} key`
    const key = await ensurePublishableKey(container, { title, salesChannelId: channel.id })
    publishableKeys.push({
      sales_channel: channel.name,
      sales_channel_id: channel.id,
      token: key.token,
      title,
      id: key.id,
    })
  }

  const groups: Record<string, CustomerGroupDTO> = {}
  for (const name of [RETAIL_GROUP, WHOLESALE_GROUP]) {
    groups[name] = await ensureCustomerGroup(container, name)
  }

  const customers: SeedOutput["customers"] = []
  for (const spec of DEMO_CUSTOMERS) {
    const customer = await ensureCustomer(container, {
      email: spec.email,
      password: spec.password,
      first_name: spec.first_name,
      last_name: spec.last_name,
      groupIds: [groups[spec.group].id],
    })
    customers.push({
      email: spec.email,
      password: spec.password,
      id: customer.id,
      group: spec.group,
    })
  }

  const admin = await ensureAdminUser(container, {
    email: adminEmail,
    password: adminPassword,
    first_name: "Admin",
    last_name: "User",
  })

  const aiCredits = await seedAiCreditsDemo(container, {
    storeId: store.id,
    salesChannels: [webStore, b2bPortal].map((c) => ({ id: c.id, name: c.name })),
    customers: customers.map((c) => ({ id: c.id, email: c.email })),
    customerGroups: Object.values(groups).map((g) => ({ id: g.id, name: g.name! })),
  })

  return {
    ai_credits: aiCredits,
    admin: { email: adminEmail, password: adminPassword, id: admin.id },
    customers,
    publishable_keys: publishableKeys,
    customer_groups: Object.values(groups).map((g) => ({ name: g.name!, id: g.id })),
    region: { name: region.name, id: region.id, currency_code: region.currency_code },
    store: {
      id: store.id,
      default_sales_channel_id: webStore.id,
      default_region_id: region.id,
    },
  }
}

/** Writes the seed output (relative paths resolve against process.cwd()); returns the path. */
export function writeSeedOutput(output: SeedOutput, file = SEED_OUTPUT_FILE): string {
  const target = path.resolve(process.cwd(), file)
  fs.mkdirSync(path.dirname(target), { recursive: true })
  fs.writeFileSync(target, JSON.stringify(output, null, 2) + "\n")
  return target
}

export default async function seed({ container }: ExecArgs) {
  const logger = loggerOf(container)
  logger.info("Seeding the demo store...")

  const output = await seedDemoStore(container)
  const file = writeSeedOutput(output)

  logger.info(
    [
      "Demo store seeded:",
      `  admin: ${output.admin.email} / ${output.admin.password}`,
      ...output.customers.map((c) => `  customer: ${c.email} / ${c.password} (${c.group})`),
      ...output.publishable_keys.map((k) => `  publishable key ${k.sales_channel}: ${k.token}`),
      `  region: ${output.region.name} (${output.region.currency_code})`,
      ...output.ai_credits.wallets.map((w) => `  credits: ${w.owner} has ${w.balance}`),
      ...output.ai_credits.packs.map((p) => `  pack on sale: ${p.title}`),
      ...output.ai_credits.plans.map(
        (p) => `  plan on sale: ${p.name}${p.stripe_price_id ? "" : " (set the Stripe keys to subscribe, see README)"}`
      ),
      `  written to ${path.relative(process.cwd(), file) || file}`,
    ].join("\n")
  )
}
