import { useQuery } from "@tanstack/react-query"
import { z } from "zod"
import { governanceKeys } from "../../../../lib/governance-api"
import { sdk } from "../../../../lib/sdk"

export const ROLE_HINT = "Lower case letters, digits, - or _, e.g. content_editor."
/** A role name, as the API accepts it. */
export const RoleName = z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, ROLE_HINT)

/** The store's admin users, and an email for a user id. */
export function useAdminUsers() {
  const query = useQuery({
    queryKey: governanceKeys.users,
    queryFn: () => sdk.admin.user.list({ limit: 500, fields: "id,email,first_name,last_name" }),
    staleTime: 60_000,
  })
  const users = query.data?.users ?? []
  const label = (id: string) => users.find((u) => u.id === id)?.email ?? id
  return { users, label }
}
