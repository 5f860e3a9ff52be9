import {
  validateAndTransformBody,
  validateAndTransformQuery,
  type MiddlewareRoute,
} from "@medusajs/framework/http"

type Middleware = NonNullable<MiddlewareRoute["middlewares"]>[number]
type QueryConfig = Parameters<typeof validateAndTransformQuery>[1]

/** The query config of a paginated list route. */
export const LIST_CONFIG = { defaults: ["id"], isList: true }

/** One method of a route and its middlewares, in order. */
export const route = (method: "GET" | "POST" | "DELETE", matcher: string, ...middlewares: Middleware[]): MiddlewareRoute => ({
  matcher,
  methods: [method],
  middlewares,
})

/** `POST matcher` with its body checked by `schema`, after `before` (an authentication). */
export const withBody = (matcher: string, schema: Parameters<typeof validateAndTransformBody>[0], ...before: Middleware[]) =>
  route("POST", matcher, ...before, validateAndTransformBody(schema))

/** `GET matcher` with its query checked by `schema` (a paginated list unless `config` says otherwise), after `before`. */
export const withQuery = (
  matcher: string,
  schema: Parameters<typeof validateAndTransformQuery>[0],
  config: QueryConfig = LIST_CONFIG,
  ...before: Middleware[]
) => route("GET", matcher, ...before, validateAndTransformQuery(schema, config))
