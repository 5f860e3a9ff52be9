/**
 * The ledger's core: ids, refusals, the wallet lock, settling due grants and holds, burning grants
 * in order, appending ledger entries (append-only, enforced by a trigger).
 * Installed with the other ledger functions by `index.ts` (see README.md).
 */
export const CORE_SQL = String.raw`
CREATE OR REPLACE FUNCTION aic_id(prefix text) RETURNS text
LANGUAGE plpgsql VOLATILE AS $$
-- Medusa-style id: prefix + ULID (48-bit millisecond time, 80 random bits, Crockford base32).
-- One expression, no loop: PL/pgSQL prepares each expression once per transaction, and ids are
-- made several times in every ledger write.
DECLARE
  alphabet constant text[] := string_to_array('0,1,2,3,4,5,6,7,8,9,A,B,C,D,E,F,G,H,J,K,M,N,P,Q,R,S,T,V,W,X,Y,Z', ',');
  ms bigint := floor(extract(epoch FROM clock_timestamp()) * 1000);
  r1 bigint := floor(random() * 1099511627776)::bigint;
  r2 bigint := floor(random() * 1099511627776)::bigint;
BEGIN
  RETURN prefix || '_' || alphabet[(ms >> 45 & 31) + 1] || alphabet[(ms >> 40 & 31) + 1] || alphabet[(ms >> 35 & 31) + 1]
    || alphabet[(ms >> 30 & 31) + 1] || alphabet[(ms >> 25 & 31) + 1] || alphabet[(ms >> 20 & 31) + 1]
    || alphabet[(ms >> 15 & 31) + 1] || alphabet[(ms >> 10 & 31) + 1] || alphabet[(ms >> 5 & 31) + 1] || alphabet[(ms & 31) + 1]
    || alphabet[(r1 >> 35 & 31) + 1] || alphabet[(r1 >> 30 & 31) + 1] || alphabet[(r1 >> 25 & 31) + 1] || alphabet[(r1 >> 20 & 31) + 1]
    || alphabet[(r1 >> 15 & 31) + 1] || alphabet[(r1 >> 10 & 31) + 1] || alphabet[(r1 >> 5 & 31) + 1] || alphabet[(r1 & 31) + 1]
    || alphabet[(r2 >> 35 & 31) + 1] || alphabet[(r2 >> 30 & 31) + 1] || alphabet[(r2 >> 25 & 31) + 1] || alphabet[(r2 >> 20 & 31) + 1]
    || alphabet[(r2 >> 15 & 31) + 1] || alphabet[(r2 >> 10 & 31) + 1] || alphabet[(r2 >> 5 & 31) + 1] || alphabet[(r2 & 31) + 1];
END $$;

-- Credit columns are PostgreSQL integers, so that Medusa's data models read them as numbers.
CREATE OR REPLACE FUNCTION aic_max_credits() RETURNS bigint
LANGUAGE sql IMMUTABLE AS $$ SELECT 2147483647::bigint $$;

CREATE OR REPLACE FUNCTION aic_err(kind text, message text, extra jsonb DEFAULT '{}'::jsonb)
RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_build_object('error', jsonb_build_object('type', kind, 'message', message) || extra)
$$;

CREATE OR REPLACE FUNCTION aic_balance_json(w ai_credit_wallet) RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'wallet_id', w.id,
    'owner_type', w.owner_type,
    'owner_id', w.owner_id,
    'balance', w.balance,
    'reserved', w.reserved,
    'available', w.balance - w.reserved,
    'overage_limit', w.overage_limit,
    'overage_used', w.overage_used)
$$;

-- Appends one ledger entry; the caller has already applied the same deltas to the wallet row and
-- passes the counters after them (the id and two numbers, not the row: cheaper to pass on every write).
CREATE OR REPLACE FUNCTION aic_append(
  p_wallet_id text, p_balance_after bigint, p_reserved_after bigint, p_type text, p_amount bigint, p_reserved_delta bigint, p jsonb,
  p_idempotency_key text, p_grants jsonb DEFAULT NULL, p_grant_id text DEFAULT NULL,
  p_reservation_id text DEFAULT NULL, p_related_wallet_id text DEFAULT NULL, p_reason text DEFAULT NULL,
  p_entry_id text DEFAULT NULL
) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  entry_id text := coalesce(p_entry_id, aic_id('aile'));
BEGIN
  INSERT INTO ai_credit_ledger_entry (
    id, wallet_id, type, amount, reserved_delta, balance_after, reserved_after, grants, grant_id,
    reservation_id, related_wallet_id, module, actor_type, actor_id, reason, idempotency_key,
    request_hash, metadata)
  VALUES (
    entry_id, p_wallet_id, p_type, p_amount, p_reserved_delta, p_balance_after, p_reserved_after, p_grants, p_grant_id,
    p_reservation_id, p_related_wallet_id, p->>'module', coalesce(p->>'actor_type', 'system'),
    p->>'actor_id', coalesce(p_reason, p->>'reason', p_type), p_idempotency_key, p->>'request_hash',
    p->'metadata');
  RETURN entry_id;
END $$;

-- Recomputes when the wallet next needs settling (a grant starts or expires, a hold times out).
CREATE OR REPLACE FUNCTION aic_next_event_at(p_wallet_id text) RETURNS timestamptz
LANGUAGE sql STABLE AS $$
  SELECT least(
    (SELECT min(effective_at) FROM ai_credit_grant
      WHERE wallet_id = p_wallet_id AND status = 'pending' AND deleted_at IS NULL),
    (SELECT min(expires_at) FROM ai_credit_grant
      WHERE wallet_id = p_wallet_id AND status = 'active' AND remaining > 0 AND expires_at IS NOT NULL
        AND deleted_at IS NULL),
    (SELECT min(expires_at) FROM ai_credit_reservation
      WHERE wallet_id = p_wallet_id AND status = 'held' AND deleted_at IS NULL))
$$;

-- Brings a locked wallet up to now: starts grants whose time has come (paying down overage),
-- expires grants past their expiry and releases holds past their TTL, each with a ledger entry.
CREATE OR REPLACE FUNCTION aic_settle(INOUT w ai_credit_wallet)
LANGUAGE plpgsql AS $$
DECLARE
  g record;
  r record;
  settled bigint;
  uncounted jsonb := '[]'::jsonb;
  excess bigint;
  cut bigint;
BEGIN
  IF w.next_event_at IS NULL OR w.next_event_at > now() THEN
    RETURN;
  END IF;

  FOR g IN SELECT * FROM ai_credit_grant
    WHERE wallet_id = w.id AND status = 'pending' AND effective_at <= now() AND deleted_at IS NULL
    ORDER BY effective_at, id
  LOOP
    settled := CASE WHEN g.modules IS NULL OR cardinality(g.modules) = 0
                    THEN least(w.overage_used, g.amount) ELSE 0 END;
    UPDATE ai_credit_grant SET status = CASE WHEN g.amount - settled = 0 THEN 'depleted' ELSE 'active' END,
      remaining = g.amount - settled, updated_at = now() WHERE id = g.id;
    w.balance := w.balance + g.amount;
    w.overage_used := w.overage_used - settled;
    PERFORM aic_append(w.id, w.balance, w.reserved, 'grant', g.amount, 0,
      jsonb_build_object('actor_type', 'system', 'metadata', jsonb_build_object('settled_overage', settled)),
      'grant:' || g.id, jsonb_build_array(jsonb_build_object('grant_id', g.id, 'amount', g.amount)),
      g.id, NULL, NULL, 'grant became effective');
  END LOOP;

  FOR g IN SELECT * FROM ai_credit_grant
    WHERE wallet_id = w.id AND status = 'active' AND expires_at <= now() AND deleted_at IS NULL
    ORDER BY expires_at, id
  LOOP
    UPDATE ai_credit_grant SET status = 'expired', remaining = 0, updated_at = now() WHERE id = g.id;
    IF g.remaining > 0 THEN
      w.balance := w.balance - g.remaining;
      PERFORM aic_append(w.id, w.balance, w.reserved, 'expire', -g.remaining, 0, jsonb_build_object('actor_type', 'system'),
        'expire:' || g.id, jsonb_build_array(jsonb_build_object('grant_id', g.id, 'amount', g.remaining)),
        g.id, NULL, NULL, 'grant expired');
    END IF;
  END LOOP;

  FOR r IN SELECT * FROM ai_credit_reservation
    WHERE wallet_id = w.id AND status = 'held' AND expires_at <= now() AND deleted_at IS NULL
    ORDER BY expires_at, id
  LOOP
    UPDATE ai_credit_reservation SET status = 'expired', closed_at = now(), updated_at = now()
      WHERE id = r.id;
    uncounted := uncounted || coalesce(r.context->'quotas', '[]'::jsonb);
    w.reserved := w.reserved - r.amount;
    PERFORM aic_append(w.id, w.balance, w.reserved, 'release', 0, -r.amount,
      jsonb_build_object('actor_type', 'system', 'module', r.module),
      'release:' || r.id, NULL, NULL, r.id, NULL, 'hold expired');
  END LOOP;
  -- All at once, in the same lock order as aic_quota_take.
  PERFORM aic_quota_add(uncounted, 0, 0, -1);

  -- Credit that expired under open holds cannot back them any more: the newest holds shrink until
  -- what is held fits what the wallet has (down to its overage limit).
  excess := w.reserved - greatest(w.balance + w.overage_limit, 0);
  FOR r IN SELECT * FROM ai_credit_reservation
    WHERE excess > 0 AND wallet_id = w.id AND status = 'held' AND amount > 0 AND deleted_at IS NULL
    ORDER BY created_at DESC, id DESC
  LOOP
    cut := least(r.amount, excess);
    UPDATE ai_credit_reservation SET amount = amount - cut, updated_at = now() WHERE id = r.id;
    w.reserved := w.reserved - cut;
    excess := excess - cut;
    PERFORM aic_append(w.id, w.balance, w.reserved, 'release', 0, -cut, jsonb_build_object('actor_type', 'system', 'module', r.module),
      'shrink:' || r.id || ':' || aic_id('k'), NULL, NULL, r.id, NULL, 'hold reduced: the credit behind it expired');
    EXIT WHEN excess <= 0;
  END LOOP;

  w.next_event_at := aic_next_event_at(w.id);
  UPDATE ai_credit_wallet SET balance = w.balance, reserved = w.reserved, overage_used = w.overage_used,
    next_event_at = w.next_event_at, updated_at = now() WHERE id = w.id;
END $$;

-- Credits a module may spend: unexpired grants open to it, less overage already used.
CREATE OR REPLACE FUNCTION aic_spendable(w ai_credit_wallet, p_module text) RETURNS bigint
LANGUAGE plpgsql STABLE AS $$
BEGIN
  IF NOT w.has_restricted_grants THEN
    RETURN w.balance;
  END IF;
  RETURN coalesce((SELECT sum(remaining) FROM ai_credit_grant
    WHERE wallet_id = w.id AND status = 'active' AND remaining > 0 AND deleted_at IS NULL
      AND (modules IS NULL OR cardinality(modules) = 0 OR p_module = ANY(modules))), 0) - w.overage_used;
END $$;

-- Takes up to p_amount from the wallet's grants in burn order and returns [{grant_id, amount}].
-- Order: grants restricted to the spending module, then priority (lower first), then soonest
-- expiry, then promotional before paid, then oldest.
CREATE OR REPLACE FUNCTION aic_burn(p_wallet_id text, p_module text, p_amount bigint) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  g record;
  left_to_take bigint := p_amount;
  take bigint;
  shares jsonb := '[]'::jsonb;
BEGIN
  IF p_amount <= 0 THEN
    RETURN shares;
  END IF;
  FOR g IN SELECT id, remaining FROM ai_credit_grant
    WHERE wallet_id = p_wallet_id AND status = 'active' AND remaining > 0 AND deleted_at IS NULL
      AND (modules IS NULL OR cardinality(modules) = 0 OR p_module = ANY(modules))
    ORDER BY (modules IS NOT NULL AND cardinality(modules) > 0) DESC, priority, expires_at NULLS LAST,
      (cost_basis = 'promotional') DESC, effective_at, id
  LOOP
    take := least(g.remaining, left_to_take);
    UPDATE ai_credit_grant SET remaining = remaining - take,
      status = CASE WHEN remaining - take = 0 THEN 'depleted' ELSE status END, updated_at = now()
      WHERE id = g.id;
    shares := shares || jsonb_build_array(jsonb_build_object('grant_id', g.id, 'amount', take));
    left_to_take := left_to_take - take;
    EXIT WHEN left_to_take = 0;
  END LOOP;
  RETURN shares;
END $$;

CREATE OR REPLACE FUNCTION aic_shares_total(shares jsonb) RETURNS bigint
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  total bigint := 0;
  i int;
BEGIN
  FOR i IN 0 .. coalesce(jsonb_array_length(shares), 0) - 1 LOOP
    total := total + (shares->i->>'amount')::bigint;
  END LOOP;
  RETURN total;
END $$;

-- Locks the wallet of an owner, creating it first when needed ("a wallet is created on first grant").
CREATE OR REPLACE FUNCTION aic_lock_wallet(p jsonb, create_missing boolean) RETURNS ai_credit_wallet
LANGUAGE plpgsql AS $$
DECLARE
  w ai_credit_wallet;
BEGIN
  IF p ? 'wallet_id' THEN
    SELECT * INTO w FROM ai_credit_wallet WHERE id = p->>'wallet_id' AND deleted_at IS NULL FOR UPDATE;
    RETURN w;
  END IF;
  SELECT * INTO w FROM ai_credit_wallet
    WHERE owner_type = p->>'owner_type' AND owner_id = p->>'owner_id' AND deleted_at IS NULL FOR UPDATE;
  IF w.id IS NULL AND create_missing THEN
    INSERT INTO ai_credit_wallet (id, owner_type, owner_id, name, overage_limit)
      VALUES (aic_id('aiwal'), p->>'owner_type', p->>'owner_id', p->>'wallet_name',
              coalesce((p->>'overage_limit')::bigint, 0))
      ON CONFLICT DO NOTHING;
    SELECT * INTO w FROM ai_credit_wallet
      WHERE owner_type = p->>'owner_type' AND owner_id = p->>'owner_id' AND deleted_at IS NULL FOR UPDATE;
  END IF;
  RETURN w;
END $$;

-- Settles wallets whose grants or holds are due; used by the scheduled job. Skips wallets another
-- transaction is working on: they settle themselves under their own lock.
CREATE OR REPLACE FUNCTION aic_settle_due(p_limit int) RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
  w ai_credit_wallet;
  n int := 0;
BEGIN
  FOR w IN SELECT * FROM ai_credit_wallet
    WHERE next_event_at <= now() AND deleted_at IS NULL
    ORDER BY next_event_at LIMIT p_limit FOR UPDATE SKIP LOCKED
  LOOP
    BEGIN
      PERFORM aic_settle(w);
    EXCEPTION WHEN OTHERS THEN
      -- One wallet that cannot be settled must not hold up the others: it is retried later.
      RAISE WARNING 'ai-credits: could not settle wallet %: %', w.id, SQLERRM;
      UPDATE ai_credit_wallet SET next_event_at = now() + interval '5 minutes' WHERE id = w.id;
    END;
    n := n + 1;
  END LOOP;
  RETURN n;
END $$;

-- The ledger is append-only.
CREATE OR REPLACE FUNCTION aic_ledger_is_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ai_credit_ledger_entry is append-only (% refused)', TG_OP;
END $$;

DROP TRIGGER IF EXISTS aic_ledger_append_only ON ai_credit_ledger_entry;
CREATE TRIGGER aic_ledger_append_only BEFORE UPDATE OR DELETE ON ai_credit_ledger_entry
  FOR EACH ROW EXECUTE FUNCTION aic_ledger_is_append_only();
`
