"use strict"

/**
 * Helpers for scripts/test.js and the jest global setup: which jest projects a command line
 * selects, whether the plugin build (`.medusa/server`, `dist/client`) is older than its sources,
 * and the packed tarball the plugin-app suite installs.
 */

const fs = require("fs")
const path = require("path")
const { spawnSync } = require("child_process")

const REPO_ROOT = path.resolve(__dirname, "..", "..")
const PACKAGE_NAME = require(path.join(REPO_ROOT, "package.json")).name

/** The jest projects (displayName) of jest.config.js, and which of them need PostgreSQL. */
const PROJECTS = ["unit", "modules", "http", "browser", "plugin"]
const DB_PROJECTS = ["modules", "http", "browser", "plugin"]

/** Values of a jest array option: `--opt a b`, `--opt=a`, repeated or not. */
function optionValues(argv, name) {
  const values = []
  let seen = false
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === `--${name}`) {
      seen = true
      for (let j = i + 1; j < argv.length && !argv[j].startsWith("-"); j++) {
        values.push(argv[j])
      }
    } else if (arg.startsWith(`--${name}=`)) {
      seen = true
      values.push(...arg.slice(name.length + 3).split(","))
    }
  }
  return seen ? values : null
}

/** The projects a jest command line runs (`--selectProjects`, `--ignoreProjects`). */
function selectedProjects(argv) {
  const selected = optionValues(argv, "selectProjects") ?? PROJECTS
  const ignored = optionValues(argv, "ignoreProjects") ?? []
  return PROJECTS.filter((p) => selected.includes(p) && !ignored.includes(p))
}

function needsDatabase(argv) {
  return selectedProjects(argv).some((p) => DB_PROJECTS.includes(p))
}

function needsPluginBuild(argv) {
  return selectedProjects(argv).includes("plugin")
}

const PLUGIN_APP_DIR = path.join(REPO_ROOT, "integration-tests", "plugin-app")
const PACK_DIR = path.join(REPO_ROOT, "artifacts", "plugin-pack")

/**
 * The self-link `node_modules/<package> -> ..` that earlier versions of this script made for the
 * plugin-app suite. It would let the package resolve to the repository instead of the packed
 * tarball: removed when found.
 */
function removeOldSelfLink() {
  const linkPath = path.join(REPO_ROOT, "node_modules", PACKAGE_NAME)
  try {
    if (fs.lstatSync(linkPath).isSymbolicLink() && fs.realpathSync(linkPath) === fs.realpathSync(REPO_ROOT)) {
      fs.unlinkSync(linkPath)
    }
  } catch {
    // missing or dangling: nothing to do
  }
}

function spawnOrThrow(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] })
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} (in ${path.relative(REPO_ROOT, cwd) || "."}) failed:\n${result.stdout}${result.stderr}`)
  }
  return result.stdout
}

/**
 * Packs the built package (`npm pack`; the build ran just before, so its `prepack` build is
 * skipped) and installs that tarball into integration-tests/plugin-app, as a store installs a
 * downloaded package: `npm install ./medusa-ai-credits-<version>.tgz`. The app's .npmrc keeps
 * peers out (`legacy-peer-deps`): @medusajs/* and React resolve from the repository's
 * node_modules, one copy of each, as in a store where the app itself depends on them.
 * Returns the tarball's path.
 */
function packAndInstallPlugin() {
  removeOldSelfLink()
  fs.rmSync(PACK_DIR, { recursive: true, force: true })
  fs.mkdirSync(PACK_DIR, { recursive: true })
  const packed = JSON.parse(spawnOrThrow("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", PACK_DIR], REPO_ROOT))
  const tarball = path.join(PACK_DIR, packed[0].filename)
  fs.rmSync(path.join(PLUGIN_APP_DIR, "node_modules", PACKAGE_NAME), { recursive: true, force: true })
  spawnOrThrow("npm", ["install", "--prefer-offline", tarball], PLUGIN_APP_DIR)
  return tarball
}

function walkFiles(dir, { skipDir = () => false } = {}, out = []) {
  let entries
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true })
  } catch {
    return out
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) {
      if (!skipDir(entry.name)) {
        walkFiles(full, { skipDir }, out)
      }
    } else if (entry.isFile()) {
      out.push(full)
    }
  }
  return out
}

/**
 * Why the build (`.medusa/server`, `dist/client`) needs a rerun, or null when it is current.
 * `npm run build` deletes both and writes every file again, so their oldest file is the build time;
 * any source (or tsconfig.json) changed after that makes it stale.
 */
function pluginBuildStaleReason() {
  const built = walkFiles(path.join(REPO_ROOT, ".medusa", "server", "src"))
  if (built.length === 0) {
    return ".medusa/server/src is missing"
  }
  const client = walkFiles(path.join(REPO_ROOT, "dist", "client"))
  if (client.length === 0) {
    return "dist/client is missing"
  }
  built.push(...client)
  const builtAt = Math.min(...built.map((f) => fs.statSync(f).mtimeMs))
  const sources = walkFiles(path.join(REPO_ROOT, "src"), {
    skipDir: (name) => name === "__tests__",
  })
  sources.push(
    ...["tsconfig.json", "tsconfig.client.json", "tsconfig.client.esm.json", "package.json", "scripts/finish-build.js"].map((f) =>
      path.join(REPO_ROOT, f)
    )
  )
  for (const file of sources) {
    try {
      if (fs.statSync(file).mtimeMs > builtAt) {
        return `${path.relative(REPO_ROOT, file)} is newer than the build`
      }
    } catch {
      // deleted meanwhile
    }
  }
  return null
}

module.exports = {
  REPO_ROOT,
  PACKAGE_NAME,
  PROJECTS,
  selectedProjects,
  needsDatabase,
  needsPluginBuild,
  PLUGIN_APP_DIR,
  PACK_DIR,
  packAndInstallPlugin,
  pluginBuildStaleReason,
}
