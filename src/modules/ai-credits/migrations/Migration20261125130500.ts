import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * Database-level guards (balances never below the overage limit, grants never over-spent) and the
 * hot path's table tuning. The ledger functions are installed by a later migration, after the
 * tables they use have their final shape.
 */
export class Migration20261125130500 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "ai_credit_wallet"
      add constraint "ai_credit_wallet_within_overage" check (balance - reserved >= -overage_limit or reserved = 0 or balance < 0),
      add constraint "ai_credit_wallet_counters_nonnegative" check (reserved >= 0 and overage_used >= 0 and overage_limit >= 0);`)
    this.addSql(`alter table "ai_credit_grant"
      add constraint "ai_credit_grant_remaining_in_range" check (remaining >= 0 and remaining <= amount and amount >= 0);`)
    this.addSql(`alter table "ai_credit_reservation"
      add constraint "ai_credit_reservation_amount_nonnegative" check (amount >= 0);`)
    // The hot path writes these tables on every AI request. Indexes that a composite index already
    // covers (the foreign-key and deleted_at indexes the data models add) only cost writes, and
    // room left on each page lets balance updates stay HOT (no index maintenance).
    for (const index of [
      "IDX_ai_credit_reservation_wallet_id",
      "IDX_ai_credit_reservation_deleted_at",
      "IDX_ai_credit_ledger_entry_wallet_id",
      "IDX_ai_credit_ledger_entry_deleted_at",
      "IDX_ai_credit_usage_event_deleted_at",
      "IDX_ai_credit_grant_wallet_id",
      "IDX_ai_credit_grant_deleted_at",
      "IDX_ai_credit_wallet_deleted_at",
    ]) {
      this.addSql(`drop index if exists "${index}";`)
    }
    // Only the ledger functions read quota counters; a busy store's monthly token count outgrows int4.
    this.addSql(`alter table "ai_credit_quota_counter" alter column "used" type bigint;`)
    this.addSql(`alter table "ai_credit_wallet" set (fillfactor = 70);`)
    this.addSql(`alter table "ai_credit_grant" set (fillfactor = 80);`)
    this.addSql(`alter table "ai_credit_reservation" set (fillfactor = 80);`)
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "ai_credit_wallet" drop constraint if exists "ai_credit_wallet_within_overage", drop constraint if exists "ai_credit_wallet_counters_nonnegative";`)
    this.addSql(`alter table "ai_credit_grant" drop constraint if exists "ai_credit_grant_remaining_in_range";`)
    this.addSql(`alter table "ai_credit_reservation" drop constraint if exists "ai_credit_reservation_amount_nonnegative";`)
  }
}
