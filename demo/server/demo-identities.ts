import { MedusaError } from "@medusajs/framework/utils"
import type { AuthIdentityDTO, MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"

/**
 * Email/password identities for demo and test actors, done the way Medusa does it itself
 * (`medusa user` CLI, `/auth/{actor}/emailpass/register`): the `emailpass` provider stores the
 * scrypt hash, and `app_metadata.{actor}_id` ties the identity to the user or customer, which
 * is what `POST /auth/{actor}/emailpass` needs to issue a token with an actor in it.
 *
 * One identity per email: an email that is both an admin user and a customer carries both
 * `user_id` and `customer_id` in its app_metadata, as in Medusa.
 */

export const EMAILPASS_PROVIDER = "emailpass"

export type AuthActorType = "user" | "customer"

export type EnsureEmailPassIdentityInput = {
  email: string
  password: string
  actorType: AuthActorType
  actorId: string
}

export type EnsureEmailPassIdentityResult = {
  authIdentity: AuthIdentityDTO
  /** What had to be done; all false means the identity already was as asked. */
  created: boolean
  passwordUpdated: boolean
  linked: boolean
}

/**
 * Makes sure `email` can log in with `password` as `actorType` `actorId`. Idempotent: looks the
 * identity up first, registers it only when missing, resets the password only when it does not
 * match, and sets `app_metadata.{actorType}_id` only when it differs.
 */
export async function ensureEmailPassIdentity(
  container: MedusaContainer,
  { email, password, actorType, actorId }: EnsureEmailPassIdentityInput
): Promise<EnsureEmailPassIdentityResult> {
  const authModule = container.resolve(Modules.AUTH)
  const metadataKey = `${actorType}_id`

  let authIdentity = await findEmailPassIdentity(container, email)
  let created = false
  let passwordUpdated = false
  let linked = false

  if (!authIdentity) {
    const { success, authIdentity: registered, error } = await authModule.register(
      EMAILPASS_PROVIDER,
      { body: { email, password } }
    )
    if (!success || !registered) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `Could not register emailpass identity for ${email}: ${error ?? "unknown error"}`)
    }
    authIdentity = registered
    created = true
  } else {
    const check = await authModule.authenticate(EMAILPASS_PROVIDER, {
      body: { email, password },
    })
    if (!check.success) {
      const updated = await authModule.updateProvider(EMAILPASS_PROVIDER, {
        entity_id: email,
        password,
      })
      if (!updated.success) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, `Could not reset the password of ${email}: ${updated.error ?? "unknown error"}`)
      }
      passwordUpdated = true
    }
  }

  const appMetadata = (authIdentity.app_metadata ?? {}) as Record<string, unknown>
  if (appMetadata[metadataKey] !== actorId) {
    const [updated] = await authModule.updateAuthIdentities([
      {
        id: authIdentity.id,
        app_metadata: { ...appMetadata, [metadataKey]: actorId },
      },
    ])
    authIdentity = updated
    linked = true
  }

  return { authIdentity, created, passwordUpdated, linked }
}

/** The auth identity whose `emailpass` provider identity has this email, if any. */
export async function findEmailPassIdentity(
  container: MedusaContainer,
  email: string
): Promise<AuthIdentityDTO | undefined> {
  const authModule = container.resolve(Modules.AUTH)
  const [providerIdentity] = await authModule.listProviderIdentities({
    entity_id: email,
    provider: EMAILPASS_PROVIDER,
  })
  if (!providerIdentity?.auth_identity_id) {
    return undefined
  }
  return await authModule.retrieveAuthIdentity(providerIdentity.auth_identity_id, {
    relations: ["provider_identities"],
  })
}
