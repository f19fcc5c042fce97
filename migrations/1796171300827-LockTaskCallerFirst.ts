import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Written by hand (entities cannot say it): `approvals_lock_task(task, assignee)` replaces
 * `approvals_lock_task(task)`. Given the caller as `assignee`, it locks nothing when the task is
 * someone else's: it returns the task and its document unlocked, and the caller answers 403 or 404
 * from them (a stranger's decision no longer waits for, nor holds up, the locks of the task's
 * request). Given NULL (an admin's reassign, a recall), it locks as before.
 */
export class LockTaskCallerFirst1796171300827 implements MigrationInterface {
  name = 'LockTaskCallerFirst1796171300827';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION approvals_lock_task(uuid)`);
    await queryRunner.query(`
CREATE FUNCTION approvals_lock_task(p_task uuid, p_assignee uuid)
RETURNS TABLE (request jsonb, stage jsonb, task jsonb, document jsonb, stage_tasks jsonb)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_request uuid;
  v_stage uuid;
  v_document uuid;
  v_assignee uuid;
BEGIN
  SELECT t.request_id, t.stage_id, t.document_id, t.assignee_id INTO v_request, v_stage, v_document, v_assignee
  FROM approval_tasks t WHERE t.id = p_task;
  IF NOT FOUND THEN RETURN; END IF;
  IF p_assignee IS NOT NULL AND v_assignee IS DISTINCT FROM p_assignee THEN
    -- Not the caller's task: nothing is locked; the task and document say whether to answer 403 or 404.
    SELECT to_jsonb(t) INTO task FROM approval_tasks t WHERE t.id = p_task;
    SELECT to_jsonb(d) INTO document FROM documents d WHERE d.id = v_document;
    RETURN NEXT;
    RETURN;
  END IF;
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
    await queryRunner.query(`DROP FUNCTION approvals_lock_task(uuid, uuid)`);
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
}
