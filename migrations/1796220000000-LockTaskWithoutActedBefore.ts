import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Written by hand (entities cannot say it): `approvals_lock_task` returns the request without
 * `acted_before`, which the decision never reads (the column is the inbox's, kept by triggers since
 * migration ActedBefore); it grows with every signer and went to the API on every decision.
 * Otherwise the function of migration LockTaskCallerFirst, unchanged.
 */
const lockTask = (request: string) => `
CREATE OR REPLACE FUNCTION approvals_lock_task(p_task uuid, p_assignee uuid)
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
  SELECT ${request} INTO request FROM approval_requests r WHERE r.id = v_request FOR UPDATE;
  SELECT to_jsonb(s) INTO stage FROM approval_stages s WHERE s.id = v_stage FOR UPDATE;
  SELECT to_jsonb(t) INTO task FROM approval_tasks t WHERE t.id = p_task FOR UPDATE;
  SELECT to_jsonb(d) INTO document FROM documents d WHERE d.id = v_document FOR UPDATE;
  SELECT coalesce(jsonb_agg(jsonb_build_object('id', t.id, 'status', t.status,
                                               'escalatedFromTaskId', t.escalated_from_task_id)), '[]'::jsonb)
    INTO stage_tasks
  FROM approval_tasks t WHERE t.stage_id = v_stage AND t.round = (stage->>'round')::int;
  RETURN NEXT;
END
$fn$`;

export class LockTaskWithoutActedBefore1796220000000 implements MigrationInterface {
  name = 'LockTaskWithoutActedBefore1796220000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(lockTask(`to_jsonb(r) - 'acted_before'`));
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(lockTask('to_jsonb(r)'));
  }
}
