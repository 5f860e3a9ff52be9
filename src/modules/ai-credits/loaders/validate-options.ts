import { LoaderOptions } from "@medusajs/framework/types"
import { resolveAiCreditsOptions } from "../options"

/** Fails start-up with a readable message when the plugin options are wrong. */
export default async function validateOptionsLoader({ options }: LoaderOptions) {
  resolveAiCreditsOptions(options)
}
