import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ACCOUNT_STILL_VALID_SQL, accountNoLongerValid } from '../auth/token.service.js';
import type { TokenSubject } from '../common/auth/auth-user.js';
import { badRequest } from '../common/errors/domain-error.js';
import { decodeCursor, encodeCursor } from '../common/http/pagination.js';
import { preparedQuery } from '../database/prepared-query.js';
import { isUuid } from '../common/uuid.js';

/** A page as the SQL of `pageSql` returns it: the items as JSON text, and the last item's keyset. */
interface PageJsonRow {
  items: string;
  last_due: string | null;
  last_id: string | null;
  /** Tasks read: `limit + 1` when there is a next page. */
  rows: number;
  /** The caller's account check, on the inbox (an @AuthenticatedByToken() route). */
  account_ok?: boolean;
}

const TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;
/** `Date.prototype.toISOString()` in SQL (UTC, milliseconds, `Z`), as every other time in the API. */
const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/**
 * Work lists. The inbox reads the partial index approval_tasks_inbox_idx (assignee, due, id) WHERE
 * pending: oldest due first, tasks without a deadline last, keyset paged on (due_at, id).
 *
 * PostgreSQL writes a page's JSON (`InboxPageDto`) and the route sends that text as it is: parsing
 * 50 rows with their dates and `actedBefore` arrays into objects only to serialise them again was
 * most of the API process's time on this route (issue 3, the 1M/5M data set).
 */
@Injectable()
export class InboxService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * My pending tasks as the JSON text of an `InboxPageDto`. The route is @AuthenticatedByToken():
   * the page's statement checks the account as the guard's lookup would (no page unless it
   * passes), one round trip instead of two.
   */
  async inbox(user: TokenSubject, limit = 50, cursor?: string): Promise<string> {
    const c = this.cursor(cursor);
    const params: unknown[] = [user.id, limit, user.issuedAt, user.sessionId];
    let after = '';
    if (c) {
      if (c[0] === null) {
        params.push(c[1]);
        after = `AND t.due_at IS NULL AND t.id > $5::uuid`;
      } else {
        params.push(c[0], c[1]);
        after = `AND ((t.due_at, t.id) > ($5::timestamptz, $6::uuid) OR t.due_at IS NULL)`;
      }
    }
    const [row] = await preparedQuery<PageJsonRow>(
      this.dataSource.manager,
      `approvals_inbox_json_${c ? (c[0] === null ? 'undated' : 'dated') : 'first'}`,
      pageSql({
        where: `t.assignee_id = $1 AND t.status = 'pending' ${after}`,
        orderBy: 't.due_at ASC NULLS LAST, t.id ASC',
        limit: '$2',
        account: { user: '$1', issuedAt: '$3', sessionId: '$4' },
      }),
      params,
    );
    if (!row.account_ok) throw accountNoLongerValid();
    return pageJson(row, limit);
  }

  /** Admins: pending tasks past their deadline, most overdue first, each naming its assignee. */
  async overdue(limit = 50, cursor?: string): Promise<string> {
    const c = this.cursor(cursor);
    const params: unknown[] = [limit];
    let after = '';
    if (c && c[0] !== null) {
      params.push(c[0], c[1]);
      after = `AND (t.due_at, t.id) > ($2::timestamptz, $3::uuid)`;
    }
    const [row] = await this.dataSource.query<PageJsonRow[]>(
      pageSql({
        where: `t.status = 'pending' AND t.due_at < now() ${after}`,
        orderBy: 't.due_at ASC, t.id ASC',
        limit: '$1',
        withAssignee: true,
      }),
      params,
    );
    return pageJson(row, limit);
  }

  /**
   * Admins: pending tasks held by an account that cannot sign in (disabled, retired), longest held
   * first, whatever their deadline: nobody can decide them until an administrator gives them to
   * someone (they waited unseen until overdue). The first `limit`; `more` says there are others.
   */
  async heldByInactive(limit = 200): Promise<string> {
    const [row] = await this.dataSource.query<PageJsonRow[]>(
      pageSql({
        where: `t.status = 'pending' AND EXISTS (
                  SELECT 1 FROM org_people a WHERE a.id = t.assignee_id AND a.status <> 'active')`,
        orderBy: 't.created_at ASC, t.id ASC',
        limit: '$1',
        withAssignee: true,
      }),
      [limit],
    );
    return `{"items":${row.items},"more":${row.rows > limit}}`;
  }

  private cursor(cursor?: string): [string | null, string] | undefined {
    const c = decodeCursor<[string | null, string]>(cursor, 2);
    if (!c) return undefined;
    if ((c[0] !== null && (typeof c[0] !== 'string' || !TIME.test(c[0]))) || !isUuid(c[1])) {
      throw badRequest('INVALID_CURSOR', 'The cursor is not valid');
    }
    return c;
  }

  /** Admins: requests stuck on a stage that routes to nobody. */
  async blocked(): Promise<
    {
      requestId: string;
      documentId: string;
      title: string;
      referenceNumber: string | null;
      stageIndex: number;
      stageName: string;
      stageNameKm: string | null;
      routingNotes: unknown[];
    }[]
  > {
    const rows: {
      request_id: string;
      document_id: string;
      title: string;
      reference_number: string | null;
      stage_index: number;
      stage_name: string;
      stage_name_km: string | null;
      routing_notes: unknown[];
    }[] = await this.dataSource.query(
      `SELECT r.id AS request_id, d.id AS document_id, d.title, d.reference_number, s.index AS stage_index,
                s.name AS stage_name, s.name_km AS stage_name_km, s.routing_notes
           FROM approval_requests r
           JOIN documents d ON d.id = r.document_id
           JOIN approval_stages s ON s.request_id = r.id AND s.index = r.current_stage
          WHERE r.status = 'blocked'
          ORDER BY r.updated_at ASC
          LIMIT 500`,
    );
    return rows.map((r) => ({
      requestId: r.request_id,
      documentId: r.document_id,
      title: r.title,
      referenceNumber: r.reference_number,
      stageIndex: r.stage_index,
      stageName: r.stage_name,
      stageNameKm: r.stage_name_km,
      routingNotes: r.routing_notes,
    }));
  }
}

