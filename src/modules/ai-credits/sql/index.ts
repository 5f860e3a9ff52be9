import { BATCH_SQL } from "./batch"
import { BUDGET_SQL } from "./budget"
import { CORE_SQL } from "./core"
import { GRANTS_SQL } from "./grants"
import { HOLDS_SQL } from "./holds"
import { PRICING_SQL } from "./pricing"
import { QUOTA_SQL } from "./quota"
import { VIEWS_SQL } from "./views"

export { DROP_USAGE_FEED_SQL, USAGE_FEED_SQL } from "./views"

/** Drops every version of the ledger functions and procedures (and with them the append-only trigger). */
export const DROP_LEDGER_FUNCTIONS_SQL = String.raw`
DO $$
DECLARE
  f record;
BEGIN
  FOR f IN SELECT p.oid::regprocedure AS signature FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = current_schema() AND p.proname LIKE 'aic\_%'
  LOOP
    EXECUTE 'DROP ROUTINE ' || f.signature || ' CASCADE';
  END LOOP;
END $$;
`

/**
 * The ledger's write path as PostgreSQL functions, installed by this module's migrations (how and
 * why: README.md beside this file). Kept as SQL text in .ts files so `medusa plugin:build` ships it.
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
${CORE_SQL}
${PRICING_SQL}
${QUOTA_SQL}
${BUDGET_SQL}
${HOLDS_SQL}
${GRANTS_SQL}
${VIEWS_SQL}
${BATCH_SQL}
`
