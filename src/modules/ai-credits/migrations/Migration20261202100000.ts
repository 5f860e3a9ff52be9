import { Migration } from "@medusajs/framework/mikro-orm/migrations"
import { DROP_LEDGER_FUNCTIONS_SQL, LEDGER_FUNCTIONS_SQL } from "../sql"

/**
 * Reinstalls the ledger functions: authorize and charge share one payer loop (aic_choose_payer)
 * and one idempotent replay (aic_replay), with the same results as before.
 */
export class Migration20261202100000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(LEDGER_FUNCTIONS_SQL)
  }

  override async down(): Promise<void> {
    this.addSql(DROP_LEDGER_FUNCTIONS_SQL)
  }
}
