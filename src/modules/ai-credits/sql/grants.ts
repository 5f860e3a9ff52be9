/**
 * Credits in and out of wallets outside a request: grants, debits, credits back, refunds of AI
 * results and transfers between wallets.
 * Installed with the other ledger functions by `index.ts` (see README.md).
 */
export const GRANTS_SQL = String.raw`
-- Adds a grant. Idempotent on (wallet, idempotency_key). A grant whose effective_at is in the
-- future waits as 'pending' and enters the balance (and ledger) when settled at that time.
CREATE OR REPLACE FUNCTION aic_grant(p jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  w ai_credit_wallet;
  g ai_credit_grant;
  amt bigint := (p->>'amount')::bigint;
  eff timestamptz := coalesce((p->>'effective_at')::timestamptz, now());
  mods text[] := CASE WHEN jsonb_typeof(p->'modules') = 'array' AND jsonb_array_length(p->'modules') > 0
                      THEN ARRAY(SELECT jsonb_array_elements_text(p->'modules')) END;
  settled bigint := 0;
  entry_id text;
BEGIN
  w := aic_lock_wallet(p, true);
  IF w.id IS NULL THEN
    RETURN aic_err('not_found', 'Wallet not found');
  END IF;

  SELECT * INTO g FROM ai_credit_grant
    WHERE wallet_id = w.id AND idempotency_key = p->>'idempotency_key' AND deleted_at IS NULL;
  IF g.id IS NOT NULL THEN
    IF g.request_hash IS DISTINCT FROM p->>'request_hash' THEN
      RETURN aic_err('idempotency_conflict',
        'This idempotency key was already used for a different grant');
    END IF;
    RETURN jsonb_build_object('grant', to_jsonb(g), 'balance', aic_balance_json(w), 'replayed', true);
  END IF;

  w := aic_settle(w);
  IF w.balance + amt + coalesce((SELECT sum(amount) FROM ai_credit_grant
      WHERE wallet_id = w.id AND status = 'pending' AND deleted_at IS NULL), 0) > aic_max_credits() THEN
    RETURN aic_err('invalid_data', format('A wallet holds at most %s credits', aic_max_credits()));
  END IF;
  IF eff <= now() AND (mods IS NULL) THEN
    settled := least(w.overage_used, amt);
  END IF;

  INSERT INTO ai_credit_grant (id, wallet_id, source, status, amount, remaining, priority, effective_at,
    expires_at, modules, cost_basis, unit_price, raw_unit_price, currency_code, reference_type, reference_id,
    parent_grant_id, idempotency_key, request_hash, metadata)
  VALUES (aic_id('aigr'), w.id, p->>'source',
    CASE WHEN eff > now() THEN 'pending' WHEN amt - settled = 0 THEN 'depleted' ELSE 'active' END,
    amt, CASE WHEN eff > now() THEN 0 ELSE amt - settled END, coalesce((p->>'priority')::int, 50), eff,
    (p->>'expires_at')::timestamptz, mods, coalesce(p->>'cost_basis', 'paid'), (p->>'unit_price')::numeric,
    CASE WHEN p ? 'unit_price' AND p->>'unit_price' IS NOT NULL
      THEN jsonb_build_object('value', p->>'unit_price', 'precision', 20) END,
    p->>'currency_code', p->>'reference_type', p->>'reference_id', p->>'parent_grant_id',
    p->>'idempotency_key', p->>'request_hash', p->'metadata')
  RETURNING * INTO g;

  UPDATE ai_credit_wallet SET
    has_restricted_grants = has_restricted_grants OR mods IS NOT NULL,
    next_event_at = least(next_event_at, CASE WHEN eff > now() THEN eff ELSE g.expires_at END)
  WHERE id = w.id RETURNING * INTO w;

  IF eff <= now() THEN
    w.balance := w.balance + amt;
    w.overage_used := w.overage_used - settled;
    UPDATE ai_credit_wallet SET balance = w.balance, overage_used = w.overage_used, updated_at = now()
      WHERE id = w.id;
    entry_id := aic_append(w.id, w.balance, w.reserved, coalesce(p->>'entry_type', 'grant'), amt, 0,
      p || jsonb_build_object('metadata', coalesce(p->'metadata', '{}'::jsonb)
        || jsonb_build_object('settled_overage', settled)),
      p->>'idempotency_key', jsonb_build_array(jsonb_build_object('grant_id', g.id, 'amount', amt)), g.id);
  END IF;

  RETURN jsonb_build_object('grant', to_jsonb(g), 'balance', aic_balance_json(w), 'ledger_entry_id', entry_id);
END $$;

-- Takes credits out of a wallet: from one grant (grant_id) or across grants in burn order.
-- mode 'exact' refuses when the wallet cannot give the amount; 'up_to' takes what it can (refunds of
-- orders whose credits were partly spent) and reports the shortfall.
CREATE OR REPLACE FUNCTION aic_debit(p jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  w ai_credit_wallet;
  g ai_credit_grant;
  requested bigint := (p->>'amount')::bigint;
  take bigint;
  limit_by_holds bigint;
  shares jsonb;
  prior ai_credit_ledger_entry;
  entry_type text := coalesce(p->>'entry_type', 'revoke');
  entry_id text;
BEGIN
  w := aic_lock_wallet(p, false);
  IF w.id IS NULL THEN
    RETURN aic_err('not_found', 'Wallet not found');
  END IF;
  SELECT * INTO prior FROM ai_credit_ledger_entry
    WHERE wallet_id = w.id AND idempotency_key = p->>'idempotency_key' AND deleted_at IS NULL;
  IF prior.id IS NOT NULL THEN
    IF prior.request_hash IS DISTINCT FROM p->>'request_hash' THEN
      RETURN aic_err('idempotency_conflict', 'This idempotency key was already used for a different change');
    END IF;
    RETURN jsonb_build_object('ledger_entry', to_jsonb(prior), 'balance', aic_balance_json(w), 'replayed', true,
      'taken', -prior.amount, 'shortfall', coalesce((prior.metadata->>'shortfall')::bigint, 0));
  END IF;
  w := aic_settle(w);

  -- Credits held by open authorizations stay with them.
  limit_by_holds := greatest(0, w.balance - w.reserved + w.overage_limit);
  IF p ? 'grant_id' THEN
    SELECT * INTO g FROM ai_credit_grant WHERE id = p->>'grant_id' AND wallet_id = w.id FOR UPDATE;
    IF g.id IS NULL THEN
      RETURN aic_err('not_found', 'Grant not found in this wallet');
    END IF;
    IF g.status = 'pending' THEN
      take := least(requested, g.amount);
      IF p->>'mode' = 'exact' AND take < requested THEN
        RETURN aic_err('exceeds_remaining', format('The grant has %s credits left', g.amount),
          jsonb_build_object('remaining', g.amount));
      END IF;
      UPDATE ai_credit_grant SET amount = amount - take,
        status = CASE WHEN amount - take = 0 THEN 'revoked' ELSE status END, updated_at = now() WHERE id = g.id;
      -- Not yet in the balance, but recorded under the key, so a retry finds it.
      entry_id := aic_append(w.id, w.balance, w.reserved, entry_type, 0, 0, p || jsonb_build_object('metadata', coalesce(p->'metadata', '{}'::jsonb)
        || jsonb_build_object('cancelled_pending', take, 'requested', requested, 'shortfall', requested - take)),
        p->>'idempotency_key', NULL, g.id);
      RETURN jsonb_build_object('balance', aic_balance_json(w), 'taken', 0, 'cancelled_pending', take,
        'shortfall', requested - take, 'ledger_entry_id', entry_id);
    END IF;
    take := least(requested, g.remaining, limit_by_holds);
    IF p->>'mode' = 'exact' AND take < requested THEN
      IF g.remaining < requested THEN
        RETURN aic_err('exceeds_remaining', format('The grant has %s credits left', g.remaining),
          jsonb_build_object('remaining', g.remaining));
      END IF;
      RETURN aic_err('credits_held', 'Some of these credits are held by open authorizations',
        jsonb_build_object('available', limit_by_holds));
    END IF;
    UPDATE ai_credit_grant SET remaining = remaining - take,
      status = CASE WHEN remaining - take = 0 THEN (CASE WHEN entry_type = 'revoke' THEN 'revoked' ELSE 'depleted' END)
                    ELSE status END,
      updated_at = now() WHERE id = g.id;
    shares := CASE WHEN take > 0 THEN jsonb_build_array(jsonb_build_object('grant_id', g.id, 'amount', take))
                   ELSE '[]'::jsonb END;
  ELSE
    take := least(requested, greatest(0, aic_spendable(w, p->>'module') - w.reserved), limit_by_holds);
    IF p->>'mode' = 'exact' AND take < requested THEN
      RETURN aic_err('insufficient_credits', format('The wallet has %s credits available', take),
        jsonb_build_object('available', take));
    END IF;
    shares := aic_burn(w.id, p->>'module', take);
    take := aic_shares_total(shares);
  END IF;

  w.balance := w.balance - take;
  UPDATE ai_credit_wallet SET balance = w.balance, updated_at = now() WHERE id = w.id;
  entry_id := aic_append(w.id, w.balance, w.reserved, entry_type, -take, 0,
    p || jsonb_build_object('metadata', coalesce(p->'metadata', '{}'::jsonb)
      || jsonb_build_object('requested', requested, 'shortfall', requested - take)),
    p->>'idempotency_key', shares, p->>'grant_id');
  RETURN jsonb_build_object('balance', aic_balance_json(w), 'taken', take, 'shortfall', requested - take,
    'grants', shares, 'ledger_entry_id', entry_id);
END $$;

-- Puts credits back into the grants they came from (a refund of a bad AI result, or the reversal
-- of a debit). Credit whose grant has since expired or been revoked is not restored: it is
-- reported as not_restored, exactly as it would have lapsed anyway.
CREATE OR REPLACE FUNCTION aic_credit_back(p jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  w ai_credit_wallet;
  s jsonb;
  g ai_credit_grant;
  amt bigint;
  restored bigint := 0;
  not_restored bigint := 0;
  shares jsonb := '[]'::jsonb;
  prior ai_credit_ledger_entry;
  entry_id text;
BEGIN
  w := aic_lock_wallet(p, false);
  IF w.id IS NULL THEN
    RETURN aic_err('not_found', 'Wallet not found');
  END IF;
  SELECT * INTO prior FROM ai_credit_ledger_entry
    WHERE wallet_id = w.id AND idempotency_key = p->>'idempotency_key' AND deleted_at IS NULL;
  IF prior.id IS NOT NULL THEN
    IF prior.request_hash IS DISTINCT FROM p->>'request_hash' THEN
      RETURN aic_err('idempotency_conflict', 'This idempotency key was already used for a different change');
    END IF;
    RETURN jsonb_build_object('balance', aic_balance_json(w), 'restored', prior.amount, 'replayed', true,
      'not_restored', coalesce((prior.metadata->>'not_restored')::bigint, 0), 'ledger_entry_id', prior.id);
  END IF;
  w := aic_settle(w);

  FOR s IN SELECT * FROM jsonb_array_elements(p->'grants') LOOP
    amt := (s->>'amount')::bigint;
    SELECT * INTO g FROM ai_credit_grant WHERE id = s->>'grant_id' AND wallet_id = w.id;
    IF g.id IS NULL OR g.status NOT IN ('active', 'depleted') OR amt <= 0
       OR g.remaining + amt > g.amount OR g.expires_at <= now() THEN
      not_restored := not_restored + greatest(amt, 0);
      CONTINUE;
    END IF;
    UPDATE ai_credit_grant SET remaining = remaining + amt, status = 'active', updated_at = now() WHERE id = g.id;
    w.next_event_at := least(w.next_event_at, g.expires_at);
    shares := shares || jsonb_build_array(jsonb_build_object('grant_id', g.id, 'amount', amt));
    restored := restored + amt;
  END LOOP;

  -- Restored credit pays down overage first, as a new grant would.
  IF w.overage_used > 0 AND restored > 0 THEN
    w.overage_used := w.overage_used - aic_shares_total(aic_burn(w.id, NULL, least(w.overage_used, restored)));
  END IF;
  w.balance := w.balance + restored;
  UPDATE ai_credit_wallet SET balance = w.balance, overage_used = w.overage_used, next_event_at = w.next_event_at,
    updated_at = now() WHERE id = w.id;
  entry_id := aic_append(w.id, w.balance, w.reserved, coalesce(p->>'entry_type', 'refund'), restored, 0,
    p || jsonb_build_object('metadata', coalesce(p->'metadata', '{}'::jsonb)
      || jsonb_build_object('not_restored', not_restored)),
    p->>'idempotency_key', shares, NULL, p->>'reservation_id');
  RETURN jsonb_build_object('balance', aic_balance_json(w), 'restored', restored, 'not_restored', not_restored,
    'grants', shares, 'ledger_entry_id', entry_id);
END $$;

-- Gives back the credits of a rejected AI result into the grants that paid them. A customer may
-- do so within the refund window and up to a number of refunds per 30 days; an admin may always.
-- Refunding twice returns the first refund.
CREATE OR REPLACE FUNCTION aic_refund_usage(p jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  e ai_credit_usage_event;
  w ai_credit_wallet;
  r ai_credit_reservation;
  recent int;
  back jsonb;
  overage_part bigint;
  paid_down bigint;
  refunded bigint;
BEGIN
  SELECT * INTO w FROM ai_credit_wallet
    WHERE id = (SELECT wallet_id FROM ai_credit_usage_event WHERE id = p->>'usage_event_id') FOR UPDATE;
  SELECT * INTO e FROM ai_credit_usage_event WHERE id = p->>'usage_event_id';
  IF e.id IS NULL OR (p ? 'customer_id' AND e.customer_id IS DISTINCT FROM p->>'customer_id') THEN
    RETURN aic_err('not_found', 'Usage event not found');
  END IF;
  IF e.status = 'refunded' THEN
    RETURN jsonb_build_object('usage_event', to_jsonb(e), 'refunded_credits', e.refunded_credits,
      'balance', aic_balance_json(w), 'replayed', true);
  END IF;
  IF p ? 'window_hours' AND e.created_at < now() - make_interval(hours => (p->>'window_hours')::int) THEN
    RETURN aic_err('not_allowed', format('Results can be rejected within %s hours', p->>'window_hours'),
      jsonb_build_object('reason', 'refund_window_closed'));
  END IF;
  IF p ? 'max_refunds' THEN
    -- A customer's refunds may come from several wallets at once: count them one at a time.
    PERFORM pg_advisory_xact_lock(hashtext('aic_refund:' || coalesce(e.customer_id, '')));
    SELECT count(*) INTO recent FROM ai_credit_usage_event
      WHERE customer_id = e.customer_id AND status = 'refunded' AND refunded_at > now() - interval '30 days';
    IF recent >= (p->>'max_refunds')::int THEN
      RETURN aic_err('not_allowed', 'The limit of rejected results for this period is reached',
        jsonb_build_object('reason', 'refund_limit_reached'));
    END IF;
  END IF;

  SELECT * INTO r FROM ai_credit_reservation WHERE id = e.reservation_id;
  -- What was charged beyond the grants went into overage: it comes back off the overage used
  -- (first, so that the credit put back into the grants is not spent on that overage again).
  overage_part := greatest(coalesce(r.captured_amount, 0) - aic_shares_total(coalesce(r.grants, '[]'::jsonb)), 0);
  paid_down := least(overage_part, w.overage_used);
  IF paid_down > 0 THEN
    w.balance := w.balance + paid_down;
    w.overage_used := w.overage_used - paid_down;
    UPDATE ai_credit_wallet SET balance = w.balance, overage_used = w.overage_used, updated_at = now() WHERE id = w.id;
    PERFORM aic_append(w.id, w.balance, w.reserved, 'refund', paid_down, 0, jsonb_build_object('actor_type', coalesce(p->>'actor_type', 'system'),
      'actor_id', p->>'actor_id', 'module', e.module, 'metadata', jsonb_build_object('usage_event_id', e.id, 'overage', true)),
      'refund:' || e.id || ':overage', NULL, NULL, r.id, NULL, coalesce(p->>'reason', 'result rejected'));
  END IF;
  -- Overage a later grant already paid for comes back as credit of its own.
  IF overage_part > paid_down THEN
    PERFORM aic_grant(jsonb_build_object('wallet_id', w.id, 'amount', overage_part - paid_down, 'source', 'adjustment',
      'cost_basis', 'promotional', 'entry_type', 'refund', 'idempotency_key', 'refund:' || e.id || ':overage-grant',
      'reason', coalesce(p->>'reason', 'result rejected'), 'reference_type', 'usage_event', 'reference_id', e.id,
      'actor_type', coalesce(p->>'actor_type', 'system'), 'actor_id', p->>'actor_id'));
  END IF;
  back := aic_credit_back(jsonb_build_object('wallet_id', w.id, 'grants', coalesce(r.grants, '[]'::jsonb),
    'idempotency_key', 'refund:' || e.id, 'entry_type', 'refund', 'reservation_id', r.id, 'module', e.module,
    'reason', coalesce(p->>'reason', 'result rejected'), 'actor_type', p->>'actor_type', 'actor_id', p->>'actor_id',
    'metadata', jsonb_build_object('usage_event_id', e.id)));
  SELECT * INTO w FROM ai_credit_wallet WHERE id = w.id;
  refunded := (back->>'restored')::bigint + overage_part;
  -- A refunded charge no longer counts towards this month's budget.
  IF w.month_start = aic_month_start(p->>'time_zone') THEN
    w.month_spent := greatest(w.month_spent - refunded, 0);
  END IF;
  UPDATE ai_credit_wallet SET balance = w.balance, overage_used = w.overage_used, month_spent = w.month_spent,
    updated_at = now() WHERE id = w.id;
  UPDATE ai_credit_usage_event SET status = 'refunded', refunded_credits = refunded,
    refunded_at = now(), refund_reason = p->>'reason', updated_at = now()
    WHERE id = e.id RETURNING * INTO e;
  RETURN jsonb_build_object('usage_event', to_jsonb(e), 'refunded_credits', e.refunded_credits,
    'not_restored', back->'not_restored', 'balance', aic_balance_json(w));
END $$;

-- Moves credits from one wallet to another (a pool allocating to a sales channel). The credits keep
-- their source, expiry, restrictions and cost basis: each grant burned in the source becomes a
-- child grant in the target.
CREATE OR REPLACE FUNCTION aic_transfer(p jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  src ai_credit_wallet;
  dst ai_credit_wallet;
  amt bigint := (p->>'amount')::bigint;
  key text := p->>'idempotency_key';
  entry_type text := coalesce(p->>'entry_type', 'transfer');
  prior ai_credit_ledger_entry;
  member ai_credit_pool_member;
  shares jsonb;
  s jsonb;
  parent ai_credit_grant;
  child_shares jsonb := '[]'::jsonb;
  child_id text;
  dst_next timestamptz;
BEGIN
  -- Lock both wallets in the payer chain's order (customer, group, sales channel, pool, store, then
  -- id), the order authorizations lock them in, so no transfer and request can deadlock.
  PERFORM 1 FROM ai_credit_wallet WHERE id IN (p->>'from_wallet_id', p->>'to_wallet_id')
    ORDER BY array_position(ARRAY['customer', 'customer_group', 'sales_channel', 'pool', 'store'], owner_type), id
    FOR UPDATE;
  SELECT * INTO src FROM ai_credit_wallet WHERE id = p->>'from_wallet_id' AND deleted_at IS NULL;
  SELECT * INTO dst FROM ai_credit_wallet WHERE id = p->>'to_wallet_id' AND deleted_at IS NULL;
  IF src.id IS NULL OR dst.id IS NULL THEN
    RETURN aic_err('not_found', 'Wallet not found');
  END IF;
  IF src.id = dst.id THEN
    RETURN aic_err('invalid_data', 'Cannot transfer credits to the same wallet');
  END IF;
  SELECT * INTO prior FROM ai_credit_ledger_entry
    WHERE wallet_id = src.id AND idempotency_key = key AND deleted_at IS NULL;
  IF prior.id IS NOT NULL THEN
    IF prior.request_hash IS DISTINCT FROM p->>'request_hash' THEN
      RETURN aic_err('idempotency_conflict', 'This idempotency key was already used for a different transfer');
    END IF;
    RETURN jsonb_build_object('from', aic_balance_json(src), 'to', aic_balance_json(dst), 'replayed', true,
      'ledger_entry_id', prior.id);
  END IF;

  IF entry_type = 'allocate' THEN
    SELECT * INTO member FROM ai_credit_pool_member
      WHERE pool_id = src.id AND sales_channel_id = dst.owner_id AND deleted_at IS NULL FOR UPDATE;
    IF member.id IS NULL THEN
      RETURN aic_err('not_allowed', 'This sales channel is not a member of the pool');
    END IF;
    IF member.allocation_cap IS NOT NULL AND member.allocated + amt > member.allocation_cap THEN
      RETURN aic_err('cap_exceeded', format('The pool may allocate %s more credits to this sales channel',
        member.allocation_cap - member.allocated),
        jsonb_build_object('allocation_cap', member.allocation_cap, 'allocated', member.allocated));
    END IF;
  END IF;

  src := aic_settle(src);
  dst := aic_settle(dst);
  IF src.balance - src.reserved - amt < 0 THEN
    RETURN aic_err('insufficient_credits', format('The source wallet has %s credits available',
      greatest(0, src.balance - src.reserved)), jsonb_build_object('available', src.balance - src.reserved));
  END IF;
  -- Module-restricted credit stays where it was granted: only unrestricted credit moves.
  IF aic_spendable(src, NULL) - src.reserved - amt < 0 THEN
    RETURN aic_err('insufficient_credits', format('The source wallet has %s unrestricted credits available',
      greatest(0, aic_spendable(src, NULL) - src.reserved)),
      jsonb_build_object('available', greatest(0, aic_spendable(src, NULL) - src.reserved), 'reason', 'restricted_credit'));
  END IF;
  IF dst.balance + amt > aic_max_credits() THEN
    RETURN aic_err('invalid_data', format('A wallet holds at most %s credits', aic_max_credits()));
  END IF;
  shares := aic_burn(src.id, NULL, amt);
  IF aic_shares_total(shares) < amt THEN
    -- Only module-restricted credit is left; moving it needs an explicit grant.
    RAISE EXCEPTION 'aic: transfer could not be covered by grants' USING ERRCODE = 'P0001';
  END IF;

  FOR s IN SELECT * FROM jsonb_array_elements(shares) LOOP
    SELECT * INTO parent FROM ai_credit_grant WHERE id = s->>'grant_id';
    child_id := aic_id('aigr');
    INSERT INTO ai_credit_grant (id, wallet_id, source, status, amount, remaining, priority, effective_at,
      expires_at, modules, cost_basis, unit_price, raw_unit_price, currency_code, reference_type, reference_id,
      parent_grant_id, idempotency_key, metadata)
    VALUES (child_id, dst.id, parent.source, 'active', (s->>'amount')::bigint, (s->>'amount')::bigint,
      parent.priority, now(), parent.expires_at, parent.modules, parent.cost_basis, parent.unit_price,
      parent.raw_unit_price, parent.currency_code, 'wallet', src.id, parent.id, key || ':' || parent.id, NULL);
    child_shares := child_shares || jsonb_build_array(jsonb_build_object('grant_id', child_id, 'amount', s->'amount'));
    IF parent.expires_at IS NOT NULL THEN
      dst_next := least(dst_next, parent.expires_at);
    END IF;
    IF parent.modules IS NOT NULL THEN
      dst.has_restricted_grants := true;
    END IF;
  END LOOP;

  src.balance := src.balance - amt;
  UPDATE ai_credit_wallet SET balance = src.balance, updated_at = now() WHERE id = src.id;
  PERFORM aic_append(src.id, src.balance, src.reserved, entry_type, -amt, 0, p, key, shares, NULL, NULL, dst.id);

  dst.balance := dst.balance + amt;
  dst.next_event_at := least(dst.next_event_at, dst_next);
  UPDATE ai_credit_wallet SET balance = dst.balance, next_event_at = dst.next_event_at,
    has_restricted_grants = dst.has_restricted_grants, updated_at = now() WHERE id = dst.id;
  -- The key is the source's: in the target it is scoped by the source, so that two sources may use
  -- the same key for transfers into one wallet.
  PERFORM aic_append(dst.id, dst.balance, dst.reserved, entry_type, amt, 0, p, 'from:' || src.id || ':' || key, child_shares, NULL, NULL, src.id);

  IF member.id IS NOT NULL THEN
    UPDATE ai_credit_pool_member SET allocated = allocated + amt, updated_at = now() WHERE id = member.id;
  END IF;
  RETURN jsonb_build_object('from', aic_balance_json(src), 'to', aic_balance_json(dst));
END $$;
`
