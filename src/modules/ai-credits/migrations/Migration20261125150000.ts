import { Migration } from "@medusajs/framework/mikro-orm/migrations"
import { DROP_LEDGER_FUNCTIONS_SQL, LEDGER_FUNCTIONS_SQL } from "../sql"

/**
 * Reinstalls the ledger functions for databases that installed an earlier version: budgets and
 * spending alerts, quotas taken last, and the fixes of the first review (holds shrink when their
 * credit expires, one idempotency key per request across payers, refunds of overage).
 */
export class Migration20261125150000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(LEDGER_FUNCTIONS_SQL)
  }

  override async down(): Promise<void> {
    this.addSql(DROP_LEDGER_FUNCTIONS_SQL)
  }
}
