import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { AI_CREDITS_MODULE } from "../../modules/ai-credits"
import type AiCreditsModuleService from "../../modules/ai-credits/service"

/** The fields of a credit package an admin sets. */
export type CreditPackageFields = {
  title?: string
  credits?: number
  kind?: "prepaid" | "monthly" | "trial" | "enterprise" | "add_on"
  validity_days?: number | null
  fills?: "buyer" | "buyer_group" | "sales_channel"
  modules?: string[] | null
  is_active?: boolean
  rank?: number
  metadata?: Record<string, unknown> | null
}

const EDITABLE_FIELDS = [
  "title",
  "credits",
  "kind",
  "validity_days",
  "fills",
  "modules",
  "is_active",
  "rank",
  "metadata",
] as const

type Query = { graph: (config: Record<string, unknown>) => Promise<{ data: any[] }> }

/**
 * Checks that a product variant exists and is not already a credit package (a variant grants
 * one package). Returns a default title, "<product> – <variant>". Read-only.
 */
export const validateCreditPackVariantStep = createStep(
  "ai-credits-validate-credit-pack-variant",
  async (input: { variant_id: string }, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY) as unknown as Query
    const { data } = await query.graph({
      entity: "product_variant",
      fields: ["id", "title", "product.title", "ai_credit_package.id"],
      filters: { id: input.variant_id },
    })
    const variant = data[0]
    if (!variant) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Product variant with id ${input.variant_id} was not found`)
    }
    if (variant.ai_credit_package?.id) {
      throw new MedusaError(
        MedusaError.Types.DUPLICATE_ERROR,
        `Product variant ${input.variant_id} is already credit package ${variant.ai_credit_package.id}`
      )
    }
    const productTitle = variant.product?.title as string | undefined
    const variantTitle = variant.title as string | undefined
    const title =
      productTitle && variantTitle && variantTitle !== "Default" && variantTitle !== "Default variant"
        ? `${productTitle} – ${variantTitle}`
        : productTitle ?? variantTitle ?? input.variant_id
    return new StepResponse({ variant_id: variant.id as string, default_title: title })
  }
)

/**
 * Creates a credit package (not yet linked to its variant). Compensation deletes it.
 *
 * @example
 * const pkg = createCreditPackageStep({ title: "1,000 credits", credits: 1000 })
 */
export const createCreditPackageStep = createStep(
  "ai-credits-create-credit-package",
  async (input: CreditPackageFields & { title: string; credits: number }, { container }) => {
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    const created = await credits.createAiCreditPackages({
      ...input,
      modules: input.modules?.length ? input.modules : null,
    })
    return new StepResponse(created, created.id)
  },
  async (id, { container }) => {
    if (!id) {
      return
    }
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    await credits.deleteAiCreditPackages([id])
  }
)

/**
 * Changes a credit package's terms. Orders already granted keep what they were granted; orders
 * whose payment is captured later are granted with the new terms. Compensation restores the
 * previous values.
 */
export const updateCreditPackageStep = createStep(
  "ai-credits-update-credit-package",
  async (input: CreditPackageFields & { id: string }, { container }) => {
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    const before = await credits.retrieveAiCreditPackage(input.id)
    const { id, ...changes } = input
    const update: Record<string, unknown> = { id }
    const previous: Record<string, unknown> = { id }
    for (const field of EDITABLE_FIELDS) {
      if (changes[field] !== undefined) {
        update[field] = field === "modules" && !changes.modules?.length ? null : changes[field]
        previous[field] = before[field]
      }
    }
    const updated = await credits.updateAiCreditPackages(update)
    return new StepResponse(updated, previous)
  },
  async (previous, { container }) => {
    if (!previous) {
      return
    }
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    await credits.updateAiCreditPackages(previous)
  }
)

/**
 * Finds a credit package and the variant it is linked to (for unlinking). 404 when missing.
 * Read-only.
 */
export const retrieveCreditPackageLinkStep = createStep(
  "ai-credits-retrieve-credit-package-link",
  async (input: { id: string }, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY) as unknown as Query
    const { data } = await query.graph({
      entity: "ai_credit_package",
      fields: ["id", "product_variant.id"],
      filters: { id: input.id },
    })
    if (!data[0]) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Credit package with id ${input.id} was not found`)
    }
    return new StepResponse({ id: input.id, variant_id: (data[0].product_variant?.id as string | undefined) ?? null })
  }
)

/**
 * Soft-deletes a credit package: its variant stops granting credits (an order captured later
 * grants nothing for it, so prefer `is_active: false` while orders are still being paid).
 * Grants already made stay, and a cancel or refund still revokes them. Compensation restores it.
 */
export const deleteCreditPackageStep = createStep(
  "ai-credits-delete-credit-package",
  async (input: { id: string }, { container }) => {
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    await credits.softDeleteAiCreditPackages([input.id])
    return new StepResponse({ id: input.id }, input.id)
  },
  async (id, { container }) => {
    if (!id) {
      return
    }
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    await credits.restoreAiCreditPackages([id])
  }
)
