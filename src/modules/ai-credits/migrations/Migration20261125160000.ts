import { Migration } from "@medusajs/framework/mikro-orm/migrations"
import { DROP_LEDGER_FUNCTIONS_SQL, LEDGER_FUNCTIONS_SQL } from "../sql"

/**
 * Reinstalls the ledger functions: a transfer moves only unrestricted credit (refused, not failed,
 * otherwise), two sources may use one key into the same wallet, a customer's refund limit holds
 * across wallets; cheaper ids and no per-call SQL parsing on the hot path.
 */
export class Migration20261125160000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(LEDGER_FUNCTIONS_SQL)
  }

  override async down(): Promise<void> {
    this.addSql(DROP_LEDGER_FUNCTIONS_SQL)
  }
}
