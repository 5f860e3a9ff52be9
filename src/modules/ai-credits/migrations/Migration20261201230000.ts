import { Migration } from "@medusajs/framework/mikro-orm/migrations"
import { DROP_LEDGER_FUNCTIONS_SQL, LEDGER_FUNCTIONS_SQL } from "../sql"

/**
 * Reinstalls the ledger functions: an authorization that finds no payer wallet at all (a fresh
 * store) answers not_priced for a model without a price, and otherwise says what it would cost;
 * a repeated capture that leaves out the optional provider and model returns the first event.
 */
export class Migration20261201230000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(LEDGER_FUNCTIONS_SQL)
  }

  override async down(): Promise<void> {
    this.addSql(DROP_LEDGER_FUNCTIONS_SQL)
  }
}
