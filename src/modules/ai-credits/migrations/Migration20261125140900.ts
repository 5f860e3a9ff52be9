import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261125140900 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "ai_credit_wallet" add column if not exists "monthly_spend_cap" integer null, add column if not exists "monthly_cap_action" text check ("monthly_cap_action" in ('block', 'notify')) not null default 'block', add column if not exists "month_start" timestamptz null, add column if not exists "month_spent" integer not null default 0, add column if not exists "alert_thresholds" jsonb null, add column if not exists "low_balance_threshold" integer null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "ai_credit_wallet" drop column if exists "monthly_spend_cap", drop column if exists "monthly_cap_action", drop column if exists "month_start", drop column if exists "month_spent", drop column if exists "alert_thresholds", drop column if exists "low_balance_threshold";`);
  }

}
