import type { MigrationInterface, QueryRunner } from 'typeorm';

const DECIDED = `('approved', 'returned', 'rejected')`;

/**
 * `approval_requests.acted_before`: who has decided on the request so far, as the inbox shows it
 * (`InboxItemDto.actedBefore`), as JSON text (`json`, not `jsonb`: it is only ever sent as it is,
 * and writing out jsonb costs PostgreSQL about twice as much per row). The inbox used to join each
 * listed task's stages, their tasks and the approvers' users to build it: on the 1M/5M data set,
 * about half of the page's buffer reads.
 *
 * The column is generated from the entity. Written by hand below (entities cannot say it):
 * - `approvals_acted_before(request)`: the list, built from the request's decided tasks (all rounds),
 *   oldest decision first, with the approvers' current names. VOLATILE on purpose: each call reads a
 *   fresh snapshot, so an UPDATE that waited for a concurrent decision's row lock rebuilds the list
 *   with that decision in it.
 * - The triggers that rebuild it, in the transaction that made the change:
 *   - a task entering or leaving a decided status (approve, return, reject, recall), or deleted
 *     while decided (tasks that come and go as pending or cancelled do not fire them). The request
 *     row is locked first (the decision paths hold it already), then the list is built;
 *   - a user's name changed: every request they decided on.
 *   The services never write the column (`update: false` on the entity), so a stale copy in memory
 *   cannot overwrite it.
 * The existing requests are filled by the next migration (ActedBeforeBackfill), in batches.
 */
export class ActedBefore1796184855849 implements MigrationInterface {
  name = 'ActedBefore1796184855849';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "approval_requests" ADD "acted_before" json NOT NULL DEFAULT '[]'`);
    await queryRunner.query(`
CREATE FUNCTION approvals_acted_before(p_request uuid) RETURNS json
LANGUAGE sql VOLATILE AS $fn$
  SELECT coalesce(json_agg(a.entry ORDER BY a.decided_at, a.id), '[]'::json)
    FROM (SELECT t.decided_at, t.id, row_to_json(e) AS entry
            FROM approval_tasks t
            JOIN approval_stages s ON s.id = t.stage_id
            JOIN users u ON u.id = t.assignee_id
           CROSS JOIN LATERAL (
             SELECT s.name AS stage, t.assignee_id AS "userId", u.full_name AS name, u.full_name_km AS "nameKm",
                    t.acting_for_id AS "actingForId", t.status, t.comment,
                    to_char(t.decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "decidedAt"
           ) e
           WHERE t.request_id = p_request AND t.status IN ${DECIDED}) a
$fn$`);
    await queryRunner.query(`
CREATE FUNCTION approvals_refresh_acted_before() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
  v_request uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.request_id ELSE NEW.request_id END;
BEGIN
  PERFORM 1 FROM approval_requests WHERE id = v_request FOR UPDATE;
  UPDATE approval_requests SET acted_before = approvals_acted_before(v_request) WHERE id = v_request;
  RETURN NULL;
END
$fn$`);
    await queryRunner.query(`
CREATE TRIGGER approval_tasks_acted_before_insert AFTER INSERT ON approval_tasks
FOR EACH ROW WHEN (NEW.status IN ${DECIDED})
EXECUTE FUNCTION approvals_refresh_acted_before()`);
    await queryRunner.query(`
CREATE TRIGGER approval_tasks_acted_before_update
AFTER UPDATE OF status, comment, decided_at, assignee_id, acting_for_id ON approval_tasks
FOR EACH ROW WHEN ((OLD.status IN ${DECIDED} OR NEW.status IN ${DECIDED})
  AND (OLD.status, OLD.comment, OLD.decided_at, OLD.assignee_id, OLD.acting_for_id)
      IS DISTINCT FROM (NEW.status, NEW.comment, NEW.decided_at, NEW.assignee_id, NEW.acting_for_id))
EXECUTE FUNCTION approvals_refresh_acted_before()`);
    await queryRunner.query(`
CREATE TRIGGER approval_tasks_acted_before_delete AFTER DELETE ON approval_tasks
FOR EACH ROW WHEN (OLD.status IN ${DECIDED})
EXECUTE FUNCTION approvals_refresh_acted_before()`);
    await queryRunner.query(`
CREATE FUNCTION approvals_refresh_acted_before_of_user() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  UPDATE approval_requests r SET acted_before = approvals_acted_before(r.id)
   WHERE r.id IN (SELECT t.request_id FROM approval_tasks t
                   WHERE t.assignee_id = NEW.id AND t.status IN ${DECIDED});
  RETURN NULL;
END
$fn$`);
    await queryRunner.query(`
CREATE TRIGGER users_acted_before_names AFTER UPDATE OF full_name, full_name_km ON users
FOR EACH ROW WHEN ((OLD.full_name, OLD.full_name_km) IS DISTINCT FROM (NEW.full_name, NEW.full_name_km))
EXECUTE FUNCTION approvals_refresh_acted_before_of_user()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER users_acted_before_names ON users`);
    await queryRunner.query(`DROP FUNCTION approvals_refresh_acted_before_of_user()`);
    await queryRunner.query(`DROP TRIGGER approval_tasks_acted_before_delete ON approval_tasks`);
    await queryRunner.query(`DROP TRIGGER approval_tasks_acted_before_update ON approval_tasks`);
    await queryRunner.query(`DROP TRIGGER approval_tasks_acted_before_insert ON approval_tasks`);
    await queryRunner.query(`DROP FUNCTION approvals_refresh_acted_before()`);
    await queryRunner.query(`DROP FUNCTION approvals_acted_before(uuid)`);
    await queryRunner.query(`ALTER TABLE "approval_requests" DROP COLUMN "acted_before"`);
  }
}
