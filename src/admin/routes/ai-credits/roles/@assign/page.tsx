import { zodResolver } from "@hookform/resolvers/zod"
import { Input, toast } from "@medusajs/ui"
import { useForm } from "react-hook-form"
import { z } from "zod"
import { Field, FormDrawer } from "../../../../components/form"
import { FormSelect } from "../../../../components/form-select"
import { useRouteDrawer } from "../../../../components/route-drawer"
import { errorMessage } from "../../../../lib/api"
import { useAdminUsers, useAssignRole } from "../../../../hooks/api/roles"
import { ROLE_HINT, RoleName } from "../components/roles"

const AssignRoleSchema = z.object({
  user_id: z.string({ error: "Pick an admin user." }).min(1, "Pick an admin user."),
  role: z.string().trim().pipe(RoleName),
})
type AssignRoleForm = z.input<typeof AssignRoleSchema>

/** Assign an AI role to an admin user: a drawer over the roles page, at `/ai-credits/roles/assign`. */
const AssignRolePage = () => {
  const drawer = useRouteDrawer("/ai-credits/roles")
  const { users } = useAdminUsers()
  const form = useForm<AssignRoleForm>({ defaultValues: { user_id: "", role: "" }, resolver: zodResolver(AssignRoleSchema) })
  const { errors } = form.formState
  const mutation = useAssignRole({
    onSuccess: () => {
      toast.success("Role assigned", { description: "Quota rules and module restrictions for it apply at once." })
      drawer.onOpenChange(false)
    },
    onError: (error) => toast.error("Could not assign the role", { description: errorMessage(error) }),
  })
  const submit = form.handleSubmit((values) => mutation.mutate({ user_id: values.user_id, role: values.role.trim() }))
  return (
    <FormDrawer
      open={drawer.open}
      onOpenChange={drawer.onOpenChange}
      title="Assign an AI role"
      submitLabel="Assign"
      isPending={mutation.isPending}
      onSubmit={() => void submit()}
    >
      <Field id="role-user" label="Admin user" error={errors.user_id?.message}>
        <FormSelect
          control={form.control}
          name="user_id"
          id="role-user"
          placeholder="Choose a user"
          options={users.map((u) => ({ value: u.id, label: u.email }))}
        />
      </Field>
      <Field id="role-name" label="Role" error={errors.role?.message} hint={ROLE_HINT}>
        <Input id="role-name" placeholder="content_editor" {...form.register("role")} />
      </Field>
    </FormDrawer>
  )
}

export default AssignRolePage
