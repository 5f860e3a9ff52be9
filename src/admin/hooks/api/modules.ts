import { useQuery } from "@tanstack/react-query"
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
  const byId = new Map((query.data?.modules ?? []).map((m) => [m.id, m.name]))
  const moduleName = (id: string) => byId.get(id) ?? humanize(id)
  return { ...query, modules: query.data?.modules ?? [], moduleName }
}
