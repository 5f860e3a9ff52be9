import { Button, Input } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { useSearchParams } from "react-router-dom"
import { useSalesChannelNames } from "../hooks/api/owners"
import { SelectFilter } from "./form"

/**
 * A list's filters kept in the URL (so a filtered list can be linked), with one free-text filter
 * `typedKey` applied after a pause, as the dashboard's search boxes do.
 */
export function useUrlFilters(typedKey: string) {
  const [params, setParams] = useSearchParams()
  const typed = params.get(typedKey) ?? ""
  const [typedInput, setTypedInput] = useState(typed)

  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params)
    if (value) {
      next.set(key, value)
    } else {
      next.delete(key)
    }
    setParams(next, { replace: true })
  }

  useEffect(() => {
    const handle = setTimeout(() => {
      if (typedInput.trim() !== typed) {
        setParam(typedKey, typedInput.trim() || undefined)
      }
    }, 400)
    return () => clearTimeout(handle)
  }, [typedInput])

  return {
    get: (key: string) => params.get(key) ?? undefined,
    setParam,
    typed,
    typedInput,
    setTypedInput,
    filtered: params.toString() !== "",
    clear: () => {
      setTypedInput("")
      setParams(new URLSearchParams(), { replace: true })
    },
  }
}

/** "Clear filters", shown once a filter is set. */
export const ClearFilters = ({ filters }: { filters: ReturnType<typeof useUrlFilters> }) =>
  filters.filtered ? (
    <Button size="small" variant="transparent" onClick={filters.clear}>
      Clear filters
    </Button>
  ) : null

type ParamSelectProps = {
  filters: ReturnType<typeof useUrlFilters>
  param: string
  ariaLabel: string
  /** The choice that clears the filter, also shown while none is set. */
  allLabel: string
  options: { value: string; label: string }[]
}

/** A select that sets one URL filter. */
export const ParamSelect = ({ filters, param, ariaLabel, allLabel, options }: ParamSelectProps) => (
  <SelectFilter
    ariaLabel={ariaLabel}
    value={filters.get(param)}
    onChange={(v) => filters.setParam(param, v)}
    placeholder={allLabel}
    allLabel={allLabel}
    options={options}
  />
)

/** The storefront filter (`sales_channel_id`). */
export const StorefrontFilter = ({ filters, allLabel }: { filters: ReturnType<typeof useUrlFilters>; allLabel: string }) => {
  const channels = useSalesChannelNames()
  return (
    <ParamSelect
      filters={filters}
      param="sales_channel_id"
      ariaLabel="Storefront"
      allLabel={allLabel}
      options={(channels.data ?? []).map((c) => ({ value: c.id, label: c.label }))}
    />
  )
}

type TypedFilterProps = { filters: ReturnType<typeof useUrlFilters>; ariaLabel: string; placeholder: string; className: string }

/** The free-text filter, applied after a pause. */
export const TypedFilter = ({ filters, ariaLabel, placeholder, className }: TypedFilterProps) => (
  <Input
    size="small"
    type="search"
    aria-label={ariaLabel}
    placeholder={placeholder}
    className={className}
    value={filters.typedInput}
    onChange={(e) => filters.setTypedInput(e.target.value)}
  />
)
