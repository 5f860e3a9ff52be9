import { z } from "zod"
import { OWNER_TYPES } from "../../../../lib/api"

const wholeAboveZero = z
  .string()
  .trim()
  .refine((v) => !v || /^[1-9]\d*$/.test(v), "A whole number above zero, or empty for none.")

/**
 * The create form as typed (numbers are the text of their inputs). The API's own validator
 * (`AdminCreateServerApiKey`) is built on `@medusajs/framework/zod`, which the admin bundle must not pull in.
 */
export const CreateServerApiKeySchema = z
  .object({
    name: z.string().trim().min(1, "Give the key a name: the server or app it is for.").max(120, "At most 120 characters."),
    owner_type: z.enum(OWNER_TYPES),
    owner_id: z.string().trim().max(255),
    sales_channel_id: z.string(),
    allowed_modules: z.array(z.string()),
    allowed_models: z.string(),
    rate_limit_per_minute: wholeAboveZero,
    monthly_credit_limit: wholeAboveZero,
    expires_at: z
      .date()
      .nullable()
      .refine((d) => !d || d.getTime() > Date.now(), "The expiry must be in the future."),
  })
  .refine((v) => v.owner_type === "store" || v.owner_id.length > 0, {
    path: ["owner_id"],
    message: "Choose who pays for this key's requests.",
  })

export type CreateServerApiKeyForm = z.input<typeof CreateServerApiKeySchema>

export const EMPTY_SERVER_API_KEY: CreateServerApiKeyForm = {
  name: "",
  owner_type: "sales_channel",
  owner_id: "",
  sales_channel_id: "",
  allowed_modules: [],
  allowed_models: "",
  rate_limit_per_minute: "",
  monthly_credit_limit: "",
  expires_at: null,
}

/** Models one a line or separated by commas. */
export const parseModels = (text: string) => [...new Set(text.split(/[\n,]/).map((m) => m.trim()).filter(Boolean))]

export const optionalWhole = (text: string) => (text.trim() ? Number(text) : null)
