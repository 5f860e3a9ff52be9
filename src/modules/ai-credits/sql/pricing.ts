/**
 * Prices: which rate card applies to a wallet and what a usage costs at it (exact decimals).
 * Installed with the other ledger functions by `index.ts` (see README.md).
 */
export const PRICING_SQL = String.raw`
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

-- The refusal for a model without a price: never run it, never charge it as zero.
CREATE OR REPLACE FUNCTION aic_not_priced(p_provider text, p_model text) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
  SELECT aic_err('not_priced', format('No price is set for model %s of provider %s', p_model, p_provider),
    jsonb_build_object('provider', p_provider, 'model', p_model))
$$;
`
