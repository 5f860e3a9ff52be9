/**
 * Read models the ledger publishes. `VIEWS_SQL`: what a wallet holds right now, installed with the
 * other ledger functions by `index.ts`; `USAGE_FEED_SQL`: the usage feed (see below).
 */
export const VIEWS_SQL = String.raw`
-- What a wallet holds right now, without writing: the counters, corrected for grants and holds whose
-- time has passed but which the ledger has not settled yet. With a module, also what that module
-- may spend (grants restricted to other modules do not count).
CREATE OR REPLACE FUNCTION aic_wallet_view(p_wallet_id text, p_module text DEFAULT NULL, p_tz text DEFAULT 'UTC')
RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
  w ai_credit_wallet;
  bal bigint;
  res bigint;
  spendable bigint;
  due boolean;
BEGIN
  SELECT * INTO w FROM ai_credit_wallet WHERE id = p_wallet_id AND deleted_at IS NULL;
  IF w.id IS NULL THEN
    RETURN NULL;
  END IF;
  bal := w.balance;
  res := w.reserved;
  due := w.next_event_at IS NOT NULL AND w.next_event_at <= now();
  IF due THEN
    bal := bal
      - coalesce((SELECT sum(remaining) FROM ai_credit_grant WHERE wallet_id = w.id AND status = 'active'
          AND expires_at <= now() AND deleted_at IS NULL), 0)
      + coalesce((SELECT sum(amount) FROM ai_credit_grant WHERE wallet_id = w.id AND status = 'pending'
          AND effective_at <= now() AND (expires_at IS NULL OR expires_at > now()) AND deleted_at IS NULL), 0);
    res := res - coalesce((SELECT sum(amount) FROM ai_credit_reservation WHERE wallet_id = w.id
          AND status = 'held' AND expires_at <= now() AND deleted_at IS NULL), 0);
  END IF;
  spendable := bal;
  IF p_module IS NOT NULL AND w.has_restricted_grants THEN
    spendable := coalesce((SELECT sum(CASE WHEN status = 'pending' THEN amount ELSE remaining END)
      FROM ai_credit_grant WHERE wallet_id = w.id AND deleted_at IS NULL
        AND (status = 'active' OR (status = 'pending' AND effective_at <= now()))
        AND (expires_at IS NULL OR expires_at > now())
        AND (modules IS NULL OR cardinality(modules) = 0 OR p_module = ANY(modules))), 0) - w.overage_used;
  END IF;
  RETURN jsonb_build_object(
    'wallet_id', w.id,
    'balance', bal,
    'reserved', res,
    'available', spendable - res,
    'overage_limit', w.overage_limit,
    'overage_used', w.overage_used,
    'spent_this_month', aic_month_spent(w, p_tz),
    'cost_this_month', trim_scale(aic_month_cost(w, p_tz))::text);
END $$;
`

/**
 * The ledger's usage feed: what it publishes of its metered requests for other modules to read
 * (the analytics module reads these views and never the ledger's tables). A feed of events the
 * database reads in place, rather than events copied out through Node: the analytics roll-up sums
 * ten million of them in one INSERT ... SELECT. Plain views, so the planner inlines them and a
 * range of ids stays a range scan of the tables' primary keys.
 *
 * What readers may rely on:
 * - `id` (`aiuse_<ULID>`) and `refund_id` (`aile_<ULID>`) are made at insert time from the clock,
 *   so a time range of rows is a range of ids; `created_at` and `refund_created_at` are the start of
 *   the inserting transaction, never earlier than the id's time by more than a clock's skew.
 * - An event is written in a single-statement transaction; its refund marks the event refunded
 *   (status, refunded_credits, refunded_at) in the same transaction that appends the refund entry.
 *
 * Installed by its own migration, not with the functions (see README.md: a view is checked when it
 * is created, and it pins the columns it reads).
 */
export const USAGE_FEED_SQL = String.raw`
-- One row per metered request (a usage event), with its refund as it stands now.
CREATE OR REPLACE VIEW aic_usage_feed AS
  SELECT e.id, e.created_at, e.module, e.provider, e.model, e.sales_channel_id, e.customer_id, e.cart_id,
    e.currency_code, e.images, e.input_tokens, e.output_tokens, e.credits, e.provider_cost,
    e.status, e.refunded_credits, e.refunded_at
  FROM ai_credit_usage_event e
  WHERE e.deleted_at IS NULL;

-- One row per refund of a usage event: the refund's ledger entry (refund_id, refund_created_at) and
-- the event it gave back, as in aic_usage_feed.
CREATE OR REPLACE VIEW aic_usage_refund_feed AS
  SELECT l.id AS refund_id, l.created_at AS refund_created_at, f.*
  FROM ai_credit_ledger_entry l
  JOIN aic_usage_feed f ON f.id = substr(l.idempotency_key, 8)
  WHERE l.type = 'refund' AND l.idempotency_key LIKE 'refund:%';
`

/** Drops the usage feed (before a migration changes a column it reads; USAGE_FEED_SQL after). */
export const DROP_USAGE_FEED_SQL = String.raw`
DROP VIEW IF EXISTS aic_usage_refund_feed;
DROP VIEW IF EXISTS aic_usage_feed;
`
