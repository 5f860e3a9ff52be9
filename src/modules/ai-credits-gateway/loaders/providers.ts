import type { LoaderOptions } from "@medusajs/framework/types"
import { asFunction } from "@medusajs/framework/awilix"
import { createAiProvider } from "../providers"
import { resolveGatewayOptions } from "../options"

/** The container key of the AI provider configured under `id`. */
export const aiProviderKey = (id: string) => `aip_${id}`

/**
 * Registers every configured AI provider in the module's container under `aip_<id>` (`local`, the
 * deterministic provider, always), the way Medusa's payment module registers its providers
 * (`packages/modules/payment/src/loaders/providers.ts`). Each is created on first use.
 * The options are validated here, so wrong ones stop start-up with a message naming them.
 */
export default async function providersLoader({ container, options }: LoaderOptions) {
  const { ai_providers } = resolveGatewayOptions(options)
  const configs = { local: { type: "local" as const }, ...ai_providers }
  for (const [id, config] of Object.entries(configs)) {
    container.register(aiProviderKey(id), asFunction(() => createAiProvider(id, config)).singleton())
  }
}
