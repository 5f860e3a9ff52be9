import { z } from "zod"
import { FormDrawer, TextField, drawerSaveCallbacks, useZodForm } from "../../../../components/form"
import { SelectField } from "../../../../components/form-select"
import { useRouteDrawer } from "../../../../components/route-drawer"
import { useAdminUsers, useAssignRole } from "../../../../hooks/api/roles"
import { ROLE_HINT, RoleName } from "../components/roles"

const AssignRoleSchema = z.object({
  user_id: z.string({ error: "Pick an admin user." }).min(1, "Pick an admin user."),
  role: z.string().trim().pipe(RoleName),
})

/** Assign an AI role to an admin user: a drawer over the roles page, at `/ai-credits/roles/assign`. */
const AssignRolePage = () => {
  const drawer = useRouteDrawer("/ai-credits/roles")
  const { users } = useAdminUsers()
  const form = useZodForm(AssignRoleSchema, { user_id: "", role: "" })
  const mutation = useAssignRole(
    drawerSaveCallbacks(
      drawer.onOpenChange,
      { title: "Role assigned", description: "Quota rules and module restrictions for it apply at once." },
      "Could not assign the role"
    )
  )
  const submit = form.handleSubmit((values) => mutation.mutate({ user_id: values.user_id, role: values.role.trim() }))
  return (
    <FormDrawer {...drawer} title="Assign an AI role" submitLabel="Assign" isPending={mutation.isPending} onSubmit={submit}>
      <SelectField
        form={form}
        name="user_id"
        id="role-user"
        label="Admin user"
        placeholder="Choose a user"
        options={users.map((u) => ({ value: u.id, label: u.email }))}
      />
      <TextField form={form} name="role" id="role-name" label="Role" placeholder="content_editor" hint={ROLE_HINT} />
    </FormDrawer>
  )
}

export default AssignRolePage
