import { Migration } from "@medusajs/framework/mikro-orm/migrations"
import { DROP_LEDGER_FUNCTIONS_SQL, LEDGER_FUNCTIONS_SQL } from "../sql"

/** Reinstalls the ledger functions: shared refusals (not priced, insufficient credits). */
export class Migration20261125151000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(LEDGER_FUNCTIONS_SQL)
  }

  override async down(): Promise<void> {
    this.addSql(DROP_LEDGER_FUNCTIONS_SQL)
  }
}
