import { sqlFunction } from '../../database/sql-function.js';

/**
 * `audit_append(stream, entries)`: appends entries (a JSON array of {action, actorId, entityType,
 * entityId, data, createdAt}) to a stream, chained: it moves the stream's head in `audit_heads` by
 * the number of entries (the row lock orders the stream's appends), hashes each entry with
 * `audit_entry_hash` and returns each one's id, seq and hash. Runs as its owner (SECURITY DEFINER,
 * with a fixed search_path): the runtime role may only INSERT into `audit_heads`, so this function
 * is the only way a head moves, and only forward, by correctly chained entries. Not for PUBLIC (a
 * read-only login could append through it): the runtime role is granted it
 * (src/database/runtime-grants.ts).
 *
 * History: migrations DecisionPathFunctions, AuditCheckpoints; FunctionsFromSourceFiles applies this file.
 */
export const AUDIT_APPEND = sqlFunction(
  'audit_append(text,jsonb)',
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
$fn$;

REVOKE EXECUTE ON FUNCTION audit_append(text, jsonb) FROM PUBLIC;
`,
);
