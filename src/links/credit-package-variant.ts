import { defineLink } from "@medusajs/framework/utils"
import ProductModule from "@medusajs/medusa/product"
import AiCreditsModule from "../modules/ai-credits"

/** A credit package is sold as a product variant: buying the variant grants the package's credits. */
export default defineLink(
  { linkable: AiCreditsModule.linkable.aiCreditPackage, isList: false },
  ProductModule.linkable.productVariant
)
