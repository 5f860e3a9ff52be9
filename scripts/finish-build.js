#!/usr/bin/env node
"use strict"

/**
 * Last step of `npm run build`: makes `.medusa/server` what the package ships.
 *
 * - The demo store stays in the repository: its routes, identities, storefront page and seed
 *   scripts are deleted from the build. (The repository root is the demo app and loads them from
 *   `src/` and `demo/server`, so `npm run dev` keeps serving the demo.)
 * - No source maps: they would point at `src/*.ts` files the package does not contain. The maps
 *   and the `sourceMappingURL` comments that name them are removed.
 * - Declarations for `medusa-ai-credits/admin` (the bundle `medusa plugin:build` writes has none),
 *   so a TypeScript app that imports every entry point type-checks.
 */

const fs = require("fs")
const path = require("path")

const REPO_ROOT = path.resolve(__dirname, "..")
const SERVER_DIR = path.join(REPO_ROOT, ".medusa", "server")

/**
 * Demo-only parts, as built paths below .medusa/server (a folder, or a file without extension):
 * `demo/` is compiled too because the two demo route files in src/api re-export demo/server.
 */
const DEMO_PATHS = ["demo", "src/api/ai-credits-demo", "src/scripts"]

const BUILT_EXTENSIONS = [".js", ".d.ts", ".js.map", ".mjs"]

function walk(dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) {
      walk(full, out)
    } else {
      out.push(full)
    }
  }
  return out
}

function pruneDemo() {
  for (const demoPath of DEMO_PATHS) {
    const full = path.join(SERVER_DIR, demoPath)
    fs.rmSync(full, { recursive: true, force: true })
    for (const ext of BUILT_EXTENSIONS) {
      fs.rmSync(full + ext, { force: true })
    }
  }
}

const SOURCE_MAP_COMMENT = /\n\/\/# sourceMappingURL=\S+\s*$/

function pruneSourceMaps() {
  for (const file of walk(SERVER_DIR)) {
    if (file.endsWith(".map")) {
      fs.rmSync(file)
    } else if (/\.(c|m)?js$/.test(file)) {
      const code = fs.readFileSync(file, "utf8")
      if (SOURCE_MAP_COMMENT.test(code)) {
        fs.writeFileSync(file, code.replace(SOURCE_MAP_COMMENT, "\n"))
      }
    }
  }
}

/** The admin bundle is one object of extension modules (routes, widgets, menu items, ...) for Medusa's dashboard. */
const ADMIN_PLUGIN_TYPE = `/** The admin extensions (routes, widgets, menu items) Medusa's dashboard loads from \`medusa-ai-credits/admin\`. */
declare const plugin: { readonly [extensionModule: string]: unknown }
`

function writeAdminDeclarations() {
  const adminDir = path.join(SERVER_DIR, "src", "admin")
  fs.writeFileSync(path.join(adminDir, "index.d.ts"), `${ADMIN_PLUGIN_TYPE}export = plugin\n`)
  fs.writeFileSync(path.join(adminDir, "index.d.mts"), `${ADMIN_PLUGIN_TYPE}export default plugin\n`)
}

if (!fs.existsSync(path.join(SERVER_DIR, "src"))) {
  console.error("[build] .medusa/server/src is missing: run `medusa plugin:build` first.")
  process.exit(1)
}
pruneDemo()
pruneSourceMaps()
writeAdminDeclarations()
