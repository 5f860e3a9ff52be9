export * from "./authorize-ai-request"
export * from "./capture-ai-request"
