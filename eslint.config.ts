import medusa from "@medusajs/eslint-plugin"

/** Medusa's own conventions (routes, modules, workflows, links, admin) as lint rules. */
export default [
  { ignores: [".medusa/**", ".data/**", "node_modules/**", "coverage/**", "test-artifacts/**", "artifacts/**", "dist/**"] },
  ...medusa.configs.recommended,
  {
    // Workflow and step ids share one registry with every other plugin of the store, so ours carry
    // an `ai-credits-` prefix instead of repeating the export or file name.
    files: ["src/workflows/**/*.ts"],
    rules: {
      "@medusajs/step-id-kebab-case": "off",
      "@medusajs/workflow-id-matches-export-or-filename": "off",
    },
  },
  {
    // Not Medusa code: the browser client and the demo storefront cannot import
    // @medusajs/framework, and scripts and the benchmark run outside the server (their
    // "amounts" are credits, not prices).
    files: ["src/client/**", "demo/**", "scripts/**", "bench/**", "integration-tests/**"],
    rules: {
      "@medusajs/use-medusa-error-not-generic-error": "off",
      "@medusajs/prices-in-major-units": "off",
    },
  },
]
