import { sqlFunction } from '../../database/sql-function.js';

/**
 * `audit_canonical_json(value)`: the JSON text of a jsonb value with object keys sorted (by their
 * UTF-8 bytes) at every depth, no whitespace, arrays in order; strings and numbers as jsonb writes
 * them. The `data` part of an entry's hash (`audit-entry-hash.sql.ts`).
 *
 * History: migration AuditCheckpoints; FunctionsFromSourceFiles applies this file.
 */
export const AUDIT_CANONICAL_JSON = sqlFunction(
  'audit_canonical_json(jsonb)',
  String.raw`
CREATE OR REPLACE FUNCTION audit_canonical_json(p jsonb) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
BEGIN
  CASE jsonb_typeof(p)
    WHEN 'object' THEN
      RETURN '{' || coalesce((SELECT string_agg(to_json(k)::text || ':' || public.audit_canonical_json(p -> k), ','
                                                ORDER BY k COLLATE "C")
                                FROM jsonb_object_keys(p) AS k), '') || '}';
    WHEN 'array' THEN
      RETURN '[' || coalesce((SELECT string_agg(public.audit_canonical_json(a.e), ',' ORDER BY a.i)
                                FROM jsonb_array_elements(p) WITH ORDINALITY AS a(e, i)), '') || ']';
    ELSE
      RETURN p::text;
  END CASE;
END
$fn$`,
);
