/**
 * Quotas: counting a request against the quota rules the service matched, and settling the counts
 * at capture.
 * Installed with the other ledger functions by `index.ts` (see README.md).
 */
export const QUOTA_SQL = String.raw`
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
`
