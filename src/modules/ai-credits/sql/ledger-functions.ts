/** Drops every version of the ledger functions (and with them the append-only trigger). */
export const DROP_LEDGER_FUNCTIONS_SQL = String.raw`
DO $$
DECLARE
  f record;
BEGIN
  FOR f IN SELECT p.oid::regprocedure AS signature FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = current_schema() AND p.proname LIKE 'aic\_%'
  LOOP
    EXECUTE 'DROP FUNCTION ' || f.signature || ' CASCADE';
  END LOOP;
END $$;
`

/**
 * The ledger's write path as PostgreSQL functions, installed by this module's migrations.
 * Kept as SQL text in a .ts file so `medusa plugin:build` ships it.
 */
export const LEDGER_FUNCTIONS_SQL = String.raw`
-- medusa-ai-credits: the ledger's write path, one function per operation.
--
-- Every change of a wallet runs in one of these functions, in one round trip, under the wallet's
-- row lock (SELECT ... FOR UPDATE). Statements inside a PL/pgSQL function each take a fresh
-- snapshot, so after the lock every read sees the latest committed grants and holds. Each function
-- takes and returns jsonb; refusals are returned as {"error": {...}} rather than raised, so nothing
-- is written and the caller maps them to HTTP errors.
--
-- The hot-path writes (authorize, capture, charge) take the ids of the rows they create from
-- p->'new_ids' ({reservation, ledger_entry, usage_event}, made by the service): an id made here costs
-- more than the statement that stores it. Without them, aic_id makes one.

-- Helpers called on every request are PL/pgSQL or inlinable one-expression SQL: PostgreSQL up to
-- 17 parses and plans the body of any other SQL function again at each call.
--
-- Installing replaces every earlier version: the functions are dropped first, so a later release
-- can change a signature; each change ships as a migration that runs this script again. Earlier
-- migrations run the latest script too, before later ones add the columns it uses: bodies are
-- checked when first called, not when installed.
SELECT set_config('check_function_bodies', 'off', true);
${DROP_LEDGER_FUNCTIONS_SQL}

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

-- The wallets that may pay, in the order they are asked: each element of payers is
-- {"wallet_id"}, {"owner_type", "owner_id"} or {"pools_of_sales_channel"} (the pools a sales
-- channel belongs to, oldest first). Owners without a wallet are skipped. One index lookup each.
CREATE OR REPLACE FUNCTION aic_payer_wallets(payers jsonb) RETURNS text[]
LANGUAGE plpgsql STABLE AS $$
DECLARE
  ref jsonb;
  found text;
  ids text[] := '{}';
BEGIN
  FOR ref IN SELECT * FROM jsonb_array_elements(payers) LOOP
    IF ref ? 'wallet_id' THEN
      SELECT id INTO found FROM ai_credit_wallet WHERE id = ref->>'wallet_id' AND deleted_at IS NULL;
    ELSIF ref ? 'pools_of_sales_channel' THEN
      ids := ids || ARRAY(SELECT pool_id FROM ai_credit_pool_member
        WHERE sales_channel_id = ref->>'pools_of_sales_channel' AND deleted_at IS NULL ORDER BY created_at, id);
      CONTINUE;
    ELSE
      SELECT id INTO found FROM ai_credit_wallet
        WHERE owner_type = ref->>'owner_type' AND owner_id = ref->>'owner_id' AND deleted_at IS NULL;
    END IF;
    IF found IS NOT NULL THEN
      ids := ids || found;
    END IF;
    found := NULL;
  END LOOP;
  RETURN ids;
END $$;

-- The reservation made with this idempotency key on the first of these wallets that has one. A loop
-- of index lookups rather than a join over the array: PostgreSQL would plan such a join again at
-- every call (its generic plan never looks cheaper than a custom one), which cost more than the lookup.
CREATE OR REPLACE FUNCTION aic_reservation_by_key(wallet_ids text[], p_key text) RETURNS ai_credit_reservation
LANGUAGE plpgsql STABLE AS $$
DECLARE
  wid text;
  r ai_credit_reservation;
BEGIN
  FOREACH wid IN ARRAY wallet_ids LOOP
    SELECT * INTO r FROM ai_credit_reservation WHERE wallet_id = wid AND idempotency_key = p_key AND deleted_at IS NULL;
    IF FOUND THEN
      RETURN r;
    END IF;
  END LOOP;
  RETURN r;
END $$;

-- The price that applies: the paying wallet's own pool price, else the price of the requester's
-- plan (p_plan_id), else the default.
CREATE OR REPLACE FUNCTION aic_price_for(p_provider text, p_model text, w ai_credit_wallet, p_plan_id text)
RETURNS ai_credit_price
LANGUAGE sql STABLE AS $$
  SELECT * FROM ai_credit_price
    WHERE provider = p_provider AND model = p_model AND superseded_at IS NULL AND deleted_at IS NULL
      AND (scope_type = 'default' OR (scope_type = 'pool' AND scope_id = w.id)
        OR (scope_type = 'plan' AND scope_id = p_plan_id))
    ORDER BY CASE scope_type WHEN 'pool' THEN 0 WHEN 'plan' THEN 1 ELSE 2 END
    LIMIT 1
$$;

-- Credits and provider cost of a usage at a price. Exact decimal arithmetic; the credits are
-- rounded up to the next whole credit (a request that used anything priced costs at least one).
CREATE OR REPLACE FUNCTION aic_credits_for(pr ai_credit_price, u jsonb, OUT credits bigint, OUT cost numeric)
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  input_tokens numeric := coalesce((u->>'input_tokens')::numeric, 0);
  output_tokens numeric := coalesce((u->>'output_tokens')::numeric, 0);
  images numeric := coalesce((u->>'images')::numeric, 0);
  requests numeric := coalesce((u->>'requests')::numeric, 1);
BEGIN
  credits := ceil(input_tokens * pr.credits_per_1k_input_tokens / 1000
    + output_tokens * pr.credits_per_1k_output_tokens / 1000
    + images * pr.credits_per_image + requests * pr.credits_per_request)::bigint;
  cost := input_tokens * pr.cost_per_1k_input_tokens / 1000
    + output_tokens * pr.cost_per_1k_output_tokens / 1000
    + images * pr.cost_per_image + requests * pr.cost_per_request;
END $$;

-- Records the usage event of a captured request (one per reservation); the reservation already
-- carries the event's id in usage_event_id.
CREATE OR REPLACE FUNCTION aic_record_usage(
  r ai_credit_reservation, p jsonb, p_credits bigint, p_requested bigint, p_cost numeric, p_currency text
) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  u jsonb := coalesce(p->'usage', '{}'::jsonb);
  c jsonb := coalesce(r.context, '{}'::jsonb);
  event ai_credit_usage_event;
BEGIN
  INSERT INTO ai_credit_usage_event (id, wallet_id, reservation_id, module, action, provider, model, price_id,
    input_tokens, output_tokens, images, requests, output_type, credits, requested_credits, provider_cost,
    raw_provider_cost, currency_code, sales_channel_id, customer_id, visitor_id, user_id, cart_id,
    conversation_id, latency_ms, metadata)
  VALUES (r.usage_event_id, r.wallet_id, r.id, coalesce(r.module, 'custom'), c->>'action',
    coalesce(p->>'provider', r.provider), coalesce(p->>'model', r.model), r.price_id,
    coalesce((u->>'input_tokens')::int, 0), coalesce((u->>'output_tokens')::int, 0),
    coalesce((u->>'images')::int, 0), coalesce((u->>'requests')::int, 1), p->>'output_type',
    p_credits, p_requested, coalesce(p_cost, 0),
    jsonb_build_object('value', coalesce(p_cost, 0)::text, 'precision', 20), coalesce(p_currency, 'usd'),
    c->>'sales_channel_id', c->>'customer_id', c->>'visitor_id', c->>'user_id', c->>'cart_id',
    c->>'conversation_id', (p->>'latency_ms')::int, p->'metadata')
  RETURNING * INTO event;
  RETURN to_jsonb(event);
END $$;

-- Quotas. p->'quotas' lists the quota rules that match a request, as the service computed them:
-- {rule_id, name, subject, metric, limit, action, bucket_start, window_start, resets_at}. Counters
-- are per (rule, subject, time bucket); a window sums its buckets (one for calendar windows, several
-- for rolling ones). Rows are locked in a fixed order, so concurrent requests cannot deadlock.
CREATE OR REPLACE FUNCTION aic_quota_cost(metric text, credits bigint, tokens bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE metric WHEN 'credits' THEN credits WHEN 'tokens' THEN tokens ELSE 1 END
$$;

-- Counts a request against its quotas, if it fits them all: one locking update per counter. Returns
-- {"counted": [{rule_id, subject, bucket_start, metric, cost}], "over": [...]} (over: notify-only
-- quotas the request went past), or {"error": ...} for the first blocking quota it does not fit
-- (quota_exceeded, with the rule, what remains and when it resets) after taking back what it counted.
CREATE OR REPLACE FUNCTION aic_quota_take(quotas jsonb, credits bigint, tokens bigint) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  q jsonb;
  cost bigint;
  used_before bigint;
  counted jsonb := '[]'::jsonb;
  over jsonb := '[]'::jsonb;
BEGIN
  IF quotas IS NULL OR jsonb_array_length(quotas) = 0 THEN
    RETURN jsonb_build_object('counted', counted, 'over', over);
  END IF;
  FOR q IN SELECT value FROM jsonb_array_elements(quotas) ORDER BY value->>'rule_id', value->>'subject' LOOP
    cost := aic_quota_cost(q->>'metric', credits, tokens);
    UPDATE ai_credit_quota_counter SET used = used + cost, updated_at = now()
      WHERE rule_id = q->>'rule_id' AND subject = q->>'subject' AND bucket_start = (q->>'bucket_start')::timestamptz
        AND deleted_at IS NULL
      RETURNING ai_credit_quota_counter.used - cost INTO used_before;
    IF NOT FOUND THEN
      INSERT INTO ai_credit_quota_counter (id, rule_id, subject, bucket_start, used)
        VALUES (aic_id('aiqc'), q->>'rule_id', q->>'subject', (q->>'bucket_start')::timestamptz, cost)
        ON CONFLICT (rule_id, subject, bucket_start) WHERE deleted_at IS NULL
        DO UPDATE SET used = ai_credit_quota_counter.used + excluded.used, updated_at = now()
        RETURNING ai_credit_quota_counter.used - cost INTO used_before;
    END IF;
    IF q->>'window_start' <> q->>'bucket_start' THEN
      -- A rolling window also counts its earlier buckets.
      used_before := used_before + coalesce((SELECT sum(c.used) FROM ai_credit_quota_counter c
        WHERE c.rule_id = q->>'rule_id' AND c.subject = q->>'subject' AND c.deleted_at IS NULL
          AND c.bucket_start >= (q->>'window_start')::timestamptz
          AND c.bucket_start < (q->>'bucket_start')::timestamptz), 0);
    END IF;
    counted := counted || jsonb_build_array(jsonb_build_object('rule_id', q->>'rule_id', 'subject', q->>'subject',
      'bucket_start', q->>'bucket_start', 'metric', q->>'metric', 'cost', cost));
    IF used_before + cost > (q->>'limit')::bigint THEN
      IF q->>'action' = 'notify' THEN
        over := over || jsonb_build_array(q || jsonb_build_object('used', used_before));
      ELSE
        PERFORM aic_quota_add(counted, 0, 0, -1);
        RETURN aic_err('quota_exceeded', format('The quota "%s" allows %s %s per window; %s left', q->>'name',
            q->>'limit', q->>'metric', greatest((q->>'limit')::bigint - used_before, 0)),
          jsonb_build_object('rule', jsonb_build_object('id', q->>'rule_id', 'name', q->>'name', 'metric', q->>'metric',
              'limit', (q->>'limit')::bigint, 'action', q->>'action'),
            'used', used_before, 'remaining', greatest((q->>'limit')::bigint - used_before, 0), 'resets_at', q->>'resets_at',
            'required', cost));
      END IF;
    END IF;
  END LOOP;
  RETURN jsonb_build_object('counted', counted, 'over', over);
END $$;

-- What a request counts against each of its quotas: [{rule_id, subject, bucket_start, metric, cost}],
-- with the rule's name, limit, action and window, so that its capture can check them again.
CREATE OR REPLACE FUNCTION aic_quota_costs(quotas jsonb, credits bigint, tokens bigint) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  costs jsonb := '[]'::jsonb;
  q jsonb;
  i int;
BEGIN
  FOR i IN 0 .. coalesce(jsonb_array_length(quotas), 0) - 1 LOOP
    q := quotas->i;
    costs := costs || jsonb_build_array(jsonb_build_object('rule_id', q->>'rule_id', 'subject', q->>'subject',
      'bucket_start', q->>'bucket_start', 'metric', q->>'metric', 'cost', aic_quota_cost(q->>'metric', credits, tokens),
      'name', q->'name', 'limit', q->'limit', 'action', q->'action', 'window_start', q->'window_start',
      'resets_at', q->'resets_at'));
  END LOOP;
  RETURN costs;
END $$;

-- Takes the quotas as the last step before commit, so counters shared by many requests stay locked
-- as briefly as possible. A refusal aborts the whole transaction (the hold or charge made before it
-- included) with the refusal as the error's detail; the service turns it back into a refusal.
CREATE OR REPLACE FUNCTION aic_quota_take_or_abort(quotas jsonb, credits bigint, tokens bigint) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  quota jsonb;
BEGIN
  IF quotas IS NULL OR jsonb_array_length(quotas) = 0 THEN
    -- Most requests match no quota: answer without the call below.
    RETURN '{"counted": [], "over": []}'::jsonb;
  END IF;
  quota := aic_quota_take(quotas, credits, tokens);
  IF quota ? 'error' THEN
    RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'aic_refusal', DETAIL = quota::text;
  END IF;
  RETURN quota;
END $$;

-- Takes counted quota costs back (sign -1: a released or expired hold), or adds them again.
CREATE OR REPLACE FUNCTION aic_quota_add(counted jsonb, credits bigint, tokens bigint, sign int) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  q jsonb;
BEGIN
  IF counted IS NULL OR jsonb_array_length(counted) = 0 THEN
    RETURN;
  END IF;
  FOR q IN SELECT value FROM jsonb_array_elements(counted) ORDER BY value->>'rule_id', value->>'subject' LOOP
    UPDATE ai_credit_quota_counter
      SET used = greatest(used + sign * coalesce((q->>'cost')::bigint, aic_quota_cost(q->>'metric', credits, tokens)), 0),
        updated_at = now()
      WHERE rule_id = q->>'rule_id' AND subject = q->>'subject' AND bucket_start = (q->>'bucket_start')::timestamptz
        AND deleted_at IS NULL;
  END LOOP;
END $$;

-- Moves a hold's quota counts to what the request really used (credits and tokens metrics). With
-- refuse, a request that used more than it held and so takes a blocking quota past its limit is
-- refused before it is charged: the whole transaction aborts (as in aic_quota_take_or_abort), the
-- hold stays held. Holds made before the counts kept their rule's limit are not checked.
CREATE OR REPLACE FUNCTION aic_quota_settle(counted jsonb, credits bigint, tokens bigint, refuse boolean DEFAULT false)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  q jsonb;
  delta bigint;
  used_now bigint;
  live_limit bigint;
  live_action text;
BEGIN
  IF counted IS NULL OR jsonb_array_length(counted) = 0 THEN
    RETURN;
  END IF;
  FOR q IN SELECT value FROM jsonb_array_elements(counted) ORDER BY value->>'rule_id', value->>'subject' LOOP
    delta := aic_quota_cost(q->>'metric', credits, tokens) - (q->>'cost')::bigint;
    IF q->>'metric' <> 'requests' AND delta <> 0 THEN
      UPDATE ai_credit_quota_counter SET used = greatest(used + delta, 0), updated_at = now()
        WHERE rule_id = q->>'rule_id' AND subject = q->>'subject'
          AND bucket_start = (q->>'bucket_start')::timestamptz AND deleted_at IS NULL
        RETURNING used INTO used_now;
      IF refuse AND delta > 0 AND q ? 'limit' THEN
        -- The rule as it is now decides: one switched off or deleted since the hold refuses nothing,
        -- a changed limit or action applies at once (the hold's copy only says which rule it was).
        SELECT qr."limit", qr.action INTO live_limit, live_action FROM ai_credit_quota_rule qr
          WHERE qr.id = q->>'rule_id' AND qr.is_active AND qr.deleted_at IS NULL;
        IF live_limit IS NOT NULL AND live_action IS DISTINCT FROM 'notify' THEN
          q := q || jsonb_build_object('limit', live_limit, 'action', live_action);
        ELSE
          CONTINUE;
        END IF;
        IF q->>'window_start' IS DISTINCT FROM q->>'bucket_start' THEN
          used_now := coalesce(used_now, 0) + coalesce((SELECT sum(c.used) FROM ai_credit_quota_counter c
            WHERE c.rule_id = q->>'rule_id' AND c.subject = q->>'subject' AND c.deleted_at IS NULL
              AND c.bucket_start >= (q->>'window_start')::timestamptz
              AND c.bucket_start < (q->>'bucket_start')::timestamptz), 0);
        END IF;
        IF used_now > (q->>'limit')::bigint THEN
          RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'aic_refusal', DETAIL = aic_err('quota_exceeded',
            format('The quota "%s" allows %s %s per window; %s left, and this request used %s more than it held',
              q->>'name', q->>'limit', q->>'metric', greatest((q->>'limit')::bigint - (used_now - delta), 0), delta),
            jsonb_build_object('rule', jsonb_build_object('id', q->>'rule_id', 'name', q->>'name', 'metric', q->>'metric',
                'limit', (q->>'limit')::bigint, 'action', q->>'action'),
              'used', used_now - delta, 'remaining', greatest((q->>'limit')::bigint - (used_now - delta), 0),
              'resets_at', q->>'resets_at', 'required', delta))::text;
        END IF;
      END IF;
    END IF;
  END LOOP;
END $$;

-- Budgets. A wallet's monthly spend cap counts what it was charged this calendar month in the
-- store's time zone (p->>'time_zone'); holds count against it too. Its monthly cost cap counts what
-- the providers charged for its requests this month (in the rate cards' currency), plus the
-- estimated cost of the request at hand.
CREATE OR REPLACE FUNCTION aic_month_start(tz text) RETURNS timestamptz
LANGUAGE sql STABLE AS $$
  SELECT date_trunc('month', now() AT TIME ZONE coalesce(tz, 'UTC')) AT TIME ZONE coalesce(tz, 'UTC')
$$;

CREATE OR REPLACE FUNCTION aic_month_spent(w ai_credit_wallet, tz text) RETURNS bigint
LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN w.month_start = aic_month_start(tz) THEN w.month_spent ELSE 0 END
$$;

CREATE OR REPLACE FUNCTION aic_month_cost(w ai_credit_wallet, tz text) RETURNS numeric
LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN w.month_start = aic_month_start(tz) THEN w.month_cost ELSE 0 END
$$;

-- Whether a blocking monthly cap keeps this wallet from paying amt more (of est_cost provider cost).
CREATE OR REPLACE FUNCTION aic_over_budget(w ai_credit_wallet, amt bigint, tz text, est_cost numeric) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT w.monthly_cap_action = 'block' AND (
    (w.monthly_spend_cap IS NOT NULL AND aic_month_spent(w, tz) + w.reserved + amt > w.monthly_spend_cap)
    OR (w.monthly_cost_cap IS NOT NULL AND (aic_month_cost(w, tz) >= w.monthly_cost_cap
      OR aic_month_cost(w, tz) + coalesce(est_cost, 0) > w.monthly_cost_cap)))
$$;

-- Counts a charge in this month's spending (w must then be written back) and returns the alerts
-- it set off: budget thresholds crossed (50/80/95 % by default), a notify-only cap passed, the
-- balance dropping below the wallet's low-balance threshold. Each crossing happens in exactly one
-- transaction (the wallet is locked), so each alert fires once.
CREATE OR REPLACE FUNCTION aic_count_spending(INOUT w ai_credit_wallet, charge bigint, cost numeric, balance_before bigint,
  tz text, OUT alerts jsonb)
LANGUAGE plpgsql AS $$
DECLARE
  month timestamptz := aic_month_start(tz);
  before bigint;
  cost_before numeric;
  t int;
BEGIN
  alerts := '[]'::jsonb;
  IF w.month_start IS DISTINCT FROM month THEN
    w.month_start := month;
    w.month_spent := 0;
    w.month_cost := 0;
  END IF;
  before := w.month_spent;
  w.month_spent := w.month_spent + charge;
  cost_before := w.month_cost;
  w.month_cost := w.month_cost + coalesce(cost, 0);
  IF w.monthly_cost_cap IS NOT NULL AND cost_before <= w.monthly_cost_cap AND w.month_cost > w.monthly_cost_cap THEN
    alerts := alerts || jsonb_build_array(jsonb_build_object('kind', 'cost_budget_exceeded',
      'cost', w.month_cost::text, 'cost_cap', w.monthly_cost_cap::text, 'month_start', month));
  END IF;
  IF w.monthly_spend_cap IS NOT NULL AND w.monthly_spend_cap > 0 THEN
    FOR t IN SELECT value::int FROM jsonb_array_elements_text(coalesce(w.alert_thresholds, '[50, 80, 95]'::jsonb)) LOOP
      IF before * 100 < t::bigint * w.monthly_spend_cap AND w.month_spent * 100 >= t::bigint * w.monthly_spend_cap THEN
        alerts := alerts || jsonb_build_array(jsonb_build_object('kind', 'budget_threshold', 'threshold', t,
          'spent', w.month_spent, 'cap', w.monthly_spend_cap, 'month_start', month));
      END IF;
    END LOOP;
    IF w.monthly_cap_action = 'notify' AND before <= w.monthly_spend_cap AND w.month_spent > w.monthly_spend_cap THEN
      alerts := alerts || jsonb_build_array(jsonb_build_object('kind', 'budget_exceeded',
        'spent', w.month_spent, 'cap', w.monthly_spend_cap, 'month_start', month));
    END IF;
  END IF;
  IF w.low_balance_threshold IS NOT NULL AND balance_before >= w.low_balance_threshold
     AND w.balance < w.low_balance_threshold THEN
    alerts := alerts || jsonb_build_array(jsonb_build_object('kind', 'low_balance',
      'threshold', w.low_balance_threshold, 'balance', w.balance));
  END IF;
END $$;

-- The refusal for a model without a price: never run it, never charge it as zero.
CREATE OR REPLACE FUNCTION aic_not_priced(p_provider text, p_model text) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
  SELECT aic_err('not_priced', format('No price is set for model %s of provider %s', p_model, p_provider),
    jsonb_build_object('provider', p_provider, 'model', p_model))
$$;

-- The refusal when no payer could pay, with what the first payer (the caller's own) has.
CREATE OR REPLACE FUNCTION aic_insufficient(p jsonb, first_w ai_credit_wallet, first_amt bigint, budget_blocked boolean)
RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN aic_err('insufficient_credits',
    CASE WHEN budget_blocked THEN 'The monthly budget does not allow this request' ELSE 'Not enough credits for this request' END,
    jsonb_build_object('reason', CASE WHEN budget_blocked THEN 'monthly_budget' ELSE 'balance' END,
      'required', coalesce(first_amt, (p->>'amount')::bigint),
      'available', CASE WHEN first_w.id IS NULL THEN 0 ELSE aic_spendable(first_w, p->>'module') - first_w.reserved END,
      'wallet_id', first_w.id,
      'balance', CASE WHEN first_w.id IS NULL THEN NULL ELSE aic_balance_json(first_w) END));
END $$;

-- Holds credits for an in-flight request. The first payer (see aic_payer_wallets) that can pay
-- the estimate is held; the hold is the explicit amount, or the estimate priced at that payer's
-- price for the provider and model, capped at the largest hold allowed. Idempotent on the key.
CREATE OR REPLACE FUNCTION aic_authorize(p jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  candidates text[] := aic_payer_wallets(coalesce(p->'payers', jsonb_build_array(p)));
  wid text;
  w ai_credit_wallet;
  first_w ai_credit_wallet;
  r ai_credit_reservation;
  pr ai_credit_price;
  cost numeric;
  amt bigint;
  first_amt bigint;
  cap bigint;
  capped boolean := false;
  spendable bigint;
  tokens bigint := coalesce((p->'estimate'->>'input_tokens')::bigint, 0) + coalesce((p->'estimate'->>'output_tokens')::bigint, 0);
  quota jsonb;
  counted jsonb;
  budget_blocked boolean := false;
BEGIN
  IF p->>'idempotency_key' IS NOT NULL THEN
    -- Two requests with one key wait for each other, so the second finds the first's result.
    PERFORM pg_advisory_xact_lock(hashtext(p->>'idempotency_key'));
    r := aic_reservation_by_key(candidates, p->>'idempotency_key');
    IF r.id IS NOT NULL THEN
      IF r.request_hash IS DISTINCT FROM p->>'request_hash' THEN
        RETURN aic_err('idempotency_conflict', 'This idempotency key was already used for a different request');
      END IF;
      SELECT * INTO w FROM ai_credit_wallet WHERE id = r.wallet_id;
      RETURN jsonb_build_object('reservation', to_jsonb(r), 'balance', aic_balance_json(w), 'replayed', true);
    END IF;
  END IF;

  FOREACH wid IN ARRAY candidates LOOP
    SELECT * INTO w FROM ai_credit_wallet WHERE id = wid FOR UPDATE;
    IF w.next_event_at <= now() THEN
      w := aic_settle(w);
    END IF;
    IF p ? 'amount' THEN
      amt := (p->>'amount')::bigint;
    ELSE
      pr := aic_price_for(p->>'provider', p->>'model', w, p->'context'->>'plan_id');
      IF pr.id IS NULL THEN
        RETURN aic_not_priced(p->>'provider', p->>'model');
      END IF;
      SELECT c.credits, c.cost INTO amt, cost FROM aic_credits_for(pr, p->'estimate') c;
    END IF;
    cap := least((p->>'max_hold')::bigint, w.max_hold_credits);
    capped := cap IS NOT NULL AND amt > cap;
    IF capped THEN
      amt := cap;
    END IF;
    IF first_w.id IS NULL THEN
      first_w := w;
      first_amt := amt;
    END IF;
    spendable := aic_spendable(w, p->>'module');
    IF aic_over_budget(w, amt, p->>'time_zone', cost) THEN
      budget_blocked := true;
    ELSIF spendable - w.reserved - amt >= -w.overage_limit THEN
      counted := aic_quota_costs(p->'quotas', amt, tokens);
      INSERT INTO ai_credit_reservation (id, wallet_id, status, amount, module, provider, model, price_id, context,
        expires_at, actor_type, actor_id, idempotency_key, request_hash, metadata)
      VALUES (coalesce(p->'new_ids'->>'reservation', aic_id('aires')), w.id, 'held', amt, p->>'module', p->>'provider', p->>'model', pr.id,
        coalesce(p->'context', '{}'::jsonb) || jsonb_build_object('quotas', counted),
        now() + make_interval(secs => coalesce((p->>'ttl_seconds')::int, 300)),
        coalesce(p->>'actor_type', 'system'), p->>'actor_id',
        coalesce(p->>'idempotency_key', 'authorize:' || aic_id('key')), p->>'request_hash', p->'metadata')
      RETURNING * INTO r;
      w.reserved := w.reserved + amt;
      w.next_event_at := least(w.next_event_at, r.expires_at);
      UPDATE ai_credit_wallet SET reserved = w.reserved, next_event_at = w.next_event_at, updated_at = now()
        WHERE id = w.id;
      PERFORM aic_append(w.id, w.balance, w.reserved, 'reserve', 0, amt, p, r.idempotency_key, NULL, NULL, r.id,
        p_entry_id => p->'new_ids'->>'ledger_entry');
      quota := aic_quota_take_or_abort(p->'quotas', amt, tokens);
      RETURN jsonb_build_object('reservation', to_jsonb(r), 'balance', aic_balance_json(w), 'capped', capped,
        'quota_over', quota->'over');
    END IF;
  END LOOP;

  IF first_w.id IS NULL AND NOT p ? 'amount' THEN
    -- No payer has a wallet yet (a fresh store): the price alone decides. A model without one is
    -- never run; with one, the refusal says what the request would cost.
    pr := aic_price_for(p->>'provider', p->>'model', first_w, p->'context'->>'plan_id');
    IF pr.id IS NULL THEN
      RETURN aic_not_priced(p->>'provider', p->>'model');
    END IF;
    SELECT c.credits INTO first_amt FROM aic_credits_for(pr, p->'estimate') c;
  END IF;
  RETURN aic_insufficient(p, first_w, first_amt, budget_blocked);
END $$;

-- Charges the real cost of a held request and records its usage event. The cost is the explicit
-- amount, or the usage priced at the hold's price (or at the payer's price for another model the
-- caller reports). More than the hold is charged only as far as available credit and overage
-- allow, and for a storefront's report (hold_limit) only up to the hold plus its module's margin;
-- what could not be charged is returned as uncharged. Capturing twice returns the first result.
CREATE OR REPLACE FUNCTION aic_capture(p jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  w ai_credit_wallet;
  r ai_credit_reservation;
  pr ai_credit_price;
  cost numeric;
  requested bigint;
  max_charge bigint;
  charge bigint;
  headroom bigint;
  shares jsonb;
  from_grants bigint;
  event jsonb;
  spending record;
BEGIN
  SELECT * INTO w FROM ai_credit_wallet
    WHERE id = (SELECT wallet_id FROM ai_credit_reservation WHERE id = p->>'reservation_id') FOR UPDATE;
  IF w.id IS NULL OR (p ? 'wallet_id' AND w.id <> p->>'wallet_id') THEN
    RETURN aic_err('not_found', 'Authorization not found');
  END IF;
  SELECT * INTO r FROM ai_credit_reservation WHERE id = p->>'reservation_id';
  -- A caller may only capture its own authorizations (see aic_release).
  IF p ? 'actor_scope' AND (r.context->>'actor_scope') IS DISTINCT FROM p->>'actor_scope' THEN
    RETURN aic_err('not_found', 'Authorization not found');
  END IF;

  IF r.status = 'captured' THEN
    SELECT to_jsonb(e) INTO event FROM ai_credit_usage_event e WHERE e.id = r.usage_event_id;
    -- The hash leaves out provider and model: a retry that omits them (they are optional) is the
    -- same request, and one that names them must name what was charged.
    IF r.capture_hash IS DISTINCT FROM p->>'request_hash'
       OR (p->>'provider' IS NOT NULL AND p->>'provider' IS DISTINCT FROM event->>'provider')
       OR (p->>'model' IS NOT NULL AND p->>'model' IS DISTINCT FROM event->>'model') THEN
      RETURN aic_err('idempotency_conflict', 'This authorization was already captured with different usage');
    END IF;
    RETURN jsonb_build_object('reservation', to_jsonb(r), 'usage_event', event, 'balance', aic_balance_json(w),
      'replayed', true);
  END IF;

  IF w.next_event_at <= now() THEN
    -- Settling may have expired this very hold.
    w := aic_settle(w);
    SELECT * INTO r FROM ai_credit_reservation WHERE id = r.id;
  END IF;
  IF r.status <> 'held' THEN
    RETURN aic_err('reservation_closed', format('This authorization was %s and can no longer be captured', r.status),
      jsonb_build_object('status', r.status));
  END IF;

  IF ((p->>'model' IS NOT NULL AND p->>'model' IS DISTINCT FROM r.model)
      OR (p->>'provider' IS NOT NULL AND p->>'provider' IS DISTINCT FROM r.provider))
     AND NOT coalesce((p->>'allow_model_change')::boolean, false) THEN
    RETURN aic_err('invalid_data', format('This authorization is for %s/%s, not %s/%s', r.provider, r.model,
      coalesce(p->>'provider', r.provider), coalesce(p->>'model', r.model)));
  END IF;
  IF p ? 'amount' THEN
    requested := (p->>'amount')::bigint;
  ELSE
    IF coalesce(p->>'model', r.model) IS DISTINCT FROM r.model OR coalesce(p->>'provider', r.provider) IS DISTINCT FROM r.provider THEN
      pr := aic_price_for(coalesce(p->>'provider', r.provider), coalesce(p->>'model', r.model), w, r.context->>'plan_id');
    ELSE
      SELECT * INTO pr FROM ai_credit_price WHERE id = r.price_id;
    END IF;
    IF pr.id IS NULL THEN
      RETURN aic_not_priced(coalesce(p->>'provider', r.provider), coalesce(p->>'model', r.model));
    END IF;
    SELECT c.credits, c.cost INTO requested, cost FROM aic_credits_for(pr, p->'usage') c;
    IF requested > aic_max_credits() THEN
      RETURN aic_err('invalid_data', 'The reported usage is beyond any plausible request');
    END IF;
    r.price_id := pr.id;
  END IF;
  IF p ? 'hold_limit' THEN
    -- A storefront's report is not trusted beyond what it held: it is charged at most the hold plus
    -- the module's margin (a fraction of it, rounded down); the rest is recorded as uncharged.
    max_charge := r.amount + floor(r.amount * coalesce((p->'hold_limit'->'margins'->>r.module)::numeric, 0))::bigint;
  END IF;

  headroom := aic_spendable(w, r.module) - (w.reserved - r.amount) + w.overage_limit;
  charge := greatest(0, least(requested, headroom, coalesce(max_charge, requested)));
  shares := aic_burn(w.id, r.module, charge);
  from_grants := aic_shares_total(shares);

  w.balance := w.balance - charge;
  w.overage_used := w.overage_used + (charge - from_grants);
  w.reserved := w.reserved - r.amount;
  spending := aic_count_spending(w, charge, cost, w.balance + charge, p->>'time_zone');
  w := spending.w;
  UPDATE ai_credit_wallet SET balance = w.balance, reserved = w.reserved, overage_used = w.overage_used,
    month_start = w.month_start, month_spent = w.month_spent, month_cost = w.month_cost,
    raw_month_cost = jsonb_build_object('value', w.month_cost::text, 'precision', 20), updated_at = now()
    WHERE id = w.id;
  UPDATE ai_credit_reservation SET status = 'captured', requested_amount = requested, captured_amount = charge,
    grants = shares, capture_hash = p->>'request_hash', price_id = r.price_id, usage_event_id = coalesce(p->'new_ids'->>'usage_event', aic_id('aiuse')),
    model = coalesce(p->>'model', model), provider = coalesce(p->>'provider', provider),
    closed_at = now(), updated_at = now()
    WHERE id = r.id RETURNING * INTO r;
  PERFORM aic_append(w.id, w.balance, w.reserved, 'capture', -charge, -r.amount, p || jsonb_build_object('module', r.module),
    'capture:' || r.id, shares, NULL, r.id, NULL,
    CASE WHEN charge < requested THEN format('captured %s of %s credits (%s)', charge, requested,
      CASE WHEN charge = max_charge THEN 'hold limit' ELSE 'wallet limit' END) END,
    p->'new_ids'->>'ledger_entry');
  event := aic_record_usage(r, p, charge, requested, cost, pr.currency_code);
  PERFORM aic_quota_settle(r.context->'quotas', charge,
    coalesce((p->'usage'->>'input_tokens')::bigint, 0) + coalesce((p->'usage'->>'output_tokens')::bigint, 0),
    coalesce((p->>'refuse_over_quota')::boolean, false));

  RETURN jsonb_build_object('reservation', to_jsonb(r), 'usage_event', event, 'balance', aic_balance_json(w),
    'uncharged', requested - charge, 'overage', charge - from_grants, 'alerts', spending.alerts);
END $$;

-- Authorize and capture in one step, for requests whose usage is known up front (the first payer
-- that can pay it pays). All or nothing: refused with insufficient_credits when none can.
CREATE OR REPLACE FUNCTION aic_charge(p jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  candidates text[] := aic_payer_wallets(coalesce(p->'payers', jsonb_build_array(p)));
  wid text;
  w ai_credit_wallet;
  first_w ai_credit_wallet;
  r ai_credit_reservation;
  pr ai_credit_price;
  cost numeric;
  amt bigint;
  max_amt bigint;
  first_amt bigint;
  shares jsonb;
  from_grants bigint;
  event jsonb;
  tokens bigint := coalesce((p->'usage'->>'input_tokens')::bigint, 0) + coalesce((p->'usage'->>'output_tokens')::bigint, 0);
  quota jsonb;
  counted jsonb;
  budget_blocked boolean := false;
  spending record;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext(p->>'idempotency_key'));
  r := aic_reservation_by_key(candidates, p->>'idempotency_key');
  IF r.id IS NOT NULL THEN
    IF r.request_hash IS DISTINCT FROM p->>'request_hash' THEN
      RETURN aic_err('idempotency_conflict', 'This idempotency key was already used for a different request');
    END IF;
    SELECT * INTO w FROM ai_credit_wallet WHERE id = r.wallet_id;
    SELECT to_jsonb(e) INTO event FROM ai_credit_usage_event e WHERE e.id = r.usage_event_id;
    RETURN jsonb_build_object('reservation', to_jsonb(r), 'usage_event', event, 'balance', aic_balance_json(w),
      'replayed', true);
  END IF;

  FOREACH wid IN ARRAY candidates LOOP
    SELECT * INTO w FROM ai_credit_wallet WHERE id = wid FOR UPDATE;
    IF w.next_event_at <= now() THEN
      w := aic_settle(w);
    END IF;
    IF p ? 'amount' THEN
      amt := (p->>'amount')::bigint;
    ELSE
      pr := aic_price_for(p->>'provider', p->>'model', w, p->'context'->>'plan_id');
      IF pr.id IS NULL THEN
        RETURN aic_not_priced(p->>'provider', p->>'model');
      END IF;
      SELECT c.credits, c.cost INTO amt, cost FROM aic_credits_for(pr, p->'usage') c;
      IF amt > aic_max_credits() THEN
        RETURN aic_err('invalid_data', 'The reported usage is beyond any plausible request');
      END IF;
      IF p ? 'max_usage' THEN
        -- A storefront's report: no more than the module's largest request costs at this price.
        SELECT c.credits INTO max_amt FROM aic_credits_for(pr, p->'max_usage') c;
        IF amt > max_amt THEN
          RETURN aic_err('usage_exceeds_maximum',
            format('The reported usage costs %s credits, more than one request of the %s module may (%s). '
              || 'Let the server meter the request (POST /store/ai-credits/invoke)', amt, p->>'module', max_amt),
            jsonb_build_object('requested_credits', amt, 'max_credits', max_amt, 'max_usage', p->'max_usage'));
        END IF;
      END IF;
    END IF;
    IF first_w.id IS NULL THEN
      first_w := w;
      first_amt := amt;
    END IF;
    IF aic_over_budget(w, amt, p->>'time_zone', cost) THEN
      budget_blocked := true;
    ELSIF aic_spendable(w, p->>'module') - w.reserved - amt >= -w.overage_limit THEN
      counted := aic_quota_costs(p->'quotas', amt, tokens);
      shares := aic_burn(w.id, p->>'module', amt);
      from_grants := aic_shares_total(shares);
      w.balance := w.balance - amt;
      w.overage_used := w.overage_used + (amt - from_grants);
      spending := aic_count_spending(w, amt, cost, w.balance + amt, p->>'time_zone');
      w := spending.w;
      UPDATE ai_credit_wallet SET balance = w.balance, overage_used = w.overage_used, month_start = w.month_start,
        month_spent = w.month_spent, month_cost = w.month_cost,
        raw_month_cost = jsonb_build_object('value', w.month_cost::text, 'precision', 20), updated_at = now()
        WHERE id = w.id;
      INSERT INTO ai_credit_reservation (id, wallet_id, status, amount, requested_amount, captured_amount, module,
        provider, model, price_id, context, expires_at, closed_at, grants, actor_type, actor_id, idempotency_key,
        request_hash, capture_hash, usage_event_id, metadata)
      VALUES (coalesce(p->'new_ids'->>'reservation', aic_id('aires')), w.id, 'captured', 0, amt, amt, p->>'module', p->>'provider', p->>'model', pr.id,
        coalesce(p->'context', '{}'::jsonb) || jsonb_build_object('quotas', counted), now(), now(), shares, coalesce(p->>'actor_type', 'system'), p->>'actor_id',
        p->>'idempotency_key', p->>'request_hash', p->>'request_hash',
        coalesce(p->'new_ids'->>'usage_event', aic_id('aiuse')), p->'metadata')
      RETURNING * INTO r;
      PERFORM aic_append(w.id, w.balance, w.reserved, 'capture', -amt, 0, p, p->>'idempotency_key', shares, NULL, r.id,
        p_entry_id => p->'new_ids'->>'ledger_entry');
      event := aic_record_usage(r, p, amt, amt, cost, pr.currency_code);
      quota := aic_quota_take_or_abort(p->'quotas', amt, tokens);
      RETURN jsonb_build_object('reservation', to_jsonb(r), 'usage_event', event, 'balance', aic_balance_json(w),
        'uncharged', 0, 'overage', amt - from_grants, 'quota_over', quota->'over', 'alerts', spending.alerts);
    END IF;
  END LOOP;

  RETURN aic_insufficient(p, first_w, first_amt, budget_blocked);
END $$;

-- Gives a hold back without charging. Releasing twice is harmless; a captured hold cannot be released.
CREATE OR REPLACE FUNCTION aic_release(p jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  w ai_credit_wallet;
  r ai_credit_reservation;
BEGIN
  SELECT * INTO w FROM ai_credit_wallet
    WHERE id = (SELECT wallet_id FROM ai_credit_reservation WHERE id = p->>'reservation_id') FOR UPDATE;
  IF w.id IS NULL OR (p ? 'wallet_id' AND w.id <> p->>'wallet_id') THEN
    RETURN aic_err('not_found', 'Authorization not found');
  END IF;
  SELECT * INTO r FROM ai_credit_reservation WHERE id = p->>'reservation_id';
  -- A store caller (customer, visitor) may only touch its own authorizations; a mismatch looks
  -- exactly like an unknown id.
  IF p ? 'actor_scope' AND (r.context->>'actor_scope') IS DISTINCT FROM p->>'actor_scope' THEN
    RETURN aic_err('not_found', 'Authorization not found');
  END IF;
  w := aic_settle(w);
  SELECT * INTO r FROM ai_credit_reservation WHERE id = r.id;
  IF r.status = 'captured' THEN
    RETURN aic_err('reservation_closed', 'This authorization was captured and can no longer be released',
      jsonb_build_object('status', r.status));
  END IF;
  IF r.status <> 'held' THEN
    RETURN jsonb_build_object('reservation', to_jsonb(r), 'balance', aic_balance_json(w), 'replayed', true);
  END IF;

  w.reserved := w.reserved - r.amount;
  UPDATE ai_credit_wallet SET reserved = w.reserved, updated_at = now() WHERE id = w.id;
  UPDATE ai_credit_reservation SET status = 'released', closed_at = now(), updated_at = now()
    WHERE id = r.id RETURNING * INTO r;
  PERFORM aic_quota_add(r.context->'quotas', 0, 0, -1);
  PERFORM aic_append(w.id, w.balance, w.reserved, 'release', 0, -r.amount, p || jsonb_build_object('module', r.module),
    'release:' || r.id, NULL, NULL, r.id);
  RETURN jsonb_build_object('reservation', to_jsonb(r), 'balance', aic_balance_json(w));
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
