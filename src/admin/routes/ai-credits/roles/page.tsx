import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Users } from "@medusajs/icons"
import { Badge, Button, Container, Input, Select, Table, Text, toast } from "@medusajs/ui"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { useEffect, useState } from "react"
import { Field, FormDrawer } from "../../../components/form"
import { EmptyState, ErrorState, LoadingRows, SectionHeader } from "../../../components/states"
import { errorMessage } from "../../../lib/api"
import { formatDateTime } from "../../../lib/format"
import { governanceApi, governanceKeys } from "../../../lib/governance-api"
import { useAiModules } from "../../../lib/hooks"
import { sdk } from "../../../lib/sdk"

const ROLE_NAME = /^[a-z][a-z0-9_-]{0,63}$/
const ROLE_HINT = "Lower case letters, digits, - or _, e.g. content_editor."

function useAdminUsers() {
  const query = useQuery({
    queryKey: governanceKeys.users,
    queryFn: () => sdk.admin.user.list({ limit: 500, fields: "id,email,first_name,last_name" }),
    staleTime: 60_000,
  })
  const users = query.data?.users ?? []
  const label = (id: string) => {
    const user = users.find((u) => u.id === id)
    return user ? user.email : id
  }
  return { users, label }
}

const AssignRoleDrawer = ({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) => {
  const queryClient = useQueryClient()
  const { users } = useAdminUsers()
  const [userId, setUserId] = useState<string>()
  const [role, setRole] = useState("")
  const [errors, setErrors] = useState<{ user?: string; role?: string }>({})
  useEffect(() => {
    if (open) {
      setUserId(undefined)
      setRole("")
      setErrors({})
    }
  }, [open])
  const mutation = useMutation({
    mutationFn: () => governanceApi.assignRole({ user_id: userId!, role: role.trim() }),
    onSuccess: () => {
      toast.success("Role assigned", { description: "Quota rules and module restrictions for it apply at once." })
      void queryClient.invalidateQueries({ queryKey: governanceKeys.all })
      onOpenChange(false)
    },
    onError: (error) => toast.error("Could not assign the role", { description: errorMessage(error) }),
  })
  return (
    <FormDrawer
      open={open}
      onOpenChange={onOpenChange}
      title="Assign an AI role"
      submitLabel="Assign"
      isPending={mutation.isPending}
      onSubmit={() => {
        const found: typeof errors = {}
        if (!userId) found.user = "Pick an admin user."
        if (!ROLE_NAME.test(role.trim())) found.role = ROLE_HINT
        setErrors(found)
        if (!Object.keys(found).length) mutation.mutate()
      }}
    >
      <Field id="role-user" label="Admin user" error={errors.user}>
        <Select value={userId} onValueChange={setUserId}>
          <Select.Trigger id="role-user">
            <Select.Value placeholder="Choose a user" />
          </Select.Trigger>
          <Select.Content>
            {users.map((u) => (
              <Select.Item key={u.id} value={u.id}>
                {u.email}
              </Select.Item>
            ))}
          </Select.Content>
        </Select>
      </Field>
      <Field id="role-name" label="Role" error={errors.role} hint={ROLE_HINT}>
        <Input id="role-name" value={role} onChange={(e) => setRole(e.target.value)} placeholder="content_editor" />
      </Field>
    </FormDrawer>
  )
}

const RestrictDrawer = ({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) => {
  const queryClient = useQueryClient()
  const { modules, moduleName } = useAiModules()
  const [module, setModule] = useState<string>()
  const [scope, setScope] = useState<"requests" | "bulk_jobs">("requests")
  const [roles, setRoles] = useState("")
  const [errors, setErrors] = useState<{ module?: string; roles?: string }>({})
  useEffect(() => {
    if (open) {
      setModule(undefined)
      setScope("requests")
      setRoles("")
      setErrors({})
    }
  }, [open])
  const list = roles.split(",").map((r) => r.trim()).filter(Boolean)
  const mutation = useMutation({
    mutationFn: () => governanceApi.setModuleAccess({ module: module!, scope, roles: list }),
    onSuccess: () => {
      toast.success(list.length ? "Module restricted" : "Restriction lifted")
      void queryClient.invalidateQueries({ queryKey: governanceKeys.all })
      onOpenChange(false)
    },
    onError: (error) => toast.error("Could not save", { description: errorMessage(error) }),
  })
  return (
    <FormDrawer
      open={open}
      onOpenChange={onOpenChange}
      title="Restrict a module to roles"
      description="Admin users without one of the roles get a 403 that names the roles."
      submitLabel="Save"
      isPending={mutation.isPending}
      onSubmit={() => {
        const found: typeof errors = {}
        if (!module) found.module = "Pick a module."
        if (list.some((r) => !ROLE_NAME.test(r))) found.roles = ROLE_HINT
        setErrors(found)
        if (!Object.keys(found).length) mutation.mutate()
      }}
    >
      <Field id="access-module" label="AI module" error={errors.module}>
        <Select value={module} onValueChange={setModule}>
          <Select.Trigger id="access-module">
            <Select.Value placeholder="Choose a module" />
          </Select.Trigger>
          <Select.Content>
            {modules.map((m) => (
              <Select.Item key={m.id} value={m.id}>
                {moduleName(m.id)}
              </Select.Item>
            ))}
          </Select.Content>
        </Select>
      </Field>
      <Field id="access-scope" label="What">
        <Select value={scope} onValueChange={(v) => setScope(v as "requests" | "bulk_jobs")}>
          <Select.Trigger id="access-scope">
            <Select.Value />
          </Select.Trigger>
          <Select.Content>
            <Select.Item value="requests">Its AI requests</Select.Item>
            <Select.Item value="bulk_jobs">Its bulk jobs</Select.Item>
          </Select.Content>
        </Select>
      </Field>
      <Field id="access-roles" label="Roles allowed" error={errors.roles} hint="Comma-separated. Leave empty to open the module to every admin user.">
        <Input id="access-roles" value={roles} onChange={(e) => setRoles(e.target.value)} placeholder="ai_manager, content_editor" />
      </Field>
    </FormDrawer>
  )
}

const RolesPage = () => {
  const queryClient = useQueryClient()
  const { label } = useAdminUsers()
  const { moduleName } = useAiModules()
  const [assigning, setAssigning] = useState(false)
  const [restricting, setRestricting] = useState(false)
  const assignments = useQuery({ queryKey: governanceKeys.roles, queryFn: () => governanceApi.listRoleAssignments() })
  const access = useQuery({ queryKey: governanceKeys.moduleAccess, queryFn: () => governanceApi.listModuleAccess() })
  const remove = useMutation({
    mutationFn: (id: string) => governanceApi.unassignRole(id),
    onSuccess: () => {
      toast.success("Role removed")
      void queryClient.invalidateQueries({ queryKey: governanceKeys.all })
    },
    onError: (error) => toast.error("Could not remove the role", { description: errorMessage(error) }),
  })
  const fromRbac = assignments.data?.source === "rbac"
  const rows = assignments.data?.role_assignments ?? []
  const restrictions = access.data?.module_access ?? []
  return (
    <div className="flex flex-col gap-y-3">
      <Container className="divide-y p-0">
        <SectionHeader
          level="h1"
          title="AI roles"
          description={
            fromRbac
              ? "Roles come from Medusa's RBAC module (Settings → Roles): quota rules and restrictions match their names."
              : "Roles of admin users for AI quotas and module restrictions (Medusa's RBAC feature flag is off)."
          }
          actions={
            fromRbac ? null : (
              <Button size="small" variant="secondary" onClick={() => setAssigning(true)}>
                Assign role
              </Button>
            )
          }
        />
        {assignments.isLoading ? (
          <LoadingRows rows={3} />
        ) : assignments.isError ? (
          <ErrorState error={assignments.error} onRetry={() => void assignments.refetch()} />
        ) : fromRbac ? null : rows.length === 0 ? (
          <EmptyState
            icon={<Users />}
            title="No roles assigned"
            description="Give admin users roles such as content_editor or ai_manager, then use them in quota rules and module restrictions."
          />
        ) : (
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>User</Table.HeaderCell>
                <Table.HeaderCell>Role</Table.HeaderCell>
                <Table.HeaderCell>Since</Table.HeaderCell>
                <Table.HeaderCell />
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {rows.map((a) => (
                <Table.Row key={a.id}>
                  <Table.Cell>{label(a.user_id)}</Table.Cell>
                  <Table.Cell>
                    <Badge size="2xsmall">{a.role}</Badge>
                  </Table.Cell>
                  <Table.Cell>{formatDateTime(a.created_at)}</Table.Cell>
                  <Table.Cell className="text-right">
                    <Button size="small" variant="transparent" isLoading={remove.isPending && remove.variables === a.id} onClick={() => remove.mutate(a.id)}>
                      Remove
                    </Button>
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        )}
      </Container>
      <Container className="divide-y p-0">
        <SectionHeader
          title="Module restrictions"
          description="Which roles may use a module, or run bulk jobs through it."
          actions={
            <Button size="small" variant="secondary" onClick={() => setRestricting(true)}>
              Restrict a module
            </Button>
          }
        />
        {access.isLoading ? (
          <LoadingRows rows={3} />
        ) : access.isError ? (
          <ErrorState error={access.error} onRetry={() => void access.refetch()} />
        ) : restrictions.length === 0 ? (
          <EmptyState title="Every module is open to every admin user" description="Restrict e.g. bulk content jobs to ai_manager." />
        ) : (
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>Module</Table.HeaderCell>
                <Table.HeaderCell>What</Table.HeaderCell>
                <Table.HeaderCell>Roles allowed</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {restrictions.map((r) => (
                <Table.Row key={r.id}>
                  <Table.Cell>{moduleName(r.module)}</Table.Cell>
                  <Table.Cell>{r.scope === "bulk_jobs" ? "Bulk jobs" : "AI requests"}</Table.Cell>
                  <Table.Cell>
                    <div className="flex flex-wrap gap-1">
                      {r.roles.map((role) => (
                        <Badge key={role} size="2xsmall">
                          {role}
                        </Badge>
                      ))}
                    </div>
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        )}
        <Text size="xsmall" className="text-ui-fg-muted px-6 py-3">
          Quota rules can also target a role (admin_role, e.g. content_editor: 500 credits a day) through the quota rules API.
        </Text>
      </Container>
      <AssignRoleDrawer open={assigning} onOpenChange={setAssigning} />
      <RestrictDrawer open={restricting} onOpenChange={setRestricting} />
    </div>
  )
}

export const config = defineRouteConfig({
  label: "AI roles",
  rank: 8,
})

export const handle = {
  breadcrumb: () => "AI roles",
}

export default RolesPage
