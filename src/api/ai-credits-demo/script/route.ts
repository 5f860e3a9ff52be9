// The demo store only (demo/server, pruned from the package): Medusa loads routes from src/api alone.
import { getDemoScript } from "../../../../demo/server/routes"

export const GET = getDemoScript
