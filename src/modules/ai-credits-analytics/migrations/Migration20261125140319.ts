import { Migration } from "@medusajs/framework/mikro-orm/migrations";
import { ROLLUP_STATE_ID, ULID_FLOOR_FUNCTION_SQL } from "../sql";

export class Migration20261125140319 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "ai_credit_cart_usage" drop constraint if exists "ai_credit_cart_usage_cart_id_unique";`);
    this.addSql(`create table if not exists "ai_credit_cart_usage" ("id" text not null, "cart_id" text not null, "customer_id" text null, "first_used_at" timestamptz not null, "last_used_at" timestamptz not null, "requests" integer not null default 0, "credits" numeric not null default 0, "refunded_credits" numeric not null default 0, "raw_credits" jsonb not null default '{"value":"0","precision":20}', "raw_refunded_credits" jsonb not null default '{"value":"0","precision":20}', "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "ai_credit_cart_usage_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_cart_usage_deleted_at" ON "ai_credit_cart_usage" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_ai_credit_cart_usage_cart_id_unique" ON "ai_credit_cart_usage" ("cart_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_cart_usage_first_used_at" ON "ai_credit_cart_usage" ("first_used_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "ai_credit_customer_usage_rollup" ("id" text not null, "grain" text check ("grain" in ('day', 'month')) not null, "bucket_start" timestamptz not null, "customer_id" text not null, "sales_channel_id" text not null default '', "currency_code" text not null, "requests" integer not null default 0, "refunded_requests" integer not null default 0, "images" integer not null default 0, "input_tokens" numeric not null default 0, "output_tokens" numeric not null default 0, "credits" numeric not null default 0, "refunded_credits" numeric not null default 0, "provider_cost" numeric not null default 0, "raw_input_tokens" jsonb not null default '{"value":"0","precision":20}', "raw_output_tokens" jsonb not null default '{"value":"0","precision":20}', "raw_credits" jsonb not null default '{"value":"0","precision":20}', "raw_refunded_credits" jsonb not null default '{"value":"0","precision":20}', "raw_provider_cost" jsonb not null default '{"value":"0","precision":20}', "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "ai_credit_customer_usage_rollup_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_customer_usage_rollup_deleted_at" ON "ai_credit_customer_usage_rollup" ("deleted_at") WHERE deleted_at IS NULL;`);
    // INCLUDE (credits, requests): ranking customers over a range reads this index alone.
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_ai_credit_customer_usage_rollup_key" ON "ai_credit_customer_usage_rollup" ("grain", "bucket_start", "customer_id", "sales_channel_id", "currency_code") INCLUDE ("credits", "requests") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_customer_usage_rollup_customer" ON "ai_credit_customer_usage_rollup" ("customer_id", "grain", "bucket_start") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "ai_credit_roi_settings" ("id" text not null, "minutes_saved_per_item" numeric not null default 10, "hourly_rate" numeric not null default 30, "currency_code" text not null default 'usd', "automation_modules" jsonb null, "attribution_window_days" integer not null default 30, "raw_minutes_saved_per_item" jsonb not null default '{"value":"10","precision":20}', "raw_hourly_rate" jsonb not null default '{"value":"30","precision":20}', "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "ai_credit_roi_settings_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_roi_settings_deleted_at" ON "ai_credit_roi_settings" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "ai_credit_rollup_state" ("id" text not null, "rolled_up_to" timestamptz null, "last_run_at" timestamptz null, "last_run_events" integer not null default 0, "last_run_refunds" integer not null default 0, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "ai_credit_rollup_state_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_rollup_state_deleted_at" ON "ai_credit_rollup_state" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "ai_credit_usage_rollup" ("id" text not null, "grain" text check ("grain" in ('hour', 'day')) not null, "bucket_start" timestamptz not null, "module" text not null, "provider" text not null default '', "model" text not null default '', "sales_channel_id" text not null default '', "currency_code" text not null, "requests" integer not null default 0, "refunded_requests" integer not null default 0, "images" integer not null default 0, "input_tokens" numeric not null default 0, "output_tokens" numeric not null default 0, "credits" numeric not null default 0, "refunded_credits" numeric not null default 0, "provider_cost" numeric not null default 0, "raw_input_tokens" jsonb not null default '{"value":"0","precision":20}', "raw_output_tokens" jsonb not null default '{"value":"0","precision":20}', "raw_credits" jsonb not null default '{"value":"0","precision":20}', "raw_refunded_credits" jsonb not null default '{"value":"0","precision":20}', "raw_provider_cost" jsonb not null default '{"value":"0","precision":20}', "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "ai_credit_usage_rollup_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_usage_rollup_deleted_at" ON "ai_credit_usage_rollup" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_ai_credit_usage_rollup_key" ON "ai_credit_usage_rollup" ("grain", "bucket_start", "module", "provider", "model", "sales_channel_id", "currency_code") WHERE deleted_at IS NULL;`);

    // Rollup rows are never soft-deleted: their deleted_at indexes would only cost writes.
    for (const index of [
      "IDX_ai_credit_usage_rollup_deleted_at",
      "IDX_ai_credit_customer_usage_rollup_deleted_at",
      "IDX_ai_credit_cart_usage_deleted_at",
    ]) {
      this.addSql(`drop index if exists "${index}";`);
    }
    // The roll-up updates rows every minute: vacuum often, so that index-only reads stay index-only;
    // leave room on pages for updates that touch no indexed column (HOT).
    for (const table of ["ai_credit_usage_rollup", "ai_credit_customer_usage_rollup", "ai_credit_cart_usage"]) {
      this.addSql(`alter table "${table}" set (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02);`);
    }
    this.addSql(`alter table "ai_credit_usage_rollup" set (fillfactor = 80);`);
    this.addSql(`alter table "ai_credit_cart_usage" set (fillfactor = 80);`);
    // Time ranges of usage events as primary-key ranges (see sql.ts), and the roll-up's state row.
    this.addSql(ULID_FLOOR_FUNCTION_SQL);
    this.addSql(`insert into "ai_credit_rollup_state" ("id") values ('${ROLLUP_STATE_ID}') on conflict ("id") do nothing;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function if exists aica_ulid_floor(text, timestamptz);`);

    this.addSql(`drop table if exists "ai_credit_cart_usage" cascade;`);

    this.addSql(`drop table if exists "ai_credit_customer_usage_rollup" cascade;`);

    this.addSql(`drop table if exists "ai_credit_roi_settings" cascade;`);

    this.addSql(`drop table if exists "ai_credit_rollup_state" cascade;`);

    this.addSql(`drop table if exists "ai_credit_usage_rollup" cascade;`);
  }

}
