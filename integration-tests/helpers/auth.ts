import type {
  ApiKeyDTO,
  CustomerDTO,
  CustomerGroupDTO,
  MedusaContainer,
  SalesChannelDTO,
  UserDTO,
} from "@medusajs/framework/types"
import type { AuthActorType } from "../../demo/server/demo-identities"
import {
  DEMO_PASSWORD,
  WEB_STORE,
  ensureAdminUser,
  ensureCustomer,
  ensureCustomerGroup,
  ensurePublishableKey,
  ensureSalesChannel,
} from "../../src/scripts/seed"

/**
 * Auth helpers for HTTP suites run with `medusaIntegrationTestRunner` (`api` is its axios
 * instance, `getContainer()` its container). They reuse the seed's `ensure*` functions, so a
 * test user, key or customer is made exactly as the demo seed makes it, and calling a helper
 * twice in one test returns the same records.
 *
 * The runner restores the database before every test: call these in `beforeEach` (or in the
 * test), not in `beforeAll`.
 */

/** The part of the runner's axios instance these helpers use. */
export type TestApi = {
  post: (url: string, data?: unknown, config?: unknown) => Promise<{ status: number; data: any }>
}

export type Headers = Record<string, string>

export const TEST_ADMIN_EMAIL = "admin@example.com"
export const TEST_PASSWORD = DEMO_PASSWORD

/**
 * `POST /auth/{actor}/emailpass` and return the bearer token. Throws when the answer is not a
 * plain token (wrong credentials, email verification or MFA required).
 */
export async function loginWithEmailPass(
  api: TestApi,
  actorType: AuthActorType,
  email: string,
  password: string
): Promise<string> {
  let response: { status: number; data: any }
  try {
    response = await api.post(`/auth/${actorType}/emailpass`, { email, password })
  } catch (e: any) {
    const status = e?.response?.status
    const message = e?.response?.data?.message ?? e?.message
    throw new Error(`Login of ${actorType} ${email} failed (${status ?? "no response"}): ${message}`)
  }
  const { token, verification_required, mfa_required } = response.data ?? {}
  if (verification_required || mfa_required || typeof token !== "string") {
    throw new Error(
      `Login of ${actorType} ${email} did not return a usable token: ${JSON.stringify(response.data)}`
    )
  }
  return token
}

export function bearer(token: string): Headers {
  return { authorization: `Bearer ${token}` }
}

/** Merge header objects into an axios request config: `api.get(url, withHeaders(a, b))`. */
export function withHeaders(...headers: (Headers | { headers: Headers })[]): { headers: Headers } {
  return {
    headers: Object.assign(
      {},
      ...headers.map((h) => ("headers" in h && typeof h.headers === "object" ? h.headers : h))
    ),
  }
}

export type AdminUserOptions = {
  email?: string
  password?: string
  first_name?: string
  last_name?: string
}

export type AdminAuth = {
  user: UserDTO
  token: string
  headers: Headers
  email: string
  password: string
}

/**
 * An admin user with an emailpass identity (app_metadata.user_id), logged in through
 * `POST /auth/user/emailpass`. `headers` is `{ authorization: "Bearer ..." }`.
 */
export async function createAdminUser(
  container: MedusaContainer,
  api: TestApi,
  {
    email = TEST_ADMIN_EMAIL,
    password = TEST_PASSWORD,
    first_name = "Admin",
    last_name = "User",
  }: AdminUserOptions = {}
): Promise<AdminAuth> {
  const user = await ensureAdminUser(container, { email, password, first_name, last_name })
  const token = await loginWithEmailPass(api, "user", email, password)
  return { user, token, headers: bearer(token), email, password }
}

export type PublishableKeyAuth = {
  key: ApiKeyDTO
  salesChannel: SalesChannelDTO
  token: string
  headers: { "x-publishable-api-key": string }
}

/**
 * A publishable API key titled "{salesChannelName} key", linked to that sales channel
 * (created when missing). `headers` is `{ "x-publishable-api-key": token }`.
 */
export async function createPublishableKey(
  container: MedusaContainer,
  salesChannelName: string = WEB_STORE
): Promise<PublishableKeyAuth> {
  const salesChannel = await ensureSalesChannel(container, salesChannelName)
  const key = await ensurePublishableKey(container, {
    title: `${salesChannelName} key`,
    salesChannelId: salesChannel.id,
  })
  return {
    key,
    salesChannel,
    token: key.token,
    headers: { "x-publishable-api-key": key.token },
  }
}

export type CustomerOptions = {
  email: string
  password?: string
  first_name?: string
  last_name?: string
  /** Customer groups (by name, created when missing) the customer must belong to. */
  groupNames?: string[]
}

export type CustomerAuth = {
  customer: CustomerDTO
  groups: CustomerGroupDTO[]
  token: string
  headers: Headers
  email: string
  password: string
}

/**
 * A registered customer with an emailpass identity (app_metadata.customer_id), logged in through
 * `POST /auth/customer/emailpass`. `/store/*` routes also need a publishable key:
 * `api.get("/store/customers/me", withHeaders(customer, pk))`.
 */
export async function createCustomerWithToken(
  container: MedusaContainer,
  api: TestApi,
  { email, password = TEST_PASSWORD, first_name, last_name, groupNames = [] }: CustomerOptions
): Promise<CustomerAuth> {
  const groups: CustomerGroupDTO[] = []
  for (const name of groupNames) {
    groups.push(await ensureCustomerGroup(container, name))
  }
  const customer = await ensureCustomer(container, {
    email,
    password,
    first_name,
    last_name,
    groupIds: groups.map((g) => g.id),
  })
  const token = await loginWithEmailPass(api, "customer", email, password)
  return { customer, groups, token, headers: bearer(token), email, password }
}
