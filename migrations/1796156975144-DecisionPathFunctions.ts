import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Written by hand (entities cannot say it): two PL/pgSQL functions that save round trips on the
 * decision path. Neither decides anything; the rules stay in TypeScript.
 *
 * - `audit_append(stream, entries)` (audit module): appends entries to one stream in one call.
 *   It advances the stream's head (its row lock orders the stream's appends, as before), completes
 *   each entry's canonical text with the chain link (`entryHashParts` in src/audit/audit-chain.ts
 *   gives the text around it), hashes it with SHA-256 and inserts the entries; the verifier
 *   recomputes the same hashes in TypeScript.
 * - `approvals_lock_task(task)` (approvals module): locks a task's request, stage, task and document
 *   rows, always in that order (the lock order of src/approvals/task-locks.ts), and returns them
 *   with the tasks of the stage's current round, as JSON. No row when the task does not exist.
 */
export class DecisionPathFunctions1796156975144 implements MigrationInterface {
  name = 'DecisionPathFunctions1796156975144';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
CREATE FUNCTION audit_append(p_stream text, p_entries jsonb)
RETURNS TABLE (entry_id bigint, entry_seq int, entry_hash text)
LANGUAGE plpgsql AS $fn$
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
$fn$`);
    await queryRunner.query(`
CREATE FUNCTION approvals_lock_task(p_task uuid)
RETURNS TABLE (request jsonb, stage jsonb, task jsonb, document jsonb, stage_tasks jsonb)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_request uuid;
  v_stage uuid;
  v_document uuid;
BEGIN
  SELECT t.request_id, t.stage_id, t.document_id INTO v_request, v_stage, v_document
  FROM approval_tasks t WHERE t.id = p_task;
  IF NOT FOUND THEN RETURN; END IF;
  SELECT to_jsonb(r) INTO request FROM approval_requests r WHERE r.id = v_request FOR UPDATE;
  SELECT to_jsonb(s) INTO stage FROM approval_stages s WHERE s.id = v_stage FOR UPDATE;
  SELECT to_jsonb(t) INTO task FROM approval_tasks t WHERE t.id = p_task FOR UPDATE;
  SELECT to_jsonb(d) INTO document FROM documents d WHERE d.id = v_document FOR UPDATE;
  SELECT coalesce(jsonb_agg(jsonb_build_object('id', t.id, 'status', t.status,
                                               'escalatedFromTaskId', t.escalated_from_task_id)), '[]'::jsonb)
    INTO stage_tasks
  FROM approval_tasks t WHERE t.stage_id = v_stage AND t.round = (stage->>'round')::int;
  RETURN NEXT;
END
$fn$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION approvals_lock_task(uuid)`);
    await queryRunner.query(`DROP FUNCTION audit_append(text, jsonb)`);
  }
}
