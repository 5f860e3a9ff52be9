import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261125130000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "ai_credit_grant" drop constraint if exists "ai_credit_grant_wallet_id_idempotency_key_unique";`);
    this.addSql(`alter table if exists "ai_credit_ledger_entry" drop constraint if exists "ai_credit_ledger_entry_wallet_id_idempotency_key_unique";`);
    this.addSql(`alter table if exists "ai_credit_pool_member" drop constraint if exists "ai_credit_pool_member_pool_id_sales_channel_id_unique";`);
    this.addSql(`alter table if exists "ai_credit_reservation" drop constraint if exists "ai_credit_reservation_wallet_id_idempotency_key_unique";`);
    this.addSql(`alter table if exists "ai_credit_wallet" drop constraint if exists "ai_credit_wallet_owner_type_owner_id_unique";`);
    this.addSql(`alter table if exists "ai_credit_usage_event" drop constraint if exists "ai_credit_usage_event_reservation_id_unique";`);
    this.addSql(`alter table if exists "ai_credit_price" drop constraint if exists "ai_credit_price_provider_model_scope_type_scope_id_unique";`);
    this.addSql(`alter table if exists "ai_credit_alert" drop constraint if exists "ai_credit_alert_dedupe_key_unique";`);
    this.addSql(`create table if not exists "ai_credit_alert" ("id" text not null, "type" text not null, "severity" text check ("severity" in ('info', 'warning', 'critical')) not null default 'warning', "message" text not null, "wallet_id" text null, "dedupe_key" text not null, "status" text check ("status" in ('open', 'resolved')) not null default 'open', "occurrences" integer not null default 1, "data" jsonb null, "resolved_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "ai_credit_alert_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_alert_deleted_at" ON "ai_credit_alert" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_ai_credit_alert_dedupe_key_unique" ON "ai_credit_alert" ("dedupe_key") WHERE status = 'open' AND deleted_at IS NULL;`);

    this.addSql(`create table if not exists "ai_credit_package" ("id" text not null, "title" text not null, "credits" integer not null, "kind" text check ("kind" in ('prepaid', 'monthly', 'trial', 'enterprise', 'add_on')) not null default 'prepaid', "validity_days" integer null, "fills" text check ("fills" in ('buyer', 'buyer_group', 'sales_channel')) not null default 'buyer', "modules" text[] null, "is_active" boolean not null default true, "rank" integer not null default 0, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "ai_credit_package_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_package_deleted_at" ON "ai_credit_package" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "ai_credit_price" ("id" text not null, "provider" text not null, "model" text not null, "scope_type" text check ("scope_type" in ('default', 'pool', 'plan')) not null default 'default', "scope_id" text null, "version" integer not null default 1, "credits_per_1k_input_tokens" numeric not null default 0, "credits_per_1k_output_tokens" numeric not null default 0, "credits_per_request" numeric not null default 0, "credits_per_image" numeric not null default 0, "cost_per_1k_input_tokens" numeric not null default 0, "cost_per_1k_output_tokens" numeric not null default 0, "cost_per_request" numeric not null default 0, "cost_per_image" numeric not null default 0, "currency_code" text not null default 'usd', "superseded_at" timestamptz null, "created_by" text null, "metadata" jsonb null, "raw_credits_per_1k_input_tokens" jsonb not null default '{"value":"0","precision":20}', "raw_credits_per_1k_output_tokens" jsonb not null default '{"value":"0","precision":20}', "raw_credits_per_request" jsonb not null default '{"value":"0","precision":20}', "raw_credits_per_image" jsonb not null default '{"value":"0","precision":20}', "raw_cost_per_1k_input_tokens" jsonb not null default '{"value":"0","precision":20}', "raw_cost_per_1k_output_tokens" jsonb not null default '{"value":"0","precision":20}', "raw_cost_per_request" jsonb not null default '{"value":"0","precision":20}', "raw_cost_per_image" jsonb not null default '{"value":"0","precision":20}', "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "ai_credit_price_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_price_deleted_at" ON "ai_credit_price" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_ai_credit_price_provider_model_scope_type_scope_id_unique" ON "ai_credit_price" ("provider", "model", "scope_type", "scope_id") WHERE superseded_at IS NULL AND deleted_at IS NULL;`);

    this.addSql(`create table if not exists "ai_credit_usage_event" ("id" text not null, "wallet_id" text not null, "reservation_id" text not null, "module" text not null, "action" text null, "provider" text null, "model" text null, "price_id" text null, "input_tokens" integer not null default 0, "output_tokens" integer not null default 0, "images" integer not null default 0, "requests" integer not null default 1, "output_type" text null, "credits" integer not null, "requested_credits" integer not null, "provider_cost" numeric not null default 0, "currency_code" text not null default 'usd', "sales_channel_id" text null, "customer_id" text null, "visitor_id" text null, "user_id" text null, "cart_id" text null, "conversation_id" text null, "latency_ms" integer null, "status" text check ("status" in ('charged', 'refunded')) not null default 'charged', "refunded_credits" integer not null default 0, "refunded_at" timestamptz null, "refund_reason" text null, "metadata" jsonb null, "raw_provider_cost" jsonb not null default '{"value":"0","precision":20}', "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "ai_credit_usage_event_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_usage_event_deleted_at" ON "ai_credit_usage_event" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_ai_credit_usage_event_reservation_id_unique" ON "ai_credit_usage_event" ("reservation_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_usage_event_customer_id_created_at" ON "ai_credit_usage_event" ("customer_id", "created_at") WHERE customer_id IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_usage_event_sales_channel_id_created_at" ON "ai_credit_usage_event" ("sales_channel_id", "created_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_usage_event_cart_id" ON "ai_credit_usage_event" ("cart_id") WHERE cart_id IS NOT NULL AND deleted_at IS NULL;`);

    this.addSql(`create table if not exists "ai_credit_wallet" ("id" text not null, "owner_type" text check ("owner_type" in ('customer', 'customer_group', 'sales_channel', 'pool', 'store')) not null, "owner_id" text not null, "name" text null, "balance" integer not null default 0, "reserved" integer not null default 0, "overage_limit" integer not null default 0, "overage_used" integer not null default 0, "max_hold_credits" integer null, "has_restricted_grants" boolean not null default false, "next_event_at" timestamptz null, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "ai_credit_wallet_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_wallet_deleted_at" ON "ai_credit_wallet" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_ai_credit_wallet_owner_type_owner_id_unique" ON "ai_credit_wallet" ("owner_type", "owner_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_wallet_next_event_at" ON "ai_credit_wallet" ("next_event_at") WHERE next_event_at IS NOT NULL AND deleted_at IS NULL;`);

    this.addSql(`create table if not exists "ai_credit_reservation" ("id" text not null, "wallet_id" text not null, "status" text check ("status" in ('held', 'captured', 'released', 'expired')) not null default 'held', "amount" integer not null, "requested_amount" integer null, "captured_amount" integer null, "module" text null, "provider" text null, "model" text null, "price_id" text null, "context" jsonb null, "usage_event_id" text null, "expires_at" timestamptz not null, "closed_at" timestamptz null, "grants" jsonb null, "actor_type" text check ("actor_type" in ('customer', 'user', 'system', 'webhook', 'visitor')) not null, "actor_id" text null, "idempotency_key" text not null, "request_hash" text null, "capture_hash" text null, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "ai_credit_reservation_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_reservation_wallet_id" ON "ai_credit_reservation" ("wallet_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_reservation_deleted_at" ON "ai_credit_reservation" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_ai_credit_reservation_wallet_id_idempotency_key_unique" ON "ai_credit_reservation" ("wallet_id", "idempotency_key") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_reservation_wallet_id_expires_at" ON "ai_credit_reservation" ("wallet_id", "expires_at") WHERE status = 'held' AND deleted_at IS NULL;`);

    this.addSql(`create table if not exists "ai_credit_pool_member" ("id" text not null, "pool_id" text not null, "sales_channel_id" text not null, "allocation_cap" integer null, "allocated" integer not null default 0, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "ai_credit_pool_member_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_pool_member_pool_id" ON "ai_credit_pool_member" ("pool_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_pool_member_deleted_at" ON "ai_credit_pool_member" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_ai_credit_pool_member_pool_id_sales_channel_id_unique" ON "ai_credit_pool_member" ("pool_id", "sales_channel_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "ai_credit_ledger_entry" ("id" text not null, "wallet_id" text not null, "type" text check ("type" in ('grant', 'reserve', 'capture', 'release', 'expire', 'revoke', 'adjust', 'allocate', 'transfer', 'refund')) not null, "amount" integer not null, "reserved_delta" integer not null default 0, "balance_after" integer not null, "reserved_after" integer not null, "grants" jsonb null, "grant_id" text null, "reservation_id" text null, "related_wallet_id" text null, "module" text null, "actor_type" text check ("actor_type" in ('customer', 'user', 'system', 'webhook', 'visitor')) not null, "actor_id" text null, "reason" text not null, "idempotency_key" text not null, "request_hash" text null, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "ai_credit_ledger_entry_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_ledger_entry_wallet_id" ON "ai_credit_ledger_entry" ("wallet_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_ledger_entry_deleted_at" ON "ai_credit_ledger_entry" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_ai_credit_ledger_entry_wallet_id_idempotency_key_unique" ON "ai_credit_ledger_entry" ("wallet_id", "idempotency_key") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_ledger_entry_wallet_id_created_at" ON "ai_credit_ledger_entry" ("wallet_id", "created_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "ai_credit_grant" ("id" text not null, "wallet_id" text not null, "source" text check ("source" in ('purchase', 'plan', 'trial', 'promotion', 'enterprise', 'add_on', 'adjustment', 'rollover')) not null, "status" text check ("status" in ('pending', 'active', 'depleted', 'expired', 'revoked')) not null default 'active', "amount" integer not null, "remaining" integer not null, "priority" integer not null default 50, "effective_at" timestamptz not null, "expires_at" timestamptz null, "modules" text[] null, "cost_basis" text check ("cost_basis" in ('paid', 'promotional')) not null default 'paid', "unit_price" numeric null, "currency_code" text null, "reference_type" text null, "reference_id" text null, "parent_grant_id" text null, "idempotency_key" text not null, "request_hash" text null, "metadata" jsonb null, "raw_unit_price" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "ai_credit_grant_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_grant_wallet_id" ON "ai_credit_grant" ("wallet_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_grant_deleted_at" ON "ai_credit_grant" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_ai_credit_grant_wallet_id_idempotency_key_unique" ON "ai_credit_grant" ("wallet_id", "idempotency_key") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_grant_wallet_id_status" ON "ai_credit_grant" ("wallet_id", "status") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_grant_reference_type_reference_id" ON "ai_credit_grant" ("reference_type", "reference_id") WHERE reference_id IS NOT NULL AND deleted_at IS NULL;`);

    this.addSql(`alter table if exists "ai_credit_reservation" add constraint "ai_credit_reservation_wallet_id_foreign" foreign key ("wallet_id") references "ai_credit_wallet" ("id") on update cascade;`);

    this.addSql(`alter table if exists "ai_credit_pool_member" add constraint "ai_credit_pool_member_pool_id_foreign" foreign key ("pool_id") references "ai_credit_wallet" ("id") on update cascade;`);

    this.addSql(`alter table if exists "ai_credit_ledger_entry" add constraint "ai_credit_ledger_entry_wallet_id_foreign" foreign key ("wallet_id") references "ai_credit_wallet" ("id") on update cascade;`);

    this.addSql(`alter table if exists "ai_credit_grant" add constraint "ai_credit_grant_wallet_id_foreign" foreign key ("wallet_id") references "ai_credit_wallet" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "ai_credit_reservation" drop constraint if exists "ai_credit_reservation_wallet_id_foreign";`);

    this.addSql(`alter table if exists "ai_credit_pool_member" drop constraint if exists "ai_credit_pool_member_pool_id_foreign";`);

    this.addSql(`alter table if exists "ai_credit_ledger_entry" drop constraint if exists "ai_credit_ledger_entry_wallet_id_foreign";`);

    this.addSql(`alter table if exists "ai_credit_grant" drop constraint if exists "ai_credit_grant_wallet_id_foreign";`);

    this.addSql(`drop table if exists "ai_credit_alert" cascade;`);

    this.addSql(`drop table if exists "ai_credit_package" cascade;`);

    this.addSql(`drop table if exists "ai_credit_price" cascade;`);

    this.addSql(`drop table if exists "ai_credit_usage_event" cascade;`);

    this.addSql(`drop table if exists "ai_credit_wallet" cascade;`);

    this.addSql(`drop table if exists "ai_credit_reservation" cascade;`);

    this.addSql(`drop table if exists "ai_credit_pool_member" cascade;`);

    this.addSql(`drop table if exists "ai_credit_ledger_entry" cascade;`);

    this.addSql(`drop table if exists "ai_credit_grant" cascade;`);
  }

}
