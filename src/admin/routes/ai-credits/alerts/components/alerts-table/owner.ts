import type { CreditAlert } from "../../../../../lib/api"
import { OWNER_TYPE_LABELS } from "../../../../../lib/format"

/** The alert's owner as an admin recognises them: a name, an email, visitors by their storefront. */
export function ownerName({ owner }: CreditAlert): string | null {
  if (!owner) {
    return null
  }
  if (owner.name) {
    return owner.name
  }
  if (owner.email) {
    return owner.email
  }
  if (owner.type === "visitor" || owner.type === "guest") {
    const who = owner.id ? "A visitor" : "Anonymous visitors"
    return owner.storefront ? `${who} of ${owner.storefront}` : who
  }
  if (owner.type === "api_key") {
    return "A server API key"
  }
  return OWNER_TYPE_LABELS[owner.type as keyof typeof OWNER_TYPE_LABELS] ?? owner.type
}

/** Under the name: the email, the customer's groups, the storefront. */
export function ownerDetail({ owner }: CreditAlert): string | null {
  if (!owner) {
    return null
  }
  const parts = [
    owner.name && owner.email && owner.email !== owner.name ? owner.email : null,
    owner.groups.length ? `Group: ${owner.groups.join(", ")}` : null,
    owner.type === "customer_group" ? OWNER_TYPE_LABELS.customer_group : null,
    owner.storefront && owner.name && owner.storefront !== owner.name ? `Storefront: ${owner.storefront}` : null,
  ]
  return parts.filter(Boolean).join(" · ") || null
}

/**
 * The alert's message with the ids it was written with (the wallet id, the refused caller's scope,
 * a publishable key) in the owner's words.
 */
export function alertMessage(alert: CreditAlert): string {
  const name = ownerName(alert)
  if (!name) {
    return alert.message
  }
  let message = alert.message
  if (alert.wallet_id) {
    message = message.replace(`Wallet ${alert.wallet_id}`, `The wallet of ${name}`).replaceAll(alert.wallet_id, name)
  }
  const subject = alert.data?.subject
  if (typeof subject === "string" && subject !== "*") {
    message = message.replaceAll(subject, name)
  }
  const storefront = alert.data?.storefront
  if (typeof storefront === "string" && alert.owner?.storefront) {
    message = message.replaceAll(storefront, alert.owner.storefront)
  }
  return message
}
