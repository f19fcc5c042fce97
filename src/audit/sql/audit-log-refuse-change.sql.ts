import { sqlFunction } from '../../database/sql-function.js';

/**
 * `audit_log_refuse_change()` and its triggers: `audit_log` is append-only, for its owner too (the
 * runtime role has no UPDATE, DELETE or TRUNCATE on it at all): any UPDATE, DELETE or TRUNCATE is
 * refused (SQLSTATE 42501). The body keeps the indentation migration Initial gave it, so the
 * definition in the database did not change when this file took it over.
 *
 * History: migration Initial; FunctionsFromSourceFiles applies this file.
 */
export const AUDIT_LOG_REFUSE_CHANGE = sqlFunction(
  'audit_log_refuse_change()',
  String.raw`
CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $fn$;

CREATE OR REPLACE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();

CREATE OR REPLACE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
`,
);
