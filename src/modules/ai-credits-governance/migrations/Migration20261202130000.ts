import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261202130000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "ai_credit_server_api_key" ("id" text not null, "name" text not null, "token_prefix" text not null, "token_hash" text not null, "owner_type" text check ("owner_type" in ('customer', 'customer_group', 'sales_channel', 'pool', 'store')) not null, "owner_id" text not null, "sales_channel_id" text null, "allowed_modules" text[] not null, "allowed_models" text[] not null, "rate_limit_per_minute" integer null, "monthly_credit_limit" integer null, "expires_at" timestamptz null, "revoked_at" timestamptz null, "last_used_at" timestamptz null, "created_by" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "ai_credit_server_api_key_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_server_api_key_deleted_at" ON "ai_credit_server_api_key" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_ai_credit_server_api_key_token_hash_unique" ON "ai_credit_server_api_key" ("token_hash") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "ai_credit_server_api_key" cascade;`);
  }

}
