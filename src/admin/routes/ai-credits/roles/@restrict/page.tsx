import { zodResolver } from "@hookform/resolvers/zod"
import { Input, Select, toast } from "@medusajs/ui"
import { useMutation, useQueryClient } from "@tanstack/react-query"
import { Controller, useForm } from "react-hook-form"
import { z } from "zod"
import { Field, FormDrawer } from "../../../../components/form"
import { useRouteDrawer } from "../../../../components/route-drawer"
import { errorMessage } from "../../../../lib/api"
import { governanceApi, governanceKeys } from "../../../../lib/governance-api"
import { useAiModules } from "../../../../lib/hooks"
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
  const queryClient = useQueryClient()
  const { modules, moduleName } = useAiModules()
  const form = useForm<RestrictForm>({
    defaultValues: { module: "", scope: "requests", roles: "" },
    resolver: zodResolver(RestrictSchema),
  })
  const { errors } = form.formState
  const mutation = useMutation({
    mutationFn: (body: { module: string; scope: "requests" | "bulk_jobs"; roles: string[] }) => governanceApi.setModuleAccess(body),
    onSuccess: (_, body) => {
      toast.success(body.roles.length ? "Module restricted" : "Restriction lifted")
      void queryClient.invalidateQueries({ queryKey: governanceKeys.all })
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
        <Controller
          control={form.control}
          name="module"
          render={({ field }) => (
            <Select value={field.value || undefined} onValueChange={field.onChange}>
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
          )}
        />
      </Field>
      <Field id="access-scope" label="What">
        <Controller
          control={form.control}
          name="scope"
          render={({ field }) => (
            <Select value={field.value} onValueChange={field.onChange}>
              <Select.Trigger id="access-scope">
                <Select.Value />
              </Select.Trigger>
              <Select.Content>
                <Select.Item value="requests">Its AI requests</Select.Item>
                <Select.Item value="bulk_jobs">Its bulk jobs</Select.Item>
              </Select.Content>
            </Select>
          )}
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
