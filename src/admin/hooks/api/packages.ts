import { useQuery } from "@tanstack/react-query"
import type { CreditPackage, CreditPackageInput } from "../../lib/credit-packs"
import { sdk } from "../../lib/sdk"
import { queryKeysFactory, useInvalidatingMutation, type MutationHookOptions } from "./query-keys"

const BASE = "/admin/ai-credits/packages"

export const packagesQueryKeys = queryKeysFactory("packages")
export const productVariantsQueryKeys = queryKeysFactory("product-variants")

type PackageResponse = { package: CreditPackage }
export type PackageSave = { id: string; body: CreditPackageInput } | { create: CreditPackageInput & { variant_id: string } }

/** Every package; a store sells a handful, so the product widget filters them by product. */
export const usePackages = () =>
  useQuery({
    queryKey: packagesQueryKeys.lists(),
    queryFn: () => sdk.client.fetch<{ packages: CreditPackage[] }>(BASE, { query: { limit: 200 } }),
  })

/** Makes a variant sell credits, or changes what it sells. */
export const useSavePackage = (options?: MutationHookOptions<PackageResponse, PackageSave>) =>
  useInvalidatingMutation(
    (save: PackageSave) =>
      "create" in save
        ? sdk.client.fetch<PackageResponse>(BASE, { method: "POST", body: save.create })
        : sdk.client.fetch<PackageResponse>(`${BASE}/${save.id}`, { method: "POST", body: save.body }),
    [packagesQueryKeys.all],
    options
  )

/** A product's variants (the product page may come without them). */
export const useProductVariants = (productId: string) =>
  useQuery({
    queryKey: productVariantsQueryKeys.detail(productId),
    queryFn: () =>
      sdk.client.fetch<{ variants: { id: string; title: string | null }[] }>(`/admin/products/${productId}/variants`, {
        query: { fields: "id,title", limit: 100 },
      }),
  })
