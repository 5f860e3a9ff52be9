// Runs before each test file (like the Medusa starters): forget MikroORM entity metadata
// registered by a previous file in the same worker.
const { MetadataStorage } = require("@medusajs/framework/mikro-orm/core")

MetadataStorage.clear()
