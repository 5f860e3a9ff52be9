import { zodResolver } from "@hookform/resolvers/zod"
import { Alert, Button, Checkbox, Drawer, Hint, Input, Label, Select, Text, Textarea, toast } from "@medusajs/ui"
import { useEffect, type ComponentProps, type FormEvent, type ReactNode } from "react"
import { Controller, useForm, type DefaultValues, type FieldValues, type Path, type UseFormReturn } from "react-hook-form"
import type { z } from "zod"
import { GRANT_PRIORITY } from "../../client/enums"
import { GRANT_PRIORITY_HINT } from "../lib/form-schemas"
import { errorMessage } from "../lib/api"

type FormDrawerProps = {
  open: boolean
  onOpenChange: (open: boolean) => void
  title: string
  description?: ReactNode
  submitLabel: string
  isPending?: boolean
  /** A react-hook-form `handleSubmit` handler (its promise is not awaited) or any function. */
  onSubmit: () => unknown
  children: ReactNode
  submitVariant?: "primary" | "danger"
  /** What the API answered to the last submit: shown above the fields, where it stays in view. */
  error?: string
}

/** A toast after a drawer's save: a title, or a title and a description. */
type SavedToast = string | { title: string; description: string }

/**
 * The callbacks of a drawer's save: on success a toast (from what the API answered, if `saved` is
 * a function) and the drawer closes; on failure a toast with the API's reason, the drawer stays open.
 */
export function drawerSaveCallbacks<TData, TVariables>(
  onOpenChange: (open: boolean) => void,
  saved: SavedToast | ((data: TData, variables: TVariables) => SavedToast),
  failed: string
) {
  return {
    onSuccess: (data: TData, variables: TVariables) => {
      const message = typeof saved === "function" ? saved(data, variables) : saved
      if (typeof message === "string") {
        toast.success(message)
      } else {
        toast.success(message.title, { description: message.description })
      }
      onOpenChange(false)
    },
    onError: (error: Error) => toast.error(failed, { description: errorMessage(error) }),
  }
}

/** A form in a side drawer, with Cancel and a submit button that waits for the request. */
export const FormDrawer = ({
  open,
  onOpenChange,
  title,
  description,
  submitLabel,
  isPending,
  onSubmit,
  children,
  submitVariant = "primary",
  error,
}: FormDrawerProps) => {
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (!isPending) {
      void onSubmit()
    }
  }
  return (
    <Drawer open={open} onOpenChange={onOpenChange}>
      <Drawer.Content>
        <form onSubmit={submit} className="flex h-full flex-col overflow-hidden" noValidate>
          <Drawer.Header>
            <Drawer.Title>{title}</Drawer.Title>
            {description ? (
              <Drawer.Description className="text-ui-fg-subtle txt-small">{description}</Drawer.Description>
            ) : (
              <Drawer.Description className="sr-only">{title}</Drawer.Description>
            )}
          </Drawer.Header>
          {error ? (
            <div className="px-6 pt-4">
              <Alert variant="error">{error}</Alert>
            </div>
          ) : null}
          <Drawer.Body className="flex flex-1 flex-col gap-y-5 overflow-y-auto">{children}</Drawer.Body>
          <Drawer.Footer>
            <Drawer.Close asChild>
              <Button size="small" variant="secondary" type="button" disabled={isPending}>
                Cancel
              </Button>
            </Drawer.Close>
            <Button size="small" type="submit" variant={submitVariant} isLoading={isPending}>
              {submitLabel}
            </Button>
          </Drawer.Footer>
        </form>
      </Drawer.Content>
    </Drawer>
  )
}

type FieldProps = {
  id: string
  label: string
  optional?: boolean
  hint?: ReactNode
  error?: string
  children: ReactNode
}

/** A labelled control with its hint, or its error once validation found one. */
export const Field = ({ id, label, optional, hint, error, children }: FieldProps) => (
  <div className="flex flex-col gap-y-2">
    <Label htmlFor={id} size="small" weight="plus">
      {label}
      {optional ? <span className="text-ui-fg-muted font-normal"> (optional)</span> : null}
    </Label>
    {children}
    {error ? (
      <Hint variant="error" id={`${id}-error`}>
        {error}
      </Hint>
    ) : hint ? (
      <Text size="xsmall" className="text-ui-fg-subtle">
        {hint}
      </Text>
    ) : null}
  </div>
)

/** A select of fixed choices inside a form field. */
export const Choice = <T extends string>({
  id,
  value,
  onChange,
  options,
  disabled,
}: {
  id: string
  value: T
  onChange: (value: T) => void
  options: { value: T; label: string }[]
  disabled?: boolean
}) => (
  <Select value={value} onValueChange={(v) => onChange(v as T)} disabled={disabled}>
    <Select.Trigger id={id}>
      <Select.Value />
    </Select.Trigger>
    <Select.Content>
      <SelectOptions options={options} />
    </Select.Content>
  </Select>
)

