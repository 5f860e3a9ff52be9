import { useQuery } from "@tanstack/react-query"
import { aiCreditsApi, aiCreditsKeys } from "./api"
import { humanize } from "./format"

/** The configured AI modules, and their display names ("chatbot" → "AI Chatbot"). */
export function useAiModules() {
  const query = useQuery({
    queryKey: aiCreditsKeys.modules,
    queryFn: () => aiCreditsApi.listModules(),
    staleTime: 5 * 60_000,
  })
  const byId = new Map((query.data?.modules ?? []).map((m) => [m.id, m.name]))
  const moduleName = (id: string) => byId.get(id) ?? humanize(id)
  return { ...query, modules: query.data?.modules ?? [], moduleName }
}
