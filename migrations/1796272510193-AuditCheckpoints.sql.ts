/**
 * The SQL of migration AuditCheckpoints, as written (plain SQL; applied statement by statement).
 * `audit_entry_hash` is the ONE definition of an audit entry's hash: `audit_append`, the new-stream
 * statement (src/audit/audit.service.ts) and the verifier all call it. Its canonical form is the one
 * the entries already stored were hashed with (src/audit/README.md).
 * History: the current definitions of these functions and triggers are their source files in
 * src/audit/sql/ (migration FunctionsFromSourceFiles applies them).
 */
export const AUDIT_CHECKPOINTS_UP: string[] = [
  String.raw`
-- JSON text of a jsonb value with object keys sorted (by their UTF-8 bytes) at every depth, no
-- whitespace, arrays in order; strings escaped as jsonb writes them, numbers as jsonb writes them.
CREATE FUNCTION audit_canonical_json(p jsonb) RETURNS text
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
  String.raw`
-- SHA-256 (hex) of the canonical JSON of an entry, its predecessor's hash included:
-- {"action","actorId","createdAt" (ISO 8601, milliseconds, Z),"data","entityId","entityType","prevHash","seq","stream"}
CREATE FUNCTION audit_entry_hash(p_stream text, p_seq int, p_action text, p_actor_id uuid, p_entity_type text,
                                 p_entity_id text, p_data jsonb, p_created_at timestamptz, p_prev_hash text)
RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $fn$
  SELECT encode(sha256(convert_to(
    '{"action":' || to_json(p_action)::text
    || ',"actorId":' || coalesce(to_json(p_actor_id::text)::text, 'null')
    || ',"createdAt":"' || to_char(p_created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"'
    || ',"data":' || public.audit_canonical_json(coalesce(p_data, '{}'::jsonb))
    || ',"entityId":' || to_json(p_entity_id)::text
    || ',"entityType":' || to_json(p_entity_type)::text
    || ',"prevHash":' || coalesce(to_json(p_prev_hash)::text, 'null')
    || ',"seq":' || p_seq
    || ',"stream":' || to_json(p_stream)::text
    || '}', 'UTF8')), 'hex')
$fn$`,
  // The hash covers createdAt to the millisecond: a finer time could be edited unnoticed.
  String.raw`
ALTER TABLE audit_log ADD CONSTRAINT audit_log_created_at_ms
  CHECK (created_at = date_trunc('milliseconds', created_at))`,
  // Runs as its owner (the migrations' role): the runtime role may only INSERT into audit_heads,
  // so this function is the only way a head moves, and only forward, by correctly chained entries.
  String.raw`
CREATE OR REPLACE FUNCTION audit_append(p_stream text, p_entries jsonb)
RETURNS TABLE (entry_id bigint, entry_seq int, entry_hash text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $fn$
DECLARE
  n int := jsonb_array_length(p_entries);
  v_seq int;
  v_prev text;
  v_hash text;
  e jsonb;
BEGIN
  IF n = 0 THEN RETURN; END IF;
  INSERT INTO public.audit_heads AS h (stream, seq, hash) VALUES (p_stream, n, '')
  ON CONFLICT (stream) DO UPDATE SET seq = h.seq + n
  RETURNING h.seq - n, h.hash INTO v_seq, v_prev;
  IF v_seq = 0 THEN v_prev := NULL; END IF;
  FOR e IN SELECT x.value FROM jsonb_array_elements(p_entries) WITH ORDINALITY AS x(value, i) ORDER BY x.i LOOP
    v_seq := v_seq + 1;
    v_hash := public.audit_entry_hash(p_stream, v_seq, e->>'action', (e->>'actorId')::uuid, e->>'entityType',
                                      e->>'entityId', coalesce(e->'data', '{}'::jsonb),
                                      (e->>'createdAt')::timestamptz, v_prev);
    INSERT INTO public.audit_log (stream, seq, action, actor_id, entity_type, entity_id, data, created_at, prev_hash, hash)
    VALUES (p_stream, v_seq, e->>'action', (e->>'actorId')::uuid, e->>'entityType', e->>'entityId',
            coalesce(e->'data', '{}'::jsonb), (e->>'createdAt')::timestamptz, v_prev, v_hash)
    RETURNING id INTO entry_id;
    entry_seq := v_seq;
    entry_hash := v_hash;
    RETURN NEXT;
    v_prev := v_hash;
  END LOOP;
  UPDATE public.audit_heads SET hash = v_hash WHERE stream = p_stream;
END
$fn$`,
  // Not for PUBLIC (a read-only login could append through it): the runtime role is granted it.
  String.raw`REVOKE EXECUTE ON FUNCTION audit_append(text, jsonb) FROM PUBLIC`,
  String.raw`
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$fn$`,
  String.raw`
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()`,
  String.raw`
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`,
];

/** Back to migration DecisionPathFunctions' `audit_append` (hashing the text the caller split around the link). */
export const AUDIT_CHECKPOINTS_DOWN: string[] = [
  String.raw`DROP TRIGGER audit_checkpoints_no_truncate ON audit_checkpoints`,
  String.raw`DROP TRIGGER audit_checkpoints_append_only ON audit_checkpoints`,
  String.raw`DROP FUNCTION audit_refuse_change()`,
  String.raw`
CREATE OR REPLACE FUNCTION audit_append(p_stream text, p_entries jsonb)
RETURNS TABLE (entry_id bigint, entry_seq int, entry_hash text)
LANGUAGE plpgsql SECURITY INVOKER AS $fn$
DECLARE
  n int := jsonb_array_length(p_entries);
  v_seq int;
  v_prev text;
  v_hash text;
  e jsonb;
BEGIN
  IF n = 0 THEN RETURN; END IF;
  INSERT INTO audit_heads AS h (stream, seq, hash) VALUES (p_stream, n, '')
  ON CONFLICT (stream) DO UPDATE SET seq = h.seq + n
  RETURNING h.seq - n, h.hash INTO v_seq, v_prev;
  IF v_seq = 0 THEN v_prev := NULL; END IF;
  FOR e IN SELECT x.value FROM jsonb_array_elements(p_entries) WITH ORDINALITY AS x(value, i) ORDER BY x.i LOOP
    v_seq := v_seq + 1;
    v_hash := encode(sha256(convert_to(
      (e->>'prefix') || COALESCE('"' || v_prev || '"', 'null') || ',"seq":' || v_seq || (e->>'suffix'),
      'UTF8')), 'hex');
    INSERT INTO audit_log (stream, seq, action, actor_id, entity_type, entity_id, data, created_at, prev_hash, hash)
    VALUES (p_stream, v_seq, e->>'action', (e->>'actorId')::uuid, e->>'entityType', e->>'entityId',
            e->'data', (e->>'createdAt')::timestamptz, v_prev, v_hash)
    RETURNING id INTO entry_id;
    entry_seq := v_seq;
    entry_hash := v_hash;
    RETURN NEXT;
    v_prev := v_hash;
  END LOOP;
  UPDATE audit_heads SET hash = v_hash WHERE stream = p_stream;
END
$fn$`,
  String.raw`ALTER FUNCTION audit_append(text, jsonb) RESET search_path`,
  String.raw`GRANT EXECUTE ON FUNCTION audit_append(text, jsonb) TO PUBLIC`,
  String.raw`ALTER TABLE audit_log DROP CONSTRAINT audit_log_created_at_ms`,
  String.raw`DROP FUNCTION audit_entry_hash(text, int, text, uuid, text, text, jsonb, timestamptz, text)`,
  String.raw`DROP FUNCTION audit_canonical_json(jsonb)`,
];
