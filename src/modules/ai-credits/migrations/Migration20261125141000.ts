import { Migration } from "@medusajs/framework/mikro-orm/migrations"
import { DROP_LEDGER_FUNCTIONS_SQL, LEDGER_FUNCTIONS_SQL } from "../sql"

/**
 * Installs the ledger's write path (sql/, see its README). It runs after every table migration
 * so the functions see the tables' final shape. Each later change of the functions or of the
 * tables they use ships as a new migration like this one that runs the script again (it replaces
 * every earlier version).
 */
export class Migration20261125141000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(LEDGER_FUNCTIONS_SQL)
  }

  override async down(): Promise<void> {
    this.addSql(DROP_LEDGER_FUNCTIONS_SQL)
  }
}
