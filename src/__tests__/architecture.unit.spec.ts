import fs from "fs"
import path from "path"

/**
 * The layering of docs/ARCHITECTURE.md, checked on the sources: imports flow one way
 * (api / jobs / subscribers -> workflows -> modules), a module reads no other module's code, and
 * type escapes stay rare and explained.
 */
const SRC = path.resolve(__dirname, "..")

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) {
      return entry.name === "node_modules" ? [] : sourceFiles(full)
    }
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : []
  })
}

const isTest = (file: string) => file.split(path.sep).includes("__tests__")
const production = sourceFiles(SRC).filter((file) => !isTest(file))

/** Relative imports of a file, resolved to paths under src (`src/…`, without extension). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, "utf8")
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*|^import\s+)["']([^"']+)["']/gm)].map((m) => m[1])
  return specifiers
    .filter((specifier) => specifier.startsWith("."))
    .map((specifier) => path.relative(SRC, path.resolve(path.dirname(file), specifier)).split(path.sep).join("/"))
}

const layerOf = (relative: string) => relative.split("/")[0]
const rel = (file: string) => path.relative(SRC, file).split(path.sep).join("/")

describe("architecture", () => {
  it("has no src/lib", () => {
    expect(fs.existsSync(path.join(SRC, "lib"))).toBe(false)
  })

  it("modules import no workflow, route, job, subscriber, link, script, nor another module", () => {
    const offending = production
      .filter((file) => rel(file).startsWith("modules/"))
      .flatMap((file) => {
        const own = rel(file).split("/").slice(0, 2).join("/")
        return importsOf(file)
          .filter((target) => {
            if (target.startsWith(`${own}/`) || target === own) {
              return false
            }
            // The dependency-free enums and HTTP types are shared by every layer and the client.
            if (target === "client/enums" || target === "client/types") {
              return false
            }
            return true
          })
          .map((target) => `${rel(file)} -> ${target}`)
      })
    expect(offending).toEqual([])
  })

  it("workflows import no route, job or subscriber", () => {
    const offending = production
      .filter((file) => layerOf(rel(file)) === "workflows")
      .flatMap((file) => importsOf(file).filter((t) => ["api", "jobs", "subscribers", "scripts"].includes(layerOf(t))).map((t) => `${rel(file)} -> ${t}`))
    expect(offending).toEqual([])
  })

  it("the storefront client imports nothing outside src/client", () => {
    const offending = production
      .filter((file) => layerOf(rel(file)) === "client")
      .flatMap((file) => importsOf(file).filter((t) => layerOf(t) !== "client").map((t) => `${rel(file)} -> ${t}`))
    expect(offending).toEqual([])
  })

  it("keeps `as unknown as` to a few boundary casts, each explained by a comment above it", () => {
    const casts = production.flatMap((file) => {
      const lines = fs.readFileSync(file, "utf8").split("\n")
      return lines.flatMap((line, index) => (line.includes("as unknown as") ? [{ file: rel(file), index, lines }] : []))
    })
    expect(casts.length).toBeLessThanOrEqual(10)
    const unexplained = casts
      .filter(({ index, lines }) => !lines.slice(Math.max(0, index - 3), index + 1).some((l) => /\/\/|\/\*|\*\s/.test(l)))
      .map(({ file, index }) => `${file}:${index + 1}`)
    expect(unexplained).toEqual([])
  })
})
