import fs from "fs"
import os from "os"
import path from "path"

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { firstUnenterableFolder, startEmbeddedPostgres } = require("../embedded-pg")

const asRoot = typeof process.getuid === "function" && process.getuid() === 0
const postgresUser = { uid: 54_321, gid: 54_321 }

describe("embedded PostgreSQL in a folder the postgres user cannot enter", () => {
  let privateDir: string
  beforeEach(() => {
    // Like /root or any `mktemp -d` folder: mode 700.
    privateDir = fs.mkdtempSync(path.join(os.tmpdir(), "aic-private-"))
  })
  afterEach(() => {
    fs.rmSync(privateDir, { recursive: true, force: true })
  })

  it("finds the folder on the way that another user cannot enter", () => {
    const target = path.join(privateDir, "repo", ".data")
    expect(firstUnenterableFolder(target, postgresUser)).toEqual({ dir: privateDir, mode: "700" })

    fs.chmodSync(privateDir, 0o711)
    expect(firstUnenterableFolder(target, postgresUser)).toBeNull()
  })

  ;(asRoot ? it : it.skip)("as root, refuses to start in one line that says what to do, not initdb's EACCES", async () => {
    const started = startEmbeddedPostgres({ dataDir: path.join(privateDir, ".data", "postgres-test"), throwaway: true })

    await expect(started).rejects.toMatchObject({
      code: "EMBEDDED_PG_UNREACHABLE",
      message: expect.stringMatching(new RegExp(`cannot enter ${privateDir} \\(mode 700\\).*DB_HOST=localhost.*DATABASE_URL`)),
    })
    expect(fs.readdirSync(privateDir)).toEqual([])
  })
})
