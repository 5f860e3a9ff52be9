import { useQuery } from "@tanstack/react-query"
import { useMemo } from "react"
import type { AiModule } from "../../lib/api"
import { humanize } from "../../lib/format"
import { sdk } from "../../lib/sdk"
import { queryKeysFactory } from "./query-keys"

export const modulesQueryKeys = queryKeysFactory("modules")

/** The configured AI modules, and their display names ("chatbot" → "AI Chatbot"). */
export function useAiModules(options?: { enabled?: boolean }) {
  const query = useQuery({
    queryKey: modulesQueryKeys.lists(),
    queryFn: () => sdk.client.fetch<{ modules: AiModule[] }>("/admin/ai-credits/modules"),
    staleTime: 5 * 60_000,
    ...options,
  })
  // One function per loaded list, so that columns memoized on it keep their identity across renders.
  const moduleName = useMemo(() => {
    const byId = new Map((query.data?.modules ?? []).map((m) => [m.id, m.name]))
    return (id: string) => byId.get(id) ?? humanize(id)
  }, [query.data])
  return { ...query, modules: query.data?.modules ?? [], moduleName }
}
