import { sqlFunction } from '../../database/sql-function.js';

/**
 * `approvals_refresh_acted_before()` and its triggers: rebuild a request's `acted_before` in the
 * transaction of the change, when one of its tasks enters or leaves a decided status (approve,
 * return, reject, recall), changes while decided, or is deleted while decided (tasks that come and
 * go as pending or cancelled do not fire them). The request row is locked first (the decision paths
 * hold it already), then the list is built (`approvals_acted_before`). The services never write the
 * column (`update: false` on the entity), so a stale copy in memory cannot overwrite it.
 *
 * History: migration ActedBefore; FunctionsFromSourceFiles applies this file.
 */
export const APPROVALS_REFRESH_ACTED_BEFORE = sqlFunction(
  'approvals_refresh_acted_before()',
  String.raw`
CREATE OR REPLACE FUNCTION approvals_refresh_acted_before() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
  v_request uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.request_id ELSE NEW.request_id END;
BEGIN
  PERFORM 1 FROM approval_requests WHERE id = v_request FOR UPDATE;
  UPDATE approval_requests SET acted_before = approvals_acted_before(v_request) WHERE id = v_request;
  RETURN NULL;
END
$fn$;

CREATE OR REPLACE TRIGGER approval_tasks_acted_before_insert AFTER INSERT ON approval_tasks
FOR EACH ROW WHEN (NEW.status IN ('approved', 'returned', 'rejected'))
EXECUTE FUNCTION approvals_refresh_acted_before();

CREATE OR REPLACE TRIGGER approval_tasks_acted_before_update
AFTER UPDATE OF status, comment, decided_at, assignee_id, acting_for_id ON approval_tasks
FOR EACH ROW WHEN ((OLD.status IN ('approved', 'returned', 'rejected') OR NEW.status IN ('approved', 'returned', 'rejected'))
  AND (OLD.status, OLD.comment, OLD.decided_at, OLD.assignee_id, OLD.acting_for_id)
      IS DISTINCT FROM (NEW.status, NEW.comment, NEW.decided_at, NEW.assignee_id, NEW.acting_for_id))
EXECUTE FUNCTION approvals_refresh_acted_before();

CREATE OR REPLACE TRIGGER approval_tasks_acted_before_delete AFTER DELETE ON approval_tasks
FOR EACH ROW WHEN (OLD.status IN ('approved', 'returned', 'rejected'))
EXECUTE FUNCTION approvals_refresh_acted_before();
`,
);
