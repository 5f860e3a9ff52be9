import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

/**
 * Finds a credit package and the variant it is linked to (for unlinking). 404 when missing.
 * Read-only.
 */
export const retrieveCreditPackageLinkStep = createStep(
  "ai-credits-retrieve-credit-package-link",
  async (input: { id: string }, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
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
