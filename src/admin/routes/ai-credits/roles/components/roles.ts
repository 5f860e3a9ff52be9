import { z } from "zod"

export const ROLE_HINT = "Lower case letters, digits, - or _, e.g. content_editor."
/** A role name, as the API accepts it. */
export const RoleName = z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, ROLE_HINT)
