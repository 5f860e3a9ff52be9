import { Migration } from "@medusajs/framework/mikro-orm/migrations"
import { LEDGER_FUNCTIONS_SQL } from "../sql/ledger-functions"

/**
 * Database-level guards (balances never below the overage limit, grants never over-spent) and the
 * ledger's write path, installed as PL/pgSQL functions.
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
    this.addSql(`alter table "ai_credit_wallet" set (fillfactor = 70);`)
    this.addSql(`alter table "ai_credit_grant" set (fillfactor = 80);`)
    this.addSql(`alter table "ai_credit_reservation" set (fillfactor = 80);`)
    this.addSql(LEDGER_FUNCTIONS_SQL)
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists aic_ledger_append_only on ai_credit_ledger_entry;`)
    for (const fn of [
      "aic_wallet_view(text, text)",
      "aic_settle_due(int)",
      "aic_transfer(jsonb)",
      "aic_refund_usage(jsonb)",
      "aic_credit_back(jsonb)",
      "aic_debit(jsonb)",
      "aic_release(jsonb)",
      "aic_capture(jsonb)",
      "aic_charge(jsonb)",
      "aic_authorize(jsonb)",
      "aic_quota_settle(jsonb, bigint, bigint)",
      "aic_quota_add(jsonb, bigint, bigint, int)",
      "aic_quota_check(jsonb, bigint, bigint)",
      "aic_quota_cost(text, bigint, bigint)",
      "aic_record_usage(ai_credit_reservation, jsonb, bigint, bigint, numeric, text)",
      "aic_credits_for(ai_credit_price, jsonb)",
      "aic_price_for(text, text, ai_credit_wallet)",
      "aic_payer_wallets(jsonb)",
      "aic_grant(jsonb)",
      "aic_lock_wallet(jsonb, boolean)",
      "aic_shares_total(jsonb)",
      "aic_burn(text, text, bigint)",
      "aic_spendable(ai_credit_wallet, text)",
      "aic_settle(ai_credit_wallet)",
      "aic_next_event_at(text)",
      "aic_append(ai_credit_wallet, text, bigint, bigint, jsonb, text, jsonb, text, text, text, text)",
      "aic_balance_json(ai_credit_wallet)",
      "aic_err(text, text, jsonb)",
      "aic_max_credits()",
      "aic_id(text)",
      "aic_ledger_is_append_only()",
    ]) {
      this.addSql(`drop function if exists ${fn};`)
    }
  }
}
