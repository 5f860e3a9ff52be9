"use strict"

/**
 * Helpers for scripts/test.js and the jest global setup: which jest projects a command line
 * selects, the self-link the plugin-app suite resolves the package through, and whether the
 * plugin build (`.medusa/server`) is older than its sources.
 */

const fs = require("fs")
const path = require("path")

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

/**
 * `node_modules/<package> -> ..`: lets a second app in this repo (integration-tests/plugin-app)
 * resolve this package by name, as a store resolves an installed plugin, with no second
 * install. Its dependencies resolve from the repo's own node_modules, so there is one copy
 * of @medusajs/framework. `npm ci` removes the link; this recreates it.
 * Returns a warning string when something else occupies the name, otherwise null.
 */
function ensurePluginLink() {
  const linkPath = path.join(REPO_ROOT, "node_modules", PACKAGE_NAME)
  let stat = null
  try {
    stat = fs.lstatSync(linkPath)
  } catch {
    // missing
  }
  if (stat) {
    let real = null
    try {
      real = fs.realpathSync(linkPath)
    } catch {
      // dangling link
    }
    if (real === fs.realpathSync(REPO_ROOT)) {
      return null
    }
    if (!stat.isSymbolicLink()) {
      return `node_modules/${PACKAGE_NAME} exists and is not a link to this repository; the plugin-app suite tests that copy.`
    }
    fs.unlinkSync(linkPath)
  }
  if (process.platform === "win32") {
    fs.symlinkSync(REPO_ROOT, linkPath, "junction")
  } else {
    fs.symlinkSync("..", linkPath, "dir")
  }
  return null
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
 * Why `.medusa/server` needs a (re)build, or null when it is current. `medusa plugin:build`
 * deletes `.medusa/server` and writes every file again, so its oldest file is the build time;
 * any source (or tsconfig.json) changed after that makes it stale.
 */
function pluginBuildStaleReason() {
  const built = walkFiles(path.join(REPO_ROOT, ".medusa", "server", "src"))
  if (built.length === 0) {
    return ".medusa/server/src is missing"
  }
  const builtAt = Math.min(...built.map((f) => fs.statSync(f).mtimeMs))
  const sources = walkFiles(path.join(REPO_ROOT, "src"), {
    skipDir: (name) => name === "__tests__",
  })
  sources.push(path.join(REPO_ROOT, "tsconfig.json"))
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
  ensurePluginLink,
  pluginBuildStaleReason,
}
