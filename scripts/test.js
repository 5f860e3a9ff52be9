#!/usr/bin/env node
"use strict"

/**
 * `npm test [-- <jest args>]`, e.g. `npm test -- --selectProjects unit`.
 *
 * 1. Environment: NODE_OPTIONS gets --experimental-vm-modules (the Medusa test runners load
 *    modules with import()), TZ=UTC. PORT is removed so each Medusa suite listens on a free
 *    port of its own. LOG_LEVEL defaults to "error" (Medusa's logger).
 * 2. When the `plugin` project runs: `npm run build` when the build is missing or older than
 *    `src/` (so `npm test` works on a fresh clone), then `npm pack` and `npm install` of that
 *    tarball into integration-tests/plugin-app, the app the suite boots (a broken tarball fails it).
 * 3. jest runs with the given arguments. PostgreSQL is handled by the jest global setup
 *    (integration-tests/setup/global-setup.js): DB_HOST if set, otherwise one embedded
 *    server for the whole run. Doing it there rather than here keeps a bare `npx jest` working
 *    the same way; jest forks its workers after the global setup, so they inherit DB_*.
 *
 * Defaults added unless the command line says otherwise:
 *  --maxWorkers=1  Medusa suites boot a whole app each (≈0.5 GB): one suite at a time keeps one
 *                app in memory. It runs in one worker process rather than in band so that jest
 *                can replace the worker when a suite leaves it over `workerIdleMemoryLimit`
 *                (jest.config.js): in band, what each app leaves behind piled up until the
 *                whole run died out of heap after about 30 suites. Pass --maxWorkers=N (or -w N)
 *                to run suites in parallel: the Medusa runners use one database per suite and a
 *                random HTTP port, so parallel runs are safe; --runInBand still works.
 *  --forceExit   as in Medusa's starters: a pool or timer a Medusa suite leaves open would
 *                keep jest waiting after the last test. The global teardown still runs first.
 *                Skipped with --detectOpenHandles or --watch.
 */

const path = require("path")
const { REPO_ROOT, jestCliPath, run, withNodeOption, SIGNAL_NUMBERS } = require("./lib/proc")
const { needsPluginBuild, packAndInstallPlugin, pluginBuildStaleReason } = require("./lib/test-support")

const userArgs = process.argv.slice(2)

function hasArg(...names) {
  return userArgs.some((a) => names.some((n) => a === n || a.startsWith(`${n}=`)))
}

function jestArgs() {
  const args = [...userArgs]
  const watching = hasArg("--watch", "--watchAll")
  if (!hasArg("--runInBand", "-i", "--maxWorkers", "-w") && !watching) {
    args.unshift("--maxWorkers=1")
  }
  if (!hasArg("--forceExit", "--detectOpenHandles") && !watching) {
    args.unshift("--forceExit")
  }
  return args
}

function testEnv() {
  const env = {
    ...process.env,
    NODE_OPTIONS: withNodeOption(process.env.NODE_OPTIONS, "--experimental-vm-modules"),
    TZ: "UTC",
  }
  delete env.PORT
  // Medusa logs every migration of every suite at info level (thousands of lines per run);
  // errors still show. `LOG_LEVEL=info npm test` shows everything.
  env.LOG_LEVEL ??= "error"
  return env
}

async function preparePlugin(env, onSpawn) {
  const reason = pluginBuildStaleReason()
  if (reason) {
    console.log(`[test] Building the plugin (${reason}): npm run build`)
    const started = Date.now()
    const code = await run(process.platform === "win32" ? "npm.cmd" : "npm", ["run", "build"], { env, onSpawn })
    if (code !== 0) {
      console.error(
        `[test] npm run build failed (exit ${code}). The plugin-app suite tests the packed ` +
          `plugin; fix the build, or leave that project out: npm test -- --selectProjects unit modules http`
      )
      process.exit(code || 1)
    }
    console.log(`[test] Plugin built in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  }
  const started = Date.now()
  const tarball = packAndInstallPlugin()
  console.log(
    `[test] Packed ${path.relative(REPO_ROOT, tarball)} and installed it into integration-tests/plugin-app ` +
      `(${((Date.now() - started) / 1000).toFixed(1)} s)`
  )
}

async function main() {
  let child = null
  let signalled = null
  // Ctrl+C reaches the children directly (same process group); a signal sent to this process
  // alone (CI timeouts, `kill`) is passed on, and we exit when the child has exited.
  // A second signal kills the child. If jest dies before its global teardown, the embedded
  // PostgreSQL watchdog stops the server and deletes its data (scripts/lib/embedded-pg.js).
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.on(signal, () => {
      if (!child || child.exitCode !== null || child.signalCode !== null) {
        process.exit(128 + SIGNAL_NUMBERS[signal])
      }
      if (signalled) {
        child.kill("SIGKILL")
        return
      }
      signalled = signal
      console.error(`\n[test] ${signal}: stopping ${path.basename(child.spawnargs[1] ?? "")} (pid ${child.pid})`)
      child.kill(signal)
    })
  }
  const onSpawn = (c) => (child = c)

  const env = testEnv()
  if (needsPluginBuild(userArgs)) {
    await preparePlugin(env, onSpawn)
  }

  const code = await run(process.execPath, [jestCliPath(), ...jestArgs()], {
    env,
    cwd: REPO_ROOT,
    onSpawn,
  })
  process.exit(code)
}

main().catch((err) => {
  console.error(`[test] ${err && err.stack ? err.stack : err}`)
  process.exit(1)
})
