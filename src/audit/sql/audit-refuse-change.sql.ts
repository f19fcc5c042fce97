import { sqlFunction } from '../../database/sql-function.js';

/**
 * `audit_refuse_change()` and its triggers: `audit_checkpoints` is append-only, for its owner too
 * (the runtime role has no UPDATE, DELETE or TRUNCATE on it at all): any UPDATE, DELETE or TRUNCATE
 * is refused (SQLSTATE 42501).
 *
 * History: migration AuditCheckpoints; FunctionsFromSourceFiles applies this file.
 */
export const AUDIT_REFUSE_CHANGE = sqlFunction(
  'audit_refuse_change()',
  String.raw`
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$fn$;

CREATE OR REPLACE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();

CREATE OR REPLACE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
`,
);
