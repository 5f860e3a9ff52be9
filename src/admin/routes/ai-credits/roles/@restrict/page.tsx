import { zodResolver } from "@hookform/resolvers/zod"
import { Input, toast } from "@medusajs/ui"
import { useForm } from "react-hook-form"
import { z } from "zod"
import { Field, FormDrawer } from "../../../../components/form"
import { FormSelect } from "../../../../components/form-select"
import { useRouteDrawer } from "../../../../components/route-drawer"
import { errorMessage } from "../../../../lib/api"
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
type RestrictForm = z.input<typeof RestrictSchema>

/** Restrict a module to roles: a drawer over the roles page, at `/ai-credits/roles/restrict`. */
const RestrictModulePage = () => {
  const drawer = useRouteDrawer("/ai-credits/roles")
  const { modules, moduleName } = useAiModules()
  const form = useForm<RestrictForm>({
    defaultValues: { module: "", scope: "requests", roles: "" },
    resolver: zodResolver(RestrictSchema),
  })
  const { errors } = form.formState
  const mutation = useSetModuleAccess({
    onSuccess: (_, body) => {
      toast.success(body.roles.length ? "Module restricted" : "Restriction lifted")
      drawer.onOpenChange(false)
    },
    onError: (error) => toast.error("Could not save", { description: errorMessage(error) }),
  })
  const submit = form.handleSubmit((values) =>
    mutation.mutate({ module: values.module, scope: values.scope, roles: splitRoles(values.roles) })
  )
  return (
    <FormDrawer
      open={drawer.open}
      onOpenChange={drawer.onOpenChange}
      title="Restrict a module to roles"
      description="Admin users without one of the roles get a 403 that names the roles."
      submitLabel="Save"
      isPending={mutation.isPending}
      onSubmit={() => void submit()}
    >
      <Field id="access-module" label="AI module" error={errors.module?.message}>
        <FormSelect
          control={form.control}
          name="module"
          id="access-module"
          placeholder="Choose a module"
          options={modules.map((m) => ({ value: m.id, label: moduleName(m.id) }))}
        />
      </Field>
      <Field id="access-scope" label="What">
        <FormSelect
          control={form.control}
          name="scope"
          id="access-scope"
          options={[
            { value: "requests", label: "Its AI requests" },
            { value: "bulk_jobs", label: "Its bulk jobs" },
          ]}
        />
      </Field>
      <Field
        id="access-roles"
        label="Roles allowed"
        error={errors.roles?.message}
        hint="Comma-separated. Leave empty to open the module to every admin user."
      >
        <Input id="access-roles" placeholder="ai_manager, content_editor" {...form.register("roles")} />
      </Field>
    </FormDrawer>
  )
}

export default RestrictModulePage
