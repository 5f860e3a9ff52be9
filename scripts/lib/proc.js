"use strict"

/** Child-process helpers shared by scripts/dev.js and scripts/test.js. */

const path = require("path")
const { spawn } = require("child_process")

const REPO_ROOT = path.resolve(__dirname, "..", "..")

/**
 * The Medusa CLI entry (`node_modules/.bin/medusa` points at it). Running it with this Node
 * binary is what `npx medusa ...` does, minus the npx process in between: signals reach
 * Medusa directly and nothing can prompt to install a missing package.
 */
function medusaCliPath() {
  const pkg = require.resolve("@medusajs/cli/package.json", { paths: [REPO_ROOT] })
  return path.join(path.dirname(pkg), require(pkg).bin.medusa ?? "cli.js")
}

function jestCliPath() {
  const pkg = require.resolve("jest/package.json", { paths: [REPO_ROOT] })
  return path.join(path.dirname(pkg), require(pkg).bin.jest ?? "bin/jest.js")
}

/**
 * Runs a command with inherited stdio and resolves with its exit code (128 + n for a signal).
 * `onSpawn` receives the child, e.g. to forward signals to it.
 */
function run(command, args, { env = process.env, cwd = REPO_ROOT, onSpawn, detached } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: "inherit", detached: !!detached })
    child.once("error", reject)
    child.once("exit", (code, signal) => resolve(exitCodeOf(code, signal)))
    onSpawn?.(child)
  })
}

function runMedusa(args, opts = {}) {
  return run(process.execPath, [medusaCliPath(), ...args], opts)
}

const SIGNAL_NUMBERS = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 }

function exitCodeOf(code, signal) {
  if (code !== null && code !== undefined) {
    return code
  }
  return 128 + (SIGNAL_NUMBERS[signal] ?? 1)
}

/** `NODE_OPTIONS` with `flag` appended once. */
function withNodeOption(existing, flag) {
  const current = (existing ?? "").trim()
  return current.split(/\s+/).includes(flag) ? current : `${current} ${flag}`.trim()
}

module.exports = {
  REPO_ROOT,
  SIGNAL_NUMBERS,
  medusaCliPath,
  jestCliPath,
  run,
  runMedusa,
  exitCodeOf,
  withNodeOption,
}
