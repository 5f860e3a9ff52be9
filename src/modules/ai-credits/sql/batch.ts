/**
 * Group commit: the ledger calls of one batch in one round trip and one transaction, each call
 * isolated in its own subtransaction. Installed with the other ledger functions by `index.ts` (README.md).
 */
export const BATCH_SQL = String.raw`
-- Runs a batch of ledger calls, [{fn, payload, wallet}], in order, and returns each one's outcome:
-- {"result": <what fn returned>} or {"error": {code, message, detail}} for a call that raised.
--
-- - Each call runs in its own subtransaction (the BEGIN ... EXCEPTION block): one that fails is
--   rolled back alone, and the calls after it still run.
-- - The calls share one transaction: a wallet's row is locked once and committed once for all of
--   its calls in the batch, and the batch commits once. The caller puts a wallet's calls in one
--   batch at a time, so two batches do not wait on each other's wallets. Calls whose wallet is
--   unknown ('wallet' null) get a transaction of their own.
-- - A batch of several calls waits at most lock_wait for any lock (a wallet further down a payer
--   chain, a quota counter, a row of a caller's open transaction): a call that waits longer, or
--   meets a deadlock, is rolled back alone (40P01, 55P03) and the caller sends it again, alone.
-- - Every transaction commits without waiting for the WAL flush (its locks are released at once);
--   unless every call that succeeded is soft state (soft_fns: a hold or its release, which a crash
--   may lose without losing credit), the last transaction writes one WAL record with a synchronous
--   commit, whatever the server's default. WAL is flushed in order, so when CALL returns every commit before it is durable.
-- A procedure, not a function, for COMMIT: it must be CALLed outside a transaction block.
CREATE OR REPLACE PROCEDURE aic_run_batch(calls jsonb, soft_fns text[], lock_wait text, INOUT outcomes jsonb DEFAULT NULL)
LANGUAGE plpgsql AS $$
DECLARE
  n int := jsonb_array_length(calls);
  c jsonb;
  fn text;
  result jsonb;
  -- An array, not jsonb: appending to it costs the same at any length.
  done jsonb[] := '{}';
  must_flush boolean := false;
  err_code text;
  err_message text;
  err_detail text;
BEGIN
  FOR i IN 0 .. n - 1 LOOP
    c := calls->i;
    fn := c->>'fn';
    IF i > 0 AND (c->>'wallet' IS NULL OR calls->(i - 1)->>'wallet' IS NULL) THEN
      COMMIT;
    END IF;
    PERFORM set_config('synchronous_commit', 'off', true);
    IF n > 1 THEN
      PERFORM set_config('lock_timeout', lock_wait, true);
    END IF;
    BEGIN
      -- Static calls, not EXECUTE: their plans are cached for the session.
      result := CASE fn
        WHEN 'aic_authorize' THEN aic_authorize(c->'payload')
        WHEN 'aic_capture' THEN aic_capture(c->'payload')
        WHEN 'aic_release' THEN aic_release(c->'payload')
        WHEN 'aic_charge' THEN aic_charge(c->'payload')
        WHEN 'aic_grant' THEN aic_grant(c->'payload')
        WHEN 'aic_debit' THEN aic_debit(c->'payload')
        WHEN 'aic_transfer' THEN aic_transfer(c->'payload')
        WHEN 'aic_credit_back' THEN aic_credit_back(c->'payload')
        WHEN 'aic_refund_usage' THEN aic_refund_usage(c->'payload')
      END;
      IF result IS NULL THEN
        RAISE EXCEPTION 'aic_run_batch: % is not a ledger function', fn;
      END IF;
      done := done || jsonb_build_object('result', result);
      must_flush := must_flush OR NOT fn = ANY (soft_fns);
    EXCEPTION WHEN OTHERS THEN
      GET STACKED DIAGNOSTICS err_code = RETURNED_SQLSTATE, err_message = MESSAGE_TEXT, err_detail = PG_EXCEPTION_DETAIL;
      done := done || jsonb_build_object(
        'error', jsonb_build_object('code', err_code, 'message', err_message, 'detail', nullif(err_detail, '')));
    END;
  END LOOP;
  COMMIT;
  IF must_flush THEN
    PERFORM set_config('synchronous_commit', 'on', true);
    PERFORM pg_logical_emit_message(true, 'medusa-ai-credits', 'flush');
  END IF;
  outcomes := to_jsonb(done);
END $$;
`
