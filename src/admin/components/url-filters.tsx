import { Button } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { useSearchParams } from "react-router-dom"

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
