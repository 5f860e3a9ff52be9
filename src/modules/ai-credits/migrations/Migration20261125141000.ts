import { Migration } from "@medusajs/framework/mikro-orm/migrations"
import { LEDGER_FUNCTIONS_SQL } from "../sql/ledger-functions"

/**
 * Reinstalls the ledger functions: quota counters in holds and charges. (Every change of
 * sql/ledger-functions.ts ships as a migration like this one; the script replaces all versions.)
 */
export class Migration20261125141000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(LEDGER_FUNCTIONS_SQL)
  }

  override async down(): Promise<void> {
    // The previous version is not kept; rolling back leaves the current functions in place.
  }
}
