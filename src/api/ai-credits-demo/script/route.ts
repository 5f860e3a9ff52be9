// The demo store only (demo/server, pruned from the package): Medusa loads routes from src/api alone.
export { getDemoScript as GET } from "../../../../demo/server/routes"
