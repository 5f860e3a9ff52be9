import { Migration } from "@medusajs/framework/mikro-orm/migrations"
import { DROP_LEDGER_FUNCTIONS_SQL, LEDGER_FUNCTIONS_SQL } from "../sql"

/**
 * Reinstalls the ledger functions: the insufficient_credits refusal of a priced request says what
 * the smallest request costs (`smallest_required`) and how many output tokens the payer's
 * available credits afford (`affordable_output_tokens`), for the gateway's `shrink_to_balance`.
 */
export class Migration20261203090100 extends Migration {
  override async up(): Promise<void> {
    this.addSql(LEDGER_FUNCTIONS_SQL)
  }

  override async down(): Promise<void> {
    this.addSql(DROP_LEDGER_FUNCTIONS_SQL)
  }
}
