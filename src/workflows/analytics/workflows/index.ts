export * from "./update-ai-credits-roi-settings"
