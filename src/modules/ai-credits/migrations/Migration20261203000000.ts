import { Migration } from "@medusajs/framework/mikro-orm/migrations"
import { DROP_LEDGER_FUNCTIONS_SQL, LEDGER_FUNCTIONS_SQL } from "../sql"

/**
 * Reinstalls the ledger functions with the group-commit procedure `aic_run_batch` (sql/batch.ts):
 * the calls of a batch run in one transaction, each in its own subtransaction. Routines are now
 * dropped with DROP ROUTINE, which takes procedures too.
 */
export class Migration20261203000000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(LEDGER_FUNCTIONS_SQL)
  }

  override async down(): Promise<void> {
    this.addSql(DROP_LEDGER_FUNCTIONS_SQL)
  }
}
