import { Key } from "@medusajs/icons"
import { toast, usePrompt } from "@medusajs/ui"
import { useCallback, useMemo } from "react"
import type { AdminServerApiKey } from "../../../../../../client/types"
import { CreateButton } from "../../../../../components/list-page"
import { ListTable } from "../../../../../components/list-table"
import { usePaging } from "../../../../../components/pagination"
import type { EmptyStateProps } from "../../../../../components/states"
import { errorMessage } from "../../../../../lib/api"
import { useRevokeServerApiKey, useServerApiKeys } from "../../../../../hooks/api/api-keys"
import { useAiModules } from "../../../../../hooks/api/modules"
import { useOwnerLabels, useSalesChannelNames } from "../../../../../hooks/api/owners"
import { useServerApiKeyColumns } from "./columns"

const PAGE_SIZE = 20

const NO_KEYS: EmptyStateProps = {
  icon: <Key />,
  title: "No server API keys",
  description: "A merchant's backend or a partner's integration calls the AI routes with a key of its own, charged to the payer you choose.",
  action: <CreateButton label="Create key" variant="primary" />,
}

/** Every server API key, newest first; an active one can be revoked after a confirmation. */
export const ServerApiKeysTable = () => {
  const paging = usePaging(PAGE_SIZE, "")
  const keys = useServerApiKeys({ limit: paging.limit, offset: paging.offset })
  const rows = keys.data?.api_keys ?? []
  const { moduleName } = useAiModules()
  // The key's own name is not its payer's: only the owner goes to the label lookup.
  const owners = useMemo(() => rows.map((k) => ({ owner_type: k.owner_type, owner_id: k.owner_id })), [rows])
  const labelOf = useOwnerLabels(owners)
  const channels = useSalesChannelNames(rows.map((k) => k.sales_channel_id))
  const channelMap = useMemo(() => new Map((channels.data ?? []).map((c) => [c.id, c.label])), [channels.data])
  const channelName = useCallback((id: string) => channelMap.get(id) ?? id, [channelMap])
  const ownerLabel = (key: AdminServerApiKey) => labelOf({ owner_type: key.owner_type, owner_id: key.owner_id })

  const prompt = usePrompt()
  const revoke = useRevokeServerApiKey({
    onSuccess: ({ api_key }) => toast.success("Key revoked", { description: `${api_key.name} is refused from now on.` }),
    onError: (error) => toast.error("Could not revoke the key", { description: errorMessage(error) }),
  })
  const onRevoke = async (key: AdminServerApiKey) => {
    const confirmed = await prompt({
      title: `Revoke ${key.name}?`,
      description: `Requests with ${key.token_prefix}… are refused at once, on every server. This cannot be undone: the integration needs a new key.`,
      confirmText: "Revoke key",
      cancelText: "Cancel",
      variant: "danger",
    })
    if (confirmed) {
      revoke.mutate(key.id)
    }
  }
  const columns = useServerApiKeyColumns({
    ownerLabel,
    channelName,
    moduleName,
    onRevoke: (key) => void onRevoke(key),
    revoking: revoke.isPending,
  })

  return <ListTable rows={rows} columns={columns} query={keys} paging={paging.of(keys.data?.count ?? 0)} empty={NO_KEYS} />
}
