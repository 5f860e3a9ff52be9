/**
 * The request path: choosing the payer, holding credits (authorize), charging them (capture,
 * charge) and giving them back (release).
 * Installed with the other ledger functions by `index.ts` (see README.md).
 */
export const HOLDS_SQL = String.raw`
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

-- The refusal when no payer could pay, with what the first payer (the caller's own) has. For a
-- priced request it also says what the smallest request costs (the same usage with at most one
-- output token) and how many output tokens the first payer's available credits afford (null when
-- not even the smallest request fits, or output is free), so that the gateway can shrink the answer.
CREATE OR REPLACE FUNCTION aic_insufficient(p jsonb, first_w ai_credit_wallet, first_amt bigint, budget_blocked boolean,
  first_pr ai_credit_price, usage jsonb)
RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
DECLARE
  available bigint := CASE WHEN first_w.id IS NULL THEN 0 ELSE aic_spendable(first_w, p->>'module') - first_w.reserved END;
  wanted_output bigint := coalesce((usage->>'output_tokens')::bigint, 0);
  smallest bigint;
  fixed numeric;
  affordable bigint;
BEGIN
  IF first_pr.id IS NOT NULL AND usage IS NOT NULL THEN
    SELECT c.credits INTO smallest
      FROM aic_credits_for(first_pr, usage || jsonb_build_object('output_tokens', least(wanted_output, 1))) c;
    fixed := coalesce((usage->>'input_tokens')::numeric, 0) * first_pr.credits_per_1k_input_tokens / 1000
      + coalesce((usage->>'images')::numeric, 0) * first_pr.credits_per_image
      + coalesce((usage->>'requests')::numeric, 1) * first_pr.credits_per_request;
    IF NOT budget_blocked AND first_pr.credits_per_1k_output_tokens > 0 AND available >= smallest THEN
      affordable := least(wanted_output, floor((available - fixed) * 1000 / first_pr.credits_per_1k_output_tokens)::bigint);
    END IF;
  END IF;
  RETURN aic_err('insufficient_credits',
    CASE WHEN budget_blocked THEN 'The monthly budget does not allow this request' ELSE 'Not enough credits for this request' END,
    jsonb_build_object('reason', CASE WHEN budget_blocked THEN 'monthly_budget' ELSE 'balance' END,
      'required', coalesce(first_amt, (p->>'amount')::bigint),
      'available', available,
      'smallest_required', smallest,
      'affordable_output_tokens', affordable,
      'wallet_id', first_w.id,
      'balance', CASE WHEN first_w.id IS NULL THEN NULL ELSE aic_balance_json(first_w) END));
END $$;

-- What an earlier request with this idempotency key answered, on the first payer that has it
-- (authorize and charge replay it), with its usage event for a charge; an idempotency_conflict
-- when the key came with another request; NULL for a new key. Two requests with one key wait for
-- each other here, so the second finds the first's result.
CREATE OR REPLACE FUNCTION aic_replay(p jsonb, candidates text[], with_usage_event boolean) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  r ai_credit_reservation;
  w ai_credit_wallet;
  result jsonb;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext(p->>'idempotency_key'));
  r := aic_reservation_by_key(candidates, p->>'idempotency_key');
  IF r.id IS NULL THEN
    RETURN NULL;
  END IF;
  IF r.request_hash IS DISTINCT FROM p->>'request_hash' THEN
    RETURN aic_err('idempotency_conflict', 'This idempotency key was already used for a different request');
  END IF;
  SELECT * INTO w FROM ai_credit_wallet WHERE id = r.wallet_id;
  result := jsonb_build_object('reservation', to_jsonb(r));
  IF with_usage_event THEN
    result := result || jsonb_build_object('usage_event',
      (SELECT to_jsonb(e) FROM ai_credit_usage_event e WHERE e.id = r.usage_event_id));
  END IF;
  RETURN result || jsonb_build_object('balance', aic_balance_json(w), 'replayed', true);
END $$;

-- The payer loop of authorize and charge: the first payer (see aic_payer_wallets) that can pay the
-- request, locked and settled, with what it pays: the explicit amount, or the usage priced at that
-- payer's price (for a hold, p->'estimate' capped at the largest hold allowed; for a charge,
-- p->'usage', refused beyond any plausible request or, with p->'max_usage', beyond the module's
-- largest one). A payer is passed over when a blocking monthly cap or its credit keeps it from
-- paying. refusal is set (and nothing chosen) for a model without a price, an implausible usage,
-- or when no payer can pay.
-- Sharing costs authorize one PL/pgSQL call more (two with an idempotency key, aic_replay): the
-- ledger bench measured no difference beyond its noise (see the commit that introduced it).
CREATE OR REPLACE FUNCTION aic_choose_payer(p jsonb, candidates text[], hold boolean,
  OUT w ai_credit_wallet, OUT pr ai_credit_price, OUT amt bigint, OUT cost numeric, OUT capped boolean,
  OUT refusal jsonb)
LANGUAGE plpgsql AS $$
DECLARE
  usage jsonb := CASE WHEN hold THEN p->'estimate' ELSE p->'usage' END;
  wid text;
  cap bigint;
  max_amt bigint;
  first_w ai_credit_wallet;
  first_amt bigint;
  first_pr ai_credit_price;
  budget_blocked boolean := false;
BEGIN
  capped := false;
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
        refusal := aic_not_priced(p->>'provider', p->>'model');
        RETURN;
      END IF;
      SELECT c.credits, c.cost INTO amt, cost FROM aic_credits_for(pr, usage) c;
      IF NOT hold AND amt > aic_max_credits() THEN
        refusal := aic_err('invalid_data', 'The reported usage is beyond any plausible request');
        RETURN;
      END IF;
      IF NOT hold AND p ? 'max_usage' THEN
        -- A storefront's report: no more than the module's largest request costs at this price.
        SELECT c.credits INTO max_amt FROM aic_credits_for(pr, p->'max_usage') c;
        IF amt > max_amt THEN
          refusal := aic_err('usage_exceeds_maximum',
            format('The reported usage costs %s credits, more than one request of the %s module may (%s). '
              || 'Let the server meter the request (POST /store/ai-credits/invoke)', amt, p->>'module', max_amt),
            jsonb_build_object('requested_credits', amt, 'max_credits', max_amt, 'max_usage', p->'max_usage'));
          RETURN;
        END IF;
      END IF;
    END IF;
    IF hold THEN
      cap := least((p->>'max_hold')::bigint, w.max_hold_credits);
      capped := cap IS NOT NULL AND amt > cap;
      IF capped THEN
        amt := cap;
      END IF;
    END IF;
    IF first_w.id IS NULL THEN
      first_w := w;
      first_amt := amt;
      first_pr := pr;
    END IF;
    IF aic_over_budget(w, amt, p->>'time_zone', cost) THEN
      budget_blocked := true;
    ELSIF aic_spendable(w, p->>'module') - w.reserved - amt >= -w.overage_limit THEN
      RETURN;
    END IF;
  END LOOP;

  w := NULL;
  IF hold AND first_w.id IS NULL AND NOT p ? 'amount' THEN
    -- No payer has a wallet yet (a fresh store): the price alone decides. A model without one is
    -- never run; with one, the refusal says what the request would cost.
    pr := aic_price_for(p->>'provider', p->>'model', first_w, p->'context'->>'plan_id');
    IF pr.id IS NULL THEN
      refusal := aic_not_priced(p->>'provider', p->>'model');
      RETURN;
    END IF;
    SELECT c.credits INTO first_amt FROM aic_credits_for(pr, usage) c;
    first_pr := pr;
  END IF;
  refusal := aic_insufficient(p, first_w, first_amt, budget_blocked, first_pr, CASE WHEN p ? 'amount' THEN NULL ELSE usage END);
END $$;

-- Holds credits for an in-flight request. The first payer (see aic_choose_payer) that can pay
-- the estimate is held; the hold is the explicit amount, or the estimate priced at that payer's
-- price for the provider and model, capped at the largest hold allowed. Idempotent on the key.
CREATE OR REPLACE FUNCTION aic_authorize(p jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  candidates text[] := aic_payer_wallets(coalesce(p->'payers', jsonb_build_array(p)));
  replayed jsonb;
  payer record;
  w ai_credit_wallet;
  r ai_credit_reservation;
  amt bigint;
  tokens bigint := coalesce((p->'estimate'->>'input_tokens')::bigint, 0) + coalesce((p->'estimate'->>'output_tokens')::bigint, 0);
  quota jsonb;
  counted jsonb;
BEGIN
  IF p->>'idempotency_key' IS NOT NULL THEN
    replayed := aic_replay(p, candidates, false);
    IF replayed IS NOT NULL THEN
      RETURN replayed;
    END IF;
  END IF;

  payer := aic_choose_payer(p, candidates, true);
  IF payer.refusal IS NOT NULL THEN
    RETURN payer.refusal;
  END IF;
  w := payer.w;
  amt := payer.amt;
  counted := aic_quota_costs(p->'quotas', amt, tokens);
  INSERT INTO ai_credit_reservation (id, wallet_id, status, amount, module, provider, model, price_id, context,
    expires_at, actor_type, actor_id, idempotency_key, request_hash, metadata)
  VALUES (coalesce(p->'new_ids'->>'reservation', aic_id('aires')), w.id, 'held', amt, p->>'module', p->>'provider', p->>'model', (payer.pr).id,
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
  RETURN jsonb_build_object('reservation', to_jsonb(r), 'balance', aic_balance_json(w), 'capped', payer.capped,
    'quota_over', quota->'over');
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
-- that can pay it pays, see aic_choose_payer). All or nothing: refused with insufficient_credits
-- when none can.
CREATE OR REPLACE FUNCTION aic_charge(p jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  candidates text[] := aic_payer_wallets(coalesce(p->'payers', jsonb_build_array(p)));
  replayed jsonb;
  payer record;
  w ai_credit_wallet;
  r ai_credit_reservation;
  pr ai_credit_price;
  cost numeric;
  amt bigint;
  shares jsonb;
  from_grants bigint;
  event jsonb;
  tokens bigint := coalesce((p->'usage'->>'input_tokens')::bigint, 0) + coalesce((p->'usage'->>'output_tokens')::bigint, 0);
  quota jsonb;
  counted jsonb;
  spending record;
BEGIN
  replayed := aic_replay(p, candidates, true);
  IF replayed IS NOT NULL THEN
    RETURN replayed;
  END IF;

  payer := aic_choose_payer(p, candidates, false);
  IF payer.refusal IS NOT NULL THEN
    RETURN payer.refusal;
  END IF;
  w := payer.w;
  pr := payer.pr;
  amt := payer.amt;
  cost := payer.cost;
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
`
