import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261125172537 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "ai_credit_plan" add column if not exists "alert_thresholds" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "ai_credit_plan" drop column if exists "alert_thresholds";`);
  }

}
