import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261125130100 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "ai_credit_quota_counter" drop constraint if exists "ai_credit_quota_counter_rule_id_subject_bucket_start_unique";`);
    this.addSql(`create table if not exists "ai_credit_quota_counter" ("id" text not null, "rule_id" text not null, "subject" text not null, "bucket_start" timestamptz not null, "used" integer not null default 0, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "ai_credit_quota_counter_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_quota_counter_deleted_at" ON "ai_credit_quota_counter" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_ai_credit_quota_counter_rule_id_subject_bucket_start_unique" ON "ai_credit_quota_counter" ("rule_id", "subject", "bucket_start") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "ai_credit_quota_rule" ("id" text not null, "name" text not null, "is_active" boolean not null default true, "module" text null, "sales_channel_id" text null, "customer_group_id" text null, "customer_id" text null, "plan_id" text null, "admin_role" text null, "per" text check ("per" in ('actor', 'scope')) not null default 'actor', "metric" text check ("metric" in ('credits', 'requests', 'tokens')) not null, "window" text check ("window" in ('minute', 'hour', 'day', 'month', 'rolling')) not null, "window_seconds" integer null, "limit" integer not null, "action" text check ("action" in ('block', 'fallback', 'notify', 'require_approval')) not null default 'block', "created_by" text null, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "ai_credit_quota_rule_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_quota_rule_deleted_at" ON "ai_credit_quota_rule" ("deleted_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "ai_credit_quota_counter" cascade;`);

    this.addSql(`drop table if exists "ai_credit_quota_rule" cascade;`);
  }

}
