import { sqlFunction } from '../../database/sql-function.js';

/**
 * `approvals_lock_task(task, assignee)`: the first statement of a decision (DecisionsService).
 * Given the caller as `assignee`, when the task is someone else's it locks nothing and returns the
 * task and its document unlocked, for the caller to answer 403 or 404 (a stranger's decision
 * neither waits for nor holds up the locks of the task's request). Given the caller, or NULL (an
 * admin's reassign, a recall), it locks request -> stage -> task -> document, in that order (the
 * order every decision path takes, so concurrent decisions queue instead of deadlocking), and
 * returns them as JSON with the tasks of the stage's current round (hydrated by `rows.ts`). The
 * request comes without `acted_before`, the inbox's column, which a decision never reads.
 *
 * History: migrations DecisionPathFunctions, LockTaskCallerFirst, LockTaskWithoutActedBefore;
 * FunctionsFromSourceFiles applies this file.
 */
export const APPROVALS_LOCK_TASK = sqlFunction(
  'approvals_lock_task(uuid,uuid)',
  String.raw`
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
  SELECT to_jsonb(r) - 'acted_before' INTO request FROM approval_requests r WHERE r.id = v_request FOR UPDATE;
  SELECT to_jsonb(s) INTO stage FROM approval_stages s WHERE s.id = v_stage FOR UPDATE;
  SELECT to_jsonb(t) INTO task FROM approval_tasks t WHERE t.id = p_task FOR UPDATE;
  SELECT to_jsonb(d) INTO document FROM documents d WHERE d.id = v_document FOR UPDATE;
  SELECT coalesce(jsonb_agg(jsonb_build_object('id', t.id, 'status', t.status,
                                               'escalatedFromTaskId', t.escalated_from_task_id)), '[]'::jsonb)
    INTO stage_tasks
  FROM approval_tasks t WHERE t.stage_id = v_stage AND t.round = (stage->>'round')::int;
  RETURN NEXT;
END
$fn$`,
);
