/**
 * Read models the ledger publishes: what a wallet holds right now.
 * Installed with the other ledger functions by `index.ts` (see README.md).
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
