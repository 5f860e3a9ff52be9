export * from "./create-server-api-key"
export * from "./revoke-server-api-key"
