/**
 * Budgets: a wallet's monthly spend and cost caps and the alerts a charge sets off.
 * Installed with the other ledger functions by `index.ts` (see README.md).
 */
export const BUDGET_SQL = String.raw`
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
`