/** The items of a select, one per option. */
export const SelectOptions = ({ options }: { options: { value: string; label: string }[] }) => (
  <>
    {options.map((o) => (
      <Select.Item key={o.value} value={o.value}>
        {o.label}
      </Select.Item>
    ))}
  </>
)

export const ALL = "__all__"

type SelectFilterProps = {
  value: string | undefined
  onChange: (value: string | undefined) => void
  options: { value: string; label: string }[]
  placeholder: string
  allLabel?: string
  ariaLabel: string
  id?: string
  className?: string
}

/** A select with an "all" choice that clears the filter. */
export const SelectFilter = ({
  value,
  onChange,
  options,
  placeholder,
  allLabel,
  ariaLabel,
  id,
  className,
}: SelectFilterProps) => (
  <Select size="small" value={value ?? ALL} onValueChange={(v) => onChange(v === ALL ? undefined : v)}>
    <Select.Trigger id={id} aria-label={ariaLabel} className={className ?? "w-full min-w-40 md:w-auto"}>
      <Select.Value placeholder={placeholder} />
    </Select.Trigger>
    <Select.Content>
      {allLabel ? <Select.Item value={ALL}>{allLabel}</Select.Item> : null}
      <SelectOptions options={options} />
    </Select.Content>
  </Select>
)

/**
 * A react-hook-form form checked by a zod schema: the values its submit handler gets are the schema's
 * output (trimmed, converted). It starts again from `defaultValues` whenever `resetKey` changes (the
 * record a drawer opens on, or its open state).
 */
export function useZodForm<TIn extends FieldValues, TOut>(
  schema: z.ZodType<TOut, TIn>,
  defaultValues: TIn,
  resetKey?: unknown
): UseFormReturn<TIn, unknown, TOut> {
  const form = useForm<TIn, unknown, TOut>({
    defaultValues: defaultValues as DefaultValues<TIn>,
    resolver: zodResolver(schema),
  })
  useEffect(() => {
    form.reset(defaultValues)
    // Only when what the form is about changes, not on every render's new defaults object.
  }, [resetKey])
  return form
}

type TextFieldProps<T extends FieldValues> = {
  form: UseFormReturn<T, unknown, unknown>
  name: Path<T>
  id: string
  label: string
  optional?: boolean
  hint?: ReactNode
  /** A textarea of this many rows instead of a one-line input. */
  rows?: number
} & Pick<ComponentProps<typeof Input>, "placeholder" | "inputMode" | "type" | "min" | "step" | "disabled" | "className">

/** A text input (or textarea) bound to a form field, in its labelled `Field` showing the field's error. */
export const TextField = <T extends FieldValues>({ form, name, id, label, optional, hint, rows, ...input }: TextFieldProps<T>) => {
  const error = form.getFieldState(name, form.formState).error?.message
  return (
    <Field id={id} label={label} optional={optional} hint={hint} error={error}>
      {rows ? (
        <Textarea id={id} rows={rows} placeholder={input.placeholder} aria-invalid={Boolean(error)} {...form.register(name)} />
      ) : (
        <Input id={id} aria-invalid={Boolean(error)} {...input} {...form.register(name)} />
      )}
    </Field>
  )
}

/** A grant's priority, typed as text (`grantPriorityText`): empty means the default. */
export const GrantPriorityField = <T extends FieldValues>({ form, name, id }: { form: UseFormReturn<T, unknown, unknown>; name: Path<T>; id: string }) => (
  <TextField
    form={form}
    name={name}
    id={id}
    label="Priority"
    optional
    inputMode="numeric"
    placeholder={String(GRANT_PRIORITY.default)}
    hint={GRANT_PRIORITY_HINT}
  />
)

type ModuleChecksProps = {
  /** The checkboxes' ids are `${idPrefix}-${module id}`. */
  idPrefix: string
  id?: string
  modules: { id: string; label: string }[]
  value: string[]
  onChange: (value: string[]) => void
}

/** A checkbox per AI module, two a row: the modules checked are `value`. */
export const ModuleChecks = ({ idPrefix, id, modules, value, onChange }: ModuleChecksProps) => (
  <div className="grid grid-cols-2 gap-2" id={id}>
    {modules.map((m) => (
      <label key={m.id} className="flex items-center gap-x-2" htmlFor={`${idPrefix}-${m.id}`}>
        <Checkbox
          id={`${idPrefix}-${m.id}`}
          checked={value.includes(m.id)}
          onCheckedChange={(checked) => onChange(checked === true ? [...value, m.id] : value.filter((x) => x !== m.id))}
        />
        <Text size="small">{m.label}</Text>
      </label>
    ))}
  </div>
)

/** `ModuleChecks` bound to a form field that holds the module ids checked. */
export const FormModuleChecks = <T extends FieldValues, TOut>({
  form,
  name,
  ...checks
}: Omit<ModuleChecksProps, "value" | "onChange"> & { form: UseFormReturn<T, unknown, TOut>; name: Path<T> }) => (
  <Controller
    control={form.control}
    name={name}
    render={({ field }) => <ModuleChecks {...checks} value={field.value} onChange={field.onChange} />}
  />
)
