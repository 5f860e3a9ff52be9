import { Migration } from "@medusajs/framework/mikro-orm/migrations"
import { DROP_LEDGER_FUNCTIONS_SQL, LEDGER_FUNCTIONS_SQL } from "../sql"

/**
 * Reinstalls the ledger functions for untrusted callers: a storefront's capture charges at most
 * its hold plus the module's margin (the rest is recorded as uncharged), its reported usage at most the module's
 * largest request (usage_exceeds_maximum), and a capture above the hold that a blocking quota has
 * no room for is refused before it is charged (holds now keep their quotas' limits for that).
 */
export class Migration20261202000000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(LEDGER_FUNCTIONS_SQL)
  }

  override async down(): Promise<void> {
    this.addSql(DROP_LEDGER_FUNCTIONS_SQL)
  }
}
