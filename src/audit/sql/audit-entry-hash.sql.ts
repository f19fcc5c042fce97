import { sqlFunction } from '../../database/sql-function.js';

/**
 * `audit_entry_hash(...)`: THE definition of an audit entry's hash, the only code that computes one.
 * `audit_append` (AuditService.append/appendMany), the new-stream statement (`NEW_STREAM_ENTRY_CTES`
 * in audit.service.ts: appendToNewStream and the vote) and the verifier (`ENTRY_HASH_SQL` in
 * audit-chain.ts: `GET /audit/verify`, `npm run audit:verify`) all call it; TypeScript never hashes
 * an entry. SHA-256 (hex) of the canonical JSON of the entry, its predecessor's hash included:
 * {"action","actorId","createdAt" (ISO 8601, milliseconds, Z),"data","entityId","entityType","prevHash","seq","stream"}
 * (src/audit/README.md, "Canonical form"). Changing it breaks every stored chain.
 *
 * History: migration AuditCheckpoints; FunctionsFromSourceFiles applies this file.
 */
export const AUDIT_ENTRY_HASH = sqlFunction(
  'audit_entry_hash(text,integer,text,uuid,text,text,jsonb,timestamp with time zone,text)',
  String.raw`
CREATE OR REPLACE FUNCTION audit_entry_hash(p_stream text, p_seq int, p_action text, p_actor_id uuid, p_entity_type text,
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
);
