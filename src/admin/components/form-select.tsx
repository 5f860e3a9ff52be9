import { Select } from "@medusajs/ui"
import { SelectOptions } from "./form"
import { Controller, type Control, type FieldValues, type Path } from "react-hook-form"

type FormSelectProps<T extends FieldValues> = {
  control: Control<T>
  name: Path<T>
  id: string
  options: { value: string; label: string }[]
  placeholder?: string
}

/** A select bound to a react-hook-form field; an empty value shows the placeholder. */
export const FormSelect = <T extends FieldValues>({ control, name, id, options, placeholder }: FormSelectProps<T>) => (
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