/** `{ items, nextCursor }` around the items PostgreSQL wrote; the cursor is the one of the last item. */
function pageJson(row: PageJsonRow, limit: number): string {
  const nextCursor = row.rows > limit ? encodeCursor([row.last_due, row.last_id]) : null;
  return `{"items":${row.items},"nextCursor":${JSON.stringify(nextCursor)}}`;
}

/** An overdue task's assignee (`OverdueItemDto`): whose it is, named for the admin who may reassign it. */
const ASSIGNEE_FIELDS = `, p.assignee_id AS "assigneeId", asg.full_name AS "assigneeName",
               asg.full_name_km AS "assigneeNameKm", asg.status AS "assigneeStatus"`;

/**
 * One page of tasks (`InboxItemDto`, or `OverdueItemDto` with the assignee if asked) as JSON text, each with who
 * submitted its document (their names from `org_people`, the org module's view). It reads `limit + 1`
 * tasks: the one past the page only says that there is a next page, whose cursor is the (due_at::text,
 * id) of the page's last item. row_to_json writes no whitespace; times are as `toISOString()` writes
 * them. Who acted before is the request's `acted_before`, which the database keeps as tasks are
 * decided (migration ActedBefore): one row per item instead of its stages, their tasks and users.
 */
function pageSql(o: {
  where: string;
  orderBy: string;
  limit: string;
  withAssignee?: boolean;
  /** Placeholders of the caller, their token's `iat` and session: the page is read only if the account passes. */
  account?: { user: string; issuedAt: string; sessionId: string };
}): string {
  const account = o.account
    ? ACCOUNT_STILL_VALID_SQL(o.account.user, o.account.issuedAt, o.account.sessionId)
    : undefined;
  return `WITH ${account ? `account AS MATERIALIZED (SELECT ${account} AS ok),` : ''} page AS (
      SELECT t.id, t.document_id, t.request_id, t.stage_id, t.assignee_id, t.due_at, t.acting_for_id,
             t.version_no, t.created_at, row_number() OVER (ORDER BY ${o.orderBy}) AS n
        FROM approval_tasks t
       WHERE ${o.where} ${account ? 'AND (SELECT ok FROM account)' : ''}
       ORDER BY ${o.orderBy}
       LIMIT ${o.limit} + 1
    )
    SELECT '[' || coalesce(string_agg(row_to_json(item)::text, ',' ORDER BY p.n) FILTER (WHERE p.n <= ${o.limit}), '')
             || ']' AS items,
           min(p.due_at::text) FILTER (WHERE p.n = ${o.limit}) AS last_due,
           min(p.id::text) FILTER (WHERE p.n = ${o.limit}) AS last_id, count(*)::int AS rows
           ${account ? ', (SELECT ok FROM account) AS account_ok' : ''}
      FROM page p
      JOIN documents d ON d.id = p.document_id
      JOIN org_people sub ON sub.id = d.submitter_id
      JOIN approval_stages s ON s.id = p.stage_id
      JOIN approval_requests r ON r.id = p.request_id
      ${o.withAssignee ? 'JOIN org_people asg ON asg.id = p.assignee_id' : ''}
      CROSS JOIN LATERAL (
        SELECT p.id, p.document_id AS "documentId", d.title, d.reference_number AS "referenceNumber",
               d.document_type AS "documentType", d.submitter_id AS "submitterId",
               sub.full_name AS "submitterName", sub.full_name_km AS "submitterNameKm", s.name AS "stageName", s.name_km AS "stageNameKm",
               s.index AS "stageIndex",
               to_char(p.due_at AT TIME ZONE 'UTC', ${ISO}) AS "dueAt", p.acting_for_id AS "actingForId",
               p.version_no AS "versionNo", to_char(p.created_at AT TIME ZONE 'UTC', ${ISO}) AS "createdAt",
               r.acted_before AS "actedBefore"${o.withAssignee ? ASSIGNEE_FIELDS : ''}
      ) item`;
}
