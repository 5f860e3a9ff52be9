import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/** A credit package's grant priority: the priority of the grants its purchases make (default 50). */
export class Migration20261203090000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table if exists "ai_credit_package" add column if not exists "priority" integer not null default 50;`)
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "ai_credit_package" drop column if exists "priority";`)
  }
}
