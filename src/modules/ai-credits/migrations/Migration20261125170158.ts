import { Migration } from "@medusajs/framework/mikro-orm/migrations"
import { DROP_LEDGER_FUNCTIONS_SQL, LEDGER_FUNCTIONS_SQL } from "../sql"

/** A monthly budget in money (provider cost) per wallet; the ledger functions count and enforce it. */
export class Migration20261125170158 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table if exists "ai_credit_wallet" add column if not exists "monthly_cost_cap" numeric null, add column if not exists "month_cost" numeric not null default 0, add column if not exists "raw_monthly_cost_cap" jsonb null, add column if not exists "raw_month_cost" jsonb not null default '{"value":"0","precision":20}';`
    )
    this.addSql(LEDGER_FUNCTIONS_SQL)
  }

  override async down(): Promise<void> {
    this.addSql(DROP_LEDGER_FUNCTIONS_SQL)
    this.addSql(
      `alter table if exists "ai_credit_wallet" drop column if exists "monthly_cost_cap", drop column if exists "month_cost", drop column if exists "raw_monthly_cost_cap", drop column if exists "raw_month_cost";`
    )
  }
}
