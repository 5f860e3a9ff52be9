import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261125170000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "ai_credit_trial_claim" drop constraint if exists "ai_credit_trial_claim_kind_value_unique";`);
    this.addSql(`alter table if exists "ai_credit_subscription" drop constraint if exists "ai_credit_subscription_stripe_subscription_id_unique";`);
    this.addSql(`alter table if exists "ai_credit_subscription" drop constraint if exists "ai_credit_subscription_customer_id_unique";`);
    this.addSql(`alter table if exists "ai_credit_plan" drop constraint if exists "ai_credit_plan_code_unique";`);
    this.addSql(`alter table if exists "ai_credit_auto_top_up_attempt" drop constraint if exists "ai_credit_auto_top_up_attempt_wallet_id_unique";`);
    this.addSql(`alter table if exists "ai_credit_auto_top_up" drop constraint if exists "ai_credit_auto_top_up_wallet_id_unique";`);
    this.addSql(`create table if not exists "ai_credit_auto_top_up" ("id" text not null, "wallet_id" text not null, "customer_id" text not null, "enabled" boolean not null default true, "threshold" integer not null, "package_id" text not null, "target_balance" integer null, "max_per_month" integer not null default 3, "monthly_amount_limit" numeric null, "currency_code" text not null default 'usd', "stripe_customer_id" text not null, "stripe_payment_method_id" text not null, "day_of_month" integer null, "paused_until" timestamptz null, "consecutive_failures" integer not null default 0, "suspended_reason" text null, "raw_monthly_amount_limit" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "ai_credit_auto_top_up_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_auto_top_up_deleted_at" ON "ai_credit_auto_top_up" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_ai_credit_auto_top_up_wallet_id_unique" ON "ai_credit_auto_top_up" ("wallet_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "ai_credit_auto_top_up_attempt" ("id" text not null, "auto_top_up_id" text not null, "wallet_id" text not null, "trigger" text check ("trigger" in ('threshold', 'schedule')) not null, "status" text check ("status" in ('pending', 'succeeded', 'failed')) not null default 'pending', "packs" integer not null, "credits" integer not null, "amount" numeric not null, "currency_code" text not null, "stripe_payment_intent_id" text null, "grant_id" text null, "error" text null, "raw_amount" jsonb not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "ai_credit_auto_top_up_attempt_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_auto_top_up_attempt_auto_top_up_id" ON "ai_credit_auto_top_up_attempt" ("auto_top_up_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_auto_top_up_attempt_deleted_at" ON "ai_credit_auto_top_up_attempt" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_ai_credit_auto_top_up_attempt_wallet_id_unique" ON "ai_credit_auto_top_up_attempt" ("wallet_id") WHERE status = 'pending' AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_auto_top_up_attempt_wallet_id_created_at" ON "ai_credit_auto_top_up_attempt" ("wallet_id", "created_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "ai_credit_plan" ("id" text not null, "code" text not null, "name" text not null, "description" text null, "monthly_credits" integer not null, "rollover_policy" text check ("rollover_policy" in ('reset', 'rollover_capped', 'rollover_expiring')) not null default 'reset', "rollover_cap" integer null, "rollover_expiry_days" integer null, "module_allowances" jsonb null, "rate_limit_tier" text null, "billing" text check ("billing" in ('stripe', 'invoice')) not null default 'stripe', "stripe_price_id" text null, "price_amount" numeric null, "currency_code" text null, "trial_days" integer null, "trial_credits" integer null, "past_due_fallback" jsonb null, "is_active" boolean not null default true, "rank" integer not null default 0, "raw_price_amount" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "ai_credit_plan_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_plan_deleted_at" ON "ai_credit_plan" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_ai_credit_plan_code_unique" ON "ai_credit_plan" ("code") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "ai_credit_stripe_event" ("id" text not null, "type" text not null, "stripe_created_at" timestamptz not null, "outcome" text not null, "subscription_id" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "ai_credit_stripe_event_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_stripe_event_deleted_at" ON "ai_credit_stripe_event" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "ai_credit_subscription" ("id" text not null, "customer_id" text not null, "plan_id" text not null, "status" text check ("status" in ('incomplete', 'trialing', 'active', 'past_due', 'canceled')) not null default 'incomplete', "billing" text check ("billing" in ('stripe', 'invoice')) not null default 'stripe', "stripe_customer_id" text null, "stripe_subscription_id" text null, "current_period_start" timestamptz null, "current_period_end" timestamptz null, "cancel_at_period_end" boolean not null default false, "canceled_at" timestamptz null, "last_event_at" timestamptz null, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "ai_credit_subscription_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_subscription_plan_id" ON "ai_credit_subscription" ("plan_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_subscription_deleted_at" ON "ai_credit_subscription" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_ai_credit_subscription_customer_id_unique" ON "ai_credit_subscription" ("customer_id") WHERE status != 'canceled' AND deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_ai_credit_subscription_stripe_subscription_id_unique" ON "ai_credit_subscription" ("stripe_subscription_id") WHERE stripe_subscription_id IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_subscription_billing_status_current_period_end" ON "ai_credit_subscription" ("billing", "status", "current_period_end") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "ai_credit_trial_claim" ("id" text not null, "kind" text check ("kind" in ('customer', 'email', 'card')) not null, "value" text not null, "customer_id" text not null, "subscription_id" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "ai_credit_trial_claim_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ai_credit_trial_claim_deleted_at" ON "ai_credit_trial_claim" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_ai_credit_trial_claim_kind_value_unique" ON "ai_credit_trial_claim" ("kind", "value") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "ai_credit_auto_top_up_attempt" add constraint "ai_credit_auto_top_up_attempt_auto_top_up_id_foreign" foreign key ("auto_top_up_id") references "ai_credit_auto_top_up" ("id") on update cascade;`);

    this.addSql(`alter table if exists "ai_credit_subscription" add constraint "ai_credit_subscription_plan_id_foreign" foreign key ("plan_id") references "ai_credit_plan" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "ai_credit_auto_top_up_attempt" drop constraint if exists "ai_credit_auto_top_up_attempt_auto_top_up_id_foreign";`);

    this.addSql(`alter table if exists "ai_credit_subscription" drop constraint if exists "ai_credit_subscription_plan_id_foreign";`);

    this.addSql(`drop table if exists "ai_credit_auto_top_up" cascade;`);

    this.addSql(`drop table if exists "ai_credit_auto_top_up_attempt" cascade;`);

    this.addSql(`drop table if exists "ai_credit_plan" cascade;`);

    this.addSql(`drop table if exists "ai_credit_stripe_event" cascade;`);

    this.addSql(`drop table if exists "ai_credit_subscription" cascade;`);

    this.addSql(`drop table if exists "ai_credit_trial_claim" cascade;`);
  }

}
