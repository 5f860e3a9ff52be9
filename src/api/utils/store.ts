import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"

/** The id of the app's store: the owner of the default pool (a Medusa app has one store). */
export async function theStoreId(container: MedusaContainer): Promise<string> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "store", fields: ["id"], pagination: { take: 1 } })
  const id = data[0]?.id as string | undefined
  if (!id) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, "The app has no store yet, so the default pool has no owner")
  }
  return id
}
