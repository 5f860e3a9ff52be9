import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

/**
 * Checks that a product variant exists and is not already a credit package (a variant grants
 * one package). Returns a default title, "<product> – <variant>". Read-only.
 */
export const validateCreditPackVariantStep = createStep(
  "ai-credits-validate-credit-pack-variant",
  async (input: { variant_id: string }, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
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
