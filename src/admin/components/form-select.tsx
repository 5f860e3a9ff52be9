import { Select } from "@medusajs/ui"
import type { ComponentProps, ReactNode } from "react"
import { Field, SelectFilter, SelectOptions } from "./form"
import { Controller, type Control, type FieldValues, type Path, type UseFormReturn } from "react-hook-form"

type FormSelectProps<T extends FieldValues, TOut = T> = {
  control: Control<T, unknown, TOut>
  name: Path<T>
  id: string
  options: { value: string; label: string }[]
  placeholder?: string
}

/** A select bound to a react-hook-form field; an empty value shows the placeholder. */
export const FormSelect = <T extends FieldValues, TOut = T>({ control, name, id, options, placeholder }: FormSelectProps<T, TOut>) => (
  <Controller
    control={control}
    name={name}
    render={({ field }) => (
      <Select value={field.value || undefined} onValueChange={field.onChange}>
        <Select.Trigger id={id}>
          <Select.Value placeholder={placeholder} />
        </Select.Trigger>
        <Select.Content>
          <SelectOptions options={options} />
        </Select.Content>
      </Select>
    )}
  />
)

type SelectFieldProps<T extends FieldValues, TOut> = Omit<FormSelectProps<T, TOut>, "control"> & {
  form: UseFormReturn<T, unknown, TOut>
  label: string
  hint?: string
}

/** A `FormSelect` in its labelled `Field`, showing the field's error: the select counterpart of `TextField`. */
export const SelectField = <T extends FieldValues, TOut>({ form, label, hint, ...select }: SelectFieldProps<T, TOut>) => (
  <Field id={select.id} label={label} hint={hint} error={form.getFieldState(select.name, form.formState).error?.message}>
    <FormSelect<T, TOut> control={form.control} {...select} />
  </Field>
)

type SelectFilterFieldProps<T extends FieldValues, TOut> = Pick<ComponentProps<typeof SelectFilter>, "options" | "placeholder" | "allLabel"> & {
  form: UseFormReturn<T, unknown, TOut>
  name: Path<T>
  id: string
  label: string
  optional?: boolean
  hint?: ReactNode
}

/**
 * A `SelectFilter` bound to a form field, in its labelled `Field` showing the field's error; an
 * empty value shows the placeholder, and the "all" choice (with `allLabel`) empties it.
 */
export const SelectFilterField = <T extends FieldValues, TOut>({
  form,
  name,
  id,
  label,
  optional,
  hint,
  ...select
}: SelectFilterFieldProps<T, TOut>) => (
  <Field id={id} label={label} optional={optional} hint={hint} error={form.getFieldState(name, form.formState).error?.message}>
    <Controller
      control={form.control}
      name={name}
      render={({ field }) => (
        <SelectFilter
          {...select}
          id={id}
          ariaLabel={label}
          className="w-full"
          value={field.value || undefined}
          onChange={(value) => field.onChange(value ?? "")}
        />
      )}
    />
  </Field>
)
