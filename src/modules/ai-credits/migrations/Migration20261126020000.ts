import { Migration } from "@medusajs/framework/mikro-orm/migrations"
import { DROP_LEDGER_FUNCTIONS_SQL, LEDGER_FUNCTIONS_SQL } from "../sql"

/**
 * Reinstalls the ledger functions, cheaper per call: the idempotency lookup is no longer planned
 * again at every authorization, requests without quotas skip the quota statements, ledger entries
 * are appended from the wallet's counters rather than its whole row, and authorize, capture and
 * charge take the ids of the rows they create from the service.
 */
export class Migration20261126020000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(LEDGER_FUNCTIONS_SQL)
  }

  override async down(): Promise<void> {
    this.addSql(DROP_LEDGER_FUNCTIONS_SQL)
  }
}
