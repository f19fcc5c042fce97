import { sqlFunction } from '../../database/sql-function.js';

/**
 * `approvals_acted_before(request)`: who has decided on the request so far, as the inbox shows it
 * (`approval_requests.acted_before`, `InboxItemDto.actedBefore`): the request's decided tasks (all
 * rounds), oldest decision first, with the approvers' names, as JSON text. VOLATILE on purpose:
 * each call reads a fresh snapshot, so an UPDATE that waited for a concurrent decision's row lock
 * rebuilds the list with that decision in it. Called by the triggers of
 * `approvals-refresh-acted-before.sql.ts` and by the app when a user's name changes.
 *
 * History: migration ActedBefore; FunctionsFromSourceFiles applies this file; StageNamesKm adds
 * `stageKm` (the stage's Khmer name); ActedBeforeReadsOrgPeople reads the names from the org
 * module's view `org_people` instead of its `users` table. It reads `name_km` through `to_jsonb(s)` because a LANGUAGE
 * sql body is checked when created and FunctionsFromSourceFiles creates it before StageNamesKm adds
 * the column (src/database/README.md).
 */
export const APPROVALS_ACTED_BEFORE = sqlFunction(
  'approvals_acted_before(uuid)',
  String.raw`
CREATE OR REPLACE FUNCTION approvals_acted_before(p_request uuid) RETURNS json
LANGUAGE sql VOLATILE AS $fn$
  SELECT coalesce(json_agg(a.entry ORDER BY a.decided_at, a.id), '[]'::json)
    FROM (SELECT t.decided_at, t.id, row_to_json(e) AS entry
            FROM approval_tasks t
            JOIN approval_stages s ON s.id = t.stage_id
            JOIN org_people u ON u.id = t.assignee_id
           CROSS JOIN LATERAL (
             SELECT s.name AS stage, to_jsonb(s) ->> 'name_km' AS "stageKm", t.assignee_id AS "userId", u.full_name AS name, u.full_name_km AS "nameKm",
                    t.acting_for_id AS "actingForId", t.status, t.comment,
                    to_char(t.decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "decidedAt"
           ) e
           WHERE t.request_id = p_request AND t.status IN ('approved', 'returned', 'rejected')) a
$fn$`,
);
