import { z } from "zod"
import { FormDrawer, TextField, drawerSaveCallbacks, useZodForm } from "../../../../components/form"
import { SelectField } from "../../../../components/form-select"
import { useRouteDrawer } from "../../../../components/route-drawer"
import { useAiModules } from "../../../../hooks/api/modules"
import { useSetModuleAccess } from "../../../../hooks/api/roles"
import { ROLE_HINT, RoleName } from "../components/roles"

const splitRoles = (roles: string) =>
  roles
    .split(",")
    .map((r) => r.trim())
    .filter(Boolean)

const RestrictSchema = z.object({
  module: z.string().min(1, "Pick a module."),
  scope: z.enum(["requests", "bulk_jobs"]),
  roles: z.string().refine((roles) => splitRoles(roles).every((r) => RoleName.safeParse(r).success), ROLE_HINT),
})

const SCOPES = [
  { value: "requests", label: "Its AI requests" },
  { value: "bulk_jobs", label: "Its bulk jobs" },
]

/** Restrict a module to roles: a drawer over the roles page, at `/ai-credits/roles/restrict`. */
const RestrictModulePage = () => {
  const drawer = useRouteDrawer("/ai-credits/roles")
  const { modules, moduleName } = useAiModules()
  const form = useZodForm(RestrictSchema, { module: "", scope: "requests", roles: "" })
  const mutation = useSetModuleAccess(
    drawerSaveCallbacks(
      drawer.onOpenChange,
      (_, body) => (body.roles.length ? "Module restricted" : "Restriction lifted"),
      "Could not save"
    )
  )
  const submit = form.handleSubmit((values) =>
    mutation.mutate({ module: values.module, scope: values.scope, roles: splitRoles(values.roles) })
  )
  return (
    <FormDrawer
      {...drawer}
      title="Restrict a module to roles"
      description="Admin users without one of the roles get a 403 that names the roles."
      submitLabel="Save"
      isPending={mutation.isPending}
      onSubmit={submit}
    >
      <SelectField
        form={form}
        name="module"
        id="access-module"
        label="AI module"
        placeholder="Choose a module"
        options={modules.map((m) => ({ value: m.id, label: moduleName(m.id) }))}
      />
      <SelectField form={form} name="scope" id="access-scope" label="What" options={SCOPES} />
      <TextField
        form={form}
        name="roles"
        id="access-roles"
        label="Roles allowed"
        placeholder="ai_manager, content_editor"
        hint="Comma-separated. Leave empty to open the module to every admin user."
      />
    </FormDrawer>
  )
}

export default RestrictModulePage
