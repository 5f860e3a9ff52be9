/**
 * The runner's axios instance throws on 4xx and 5xx; tests look at the response instead, as a
 * client would: `const response = await settle(api.post(...))`.
 */
export function settle<T>(promise: Promise<T>): Promise<T> {
  return promise.catch((error: { response?: unknown }) => {
    if (!error.response) {
      throw error
    }
    return error.response as T
  })
}
