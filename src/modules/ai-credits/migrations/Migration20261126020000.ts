import { Migration } from "@medusajs/framework/mikro-orm/migrations"
import { DROP_LEDGER_FUNCTIONS_SQL, LEDGER_FUNCTIONS_SQL } from "../sql/ledger-functions"

/**
 * Reinstalls the ledger functions, cheaper per call: the idempotency lookup is no longer planned
 * again at every authorization, requests without quotas skip the quota statements, and ledger
 * entries are appended from the wallet's counters rather than its whole row.
 */
export class Migration20261126020000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(LEDGER_FUNCTIONS_SQL)
  }

  override async down(): Promise<void> {
    this.addSql(DROP_LEDGER_FUNCTIONS_SQL)
  }
}
