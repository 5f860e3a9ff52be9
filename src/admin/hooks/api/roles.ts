import { useQuery } from "@tanstack/react-query"
import type { Paginated } from "../../lib/api"
import type { ModuleAccess, RoleAssignment } from "../../lib/governance-api"
import { sdk } from "../../lib/sdk"
import { queryKeysFactory, useInvalidatingMutation, usePostMutation, type MutationHookOptions } from "./query-keys"

const BASE = "/admin/ai-credits"

export const roleAssignmentsQueryKeys = queryKeysFactory("role-assignments")
export const moduleAccessQueryKeys = queryKeysFactory("module-access")
export const usersQueryKeys = queryKeysFactory("users")

type ModuleAccessInput = { module: string; scope: "requests" | "bulk_jobs"; roles: string[] }

export const useRoleAssignments = () =>
  useQuery({
    queryKey: roleAssignmentsQueryKeys.lists(),
    queryFn: () =>
      sdk.client.fetch<{ source: "rbac" | "plugin"; role_assignments: RoleAssignment[] } & Paginated>(
        `${BASE}/roles/assignments`,
        { query: { limit: 500 } }
      ),
  })

export const useAssignRole = (
  options?: MutationHookOptions<{ role_assignment: RoleAssignment }, { user_id: string; role: string }>
) =>
  usePostMutation(`${BASE}/roles/assignments`, [roleAssignmentsQueryKeys.all], options)

export const useUnassignRole = (options?: MutationHookOptions<unknown, string>) =>
  useInvalidatingMutation(
    (id: string) => sdk.client.fetch<unknown>(`${BASE}/roles/assignments/${id}`, { method: "DELETE" }),
    [roleAssignmentsQueryKeys.all],
    options
  )

export const useModuleAccess = () =>
  useQuery({
    queryKey: moduleAccessQueryKeys.lists(),
    queryFn: () => sdk.client.fetch<{ module_access: ModuleAccess[] }>(`${BASE}/module-access`),
  })

export const useSetModuleAccess = (options?: MutationHookOptions<{ module_access: ModuleAccess }, ModuleAccessInput>) =>
  usePostMutation(`${BASE}/module-access`, [moduleAccessQueryKeys.all], options)

/** The store's admin users, and an email for a user id. */
export function useAdminUsers() {
  const query = useQuery({
    queryKey: usersQueryKeys.lists(),
    queryFn: () => sdk.admin.user.list({ limit: 500, fields: "id,email,first_name,last_name" }),
    staleTime: 60_000,
  })
  const users = query.data?.users ?? []
  const label = (id: string) => users.find((u) => u.id === id)?.email ?? id
  return { users, label }
}

/** The AI roles in use (assigned to a user or allowed a module), sorted, for pickers. */
export function useAiRoleNames() {
  const assignments = useRoleAssignments()
  const access = useModuleAccess()
  const roles = new Set([
    ...(assignments.data?.role_assignments ?? []).map((a) => a.role),
    ...(access.data?.module_access ?? []).flatMap((m) => m.roles),
  ])
  return [...roles].sort()
}
