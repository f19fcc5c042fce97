import { sqlFunction } from '../sql-function.js';

/**
 * `mwf_refuse(code)` raises SQLSTATE MW001 with the message `code`, one of the API's error codes. A
 * statement calls it (in a CASE, or from a function such as `election_cast_sealed`) to refuse work
 * and roll back its transaction in the same round trip; the caller maps the code to its 4xx answer
 * (src/database/refusal.ts).
 *
 * History: migration RefuseFunction; FunctionsFromSourceFiles applies this file.
 */
export const MWF_REFUSE = sqlFunction(
  'mwf_refuse(text)',
  String.raw`
CREATE OR REPLACE FUNCTION mwf_refuse(p_code text) RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $fn$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'MW001', MESSAGE = p_code;
END
$fn$`,
);
