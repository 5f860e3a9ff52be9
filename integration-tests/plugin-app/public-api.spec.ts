import { spawnSync } from "child_process"
import fs from "fs"
import path from "path"

/**
 * The package as a store gets it: the tarball `npm pack` made (scripts/test.js packs the build
 * and runs `npm install <tarball>` in this folder before the `plugin` project runs).
 */
const APP_DIR = __dirname
const REPO_ROOT = path.resolve(__dirname, "..", "..")
const INSTALLED = path.join(APP_DIR, "node_modules", "medusa-ai-credits")
const PACK_DIR = path.join(REPO_ROOT, "artifacts", "plugin-pack")

jest.setTimeout(120_000)

function tarball(): string {
  const files = fs.existsSync(PACK_DIR) ? fs.readdirSync(PACK_DIR).filter((f) => f.endsWith(".tgz")) : []
  if (files.length !== 1 || !fs.existsSync(INSTALLED)) {
    throw new Error("The packed plugin is not installed in integration-tests/plugin-app: run this suite with `npm test`, which packs and installs it.")
  }
  return path.join(PACK_DIR, files[0])
}

function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, encoding: "utf8" })
  return { status: result.status, output: `${result.stdout}${result.stderr}` }
}

/** The files of the tarball, as paths inside the package. */
function packedFiles(): string[] {
  const { status, output } = run("tar", ["-tzf", tarball()], REPO_ROOT)
  expect(status).toBe(0)
  return output
    .split("\n")
    .filter(Boolean)
    .map((line) => line.replace(/^package\//, ""))
}

/** What ships and what must not, checked on a file list. */
function expectPublishable(files: string[]) {
  expect(files).toEqual(
    expect.arrayContaining([
      "package.json",
      "README.md",
      "LICENSE",
      "CHANGELOG.md",
      ".medusa/server/src/index.js",
      ".medusa/server/src/index.d.ts",
      ".medusa/server/src/modules/ai-credits/index.js",
      ".medusa/server/src/modules/ai-credits/index.d.ts",
      ".medusa/server/src/workflows/index.js",
      ".medusa/server/src/workflows/index.d.ts",
      ".medusa/server/src/workflows/metering/with-ai-credits.d.ts",
      ".medusa/server/src/api/store/ai-credits/invoke/route.js",
      ".medusa/server/src/admin/index.mjs",
      ".medusa/server/src/admin/index.d.ts",
      "dist/client/cjs/index.js",
      "dist/client/cjs/index.d.ts",
      "dist/client/esm/index.js",
      "dist/client/esm/index.d.ts",
      "dist/client/esm/package.json",
    ])
  )
  const demo = files.filter((f) => /ai-credits-demo|demo-identities|demo-storefront|\/scripts\/|demo\/storefront/.test(f))
  expect(demo).toEqual([])
  expect(files.filter((f) => f.startsWith(".medusa/server/") && f.endsWith(".map"))).toEqual([])
  expect(files.filter((f) => f.startsWith(".medusa/client/") || f.startsWith("src/"))).toEqual([])
}

function walk(dir: string, out: string[] = []): string[] {
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

describe("the packed package", () => {
  it("is installed from the tarball, not linked to the repository", () => {
    const resolved = require.resolve("medusa-ai-credits/package.json", { paths: [APP_DIR] })

    expect(path.dirname(resolved)).toBe(INSTALLED)
    expect(fs.lstatSync(INSTALLED).isSymbolicLink()).toBe(false)
    expect(fs.realpathSync(INSTALLED).startsWith(fs.realpathSync(APP_DIR))).toBe(true)
    // One copy of Medusa: the app's (here the repository's), not one brought by the package.
    expect(fs.existsSync(path.join(APP_DIR, "node_modules", "@medusajs"))).toBe(false)
  })

  it("ships the server build with declarations, the client, LICENSE and CHANGELOG, and no demo or server source maps", () => {
    expectPublishable(packedFiles())
  })

  it("has no source map comments in the server code (the maps would name sources it does not ship)", () => {
    const withMaps = walk(path.join(INSTALLED, ".medusa", "server"))
      .filter((f) => /\.m?js$/.test(f))
      .filter((f) => fs.readFileSync(f, "utf8").includes("sourceMappingURL"))

    expect(withMaps).toEqual([])
  })

  it("resolves every entry point of `exports`, each with its declarations", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(INSTALLED, "package.json"), "utf8"))
    const moduleNames = fs.readdirSync(path.join(INSTALLED, ".medusa", "server", "src", "modules"))
    const targets: string[] = []
    const collect = (value: unknown) => {
      if (typeof value === "string") {
        targets.push(value)
      } else if (value && typeof value === "object") {
        Object.values(value).forEach(collect)
      }
    }
    collect(pkg.exports)
    const missing = targets
      .flatMap((target) => (target.includes("*") ? moduleNames.map((name) => target.replace("*", name)) : [target]))
      .filter((target) => !fs.existsSync(path.join(INSTALLED, target)))

    expect(Object.keys(pkg.exports).sort()).toEqual(
      [".", "./.medusa/server/src/modules/*", "./admin", "./client", "./modules/*", "./package.json", "./workflows"].sort()
    )
    expect(moduleNames.sort()).toEqual(["ai-credits", "ai-credits-analytics", "ai-credits-billing", "ai-credits-gateway", "ai-credits-governance"])
    expect(missing).toEqual([])
  })

  it("accepts patch and minor upgrades of its peers", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(INSTALLED, "package.json"), "utf8"))
    const exact = Object.entries(pkg.peerDependencies as Record<string, string>).filter(([, range]) => !range.startsWith("^"))

    expect(exact).toEqual([])
  })

  it("type-checks an app file that imports every entry point and a medusa-config.ts typed with AiCreditsOptions", () => {
    const tsc = require.resolve("typescript/bin/tsc", { paths: [REPO_ROOT] })
    const { status, output } = run(process.execPath, [tsc, "-p", APP_DIR], REPO_ROOT)

    expect(output).toBe("")
    expect(status).toBe(0)
  })
})

describe("npm pack in the repository", () => {
  const ADMIN_VITE_FILES = ["entry.jsx", "index.css", "index.html"]

  it("builds first (prepack), so a pack never ships without code", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"))

    expect(pkg.scripts.prepack).toBe("npm run build")
    expect(pkg.scripts.build).toContain("build:client")
  })

  it("packs the build and the client after `medusa develop` has written the admin's files into .medusa/client", () => {
    const clientDir = path.join(REPO_ROOT, ".medusa", "client")
    fs.mkdirSync(clientDir, { recursive: true })
    const written = ADMIN_VITE_FILES.map((f) => path.join(clientDir, f)).filter((f) => !fs.existsSync(f))
    written.forEach((f) => fs.writeFileSync(f, "// as medusa develop writes it\n"))
    try {
      const result = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: REPO_ROOT, encoding: "utf8" })
      expect(result.status).toBe(0)
      const files = (JSON.parse(result.stdout)[0].files as { path: string }[]).map((f) => f.path)

      expectPublishable(files)
    } finally {
      written.forEach((f) => fs.rmSync(f, { force: true }))
    }
  })
})
