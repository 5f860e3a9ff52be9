/** Jest global teardown: stops the embedded PostgreSQL of global-setup.js and deletes its data. */
const { STATE_KEY } = require("./global-setup")

module.exports = async function globalTeardown() {
  const pg = globalThis[STATE_KEY]
  if (!pg) {
    return
  }
  delete globalThis[STATE_KEY]
  await pg.stop()
}
