import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user.js';
import { badRequest } from '../common/errors/domain-error.js';
import { decodeCursor, type Page, toPage } from '../common/http/pagination.js';
import { preparedQuery } from '../database/prepared-query.js';
import type { InboxItemDto } from './dto/decision.dto.js';

interface InboxRow {
  id: string;
  document_id: string;
  title: string;
  reference_number: string | null;
  document_type: string;
  stage_name: string;
  stage_index: number;
  due_at: Date | null;
  due_text: string | null;
  acting_for_id: string | null;
  version_no: number;
  created_at: Date;
  acted_before: InboxItemDto['actedBefore'];
  assignee_id?: string;
}

const TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Work lists. The inbox reads the partial index approval_tasks_inbox_idx (assignee, due, id) WHERE
 * pending: oldest due first, tasks without a deadline last, keyset paged on (due_at, id).
 */
@Injectable()
export class InboxService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async inbox(user: AuthUser, limit = 50, cursor?: string): Promise<Page<InboxItemDto>> {
    const c = this.cursor(cursor);
    const params: unknown[] = [user.id, limit + 1];
    let after = '';
    if (c) {
      if (c[0] === null) {
        params.push(c[1]);
        after = `AND t.due_at IS NULL AND t.id > $3::uuid`;
      } else {
        params.push(c[0], c[1]);
        after = `AND ((t.due_at, t.id) > ($3::timestamptz, $4::uuid) OR t.due_at IS NULL)`;
      }
    }
    const rows = await preparedQuery<InboxRow>(
      this.dataSource.manager,
      `approvals_inbox_${c ? (c[0] === null ? 'undated' : 'dated') : 'first'}`,
      `${this.select()}
       WHERE t.assignee_id = $1 AND t.status = 'pending' ${after}
       ORDER BY t.due_at ASC NULLS LAST, t.id ASC
       LIMIT $2`,
      params,
    );
    return this.page(rows, limit);
  }

  /** Admins: pending tasks past their deadline, most overdue first. */
  async overdue(limit = 50, cursor?: string): Promise<Page<InboxItemDto & { assigneeId: string }>> {
    const c = this.cursor(cursor);
    const params: unknown[] = [limit + 1];
    let after = '';
    if (c && c[0] !== null) {
      params.push(c[0], c[1]);
      after = `AND (t.due_at, t.id) > ($2::timestamptz, $3::uuid)`;
    }
    const rows: InboxRow[] = await this.dataSource.query(
      `${this.select()}
       WHERE t.status = 'pending' AND t.due_at < now() ${after}
       ORDER BY t.due_at ASC, t.id ASC
       LIMIT $1`,
      params,
    );
    const page = this.page(rows, limit);
    return {
      items: page.items.map((item, i) => ({ ...item, assigneeId: rows[i].assignee_id! })),
      nextCursor: page.nextCursor,
    };
  }

  private select(): string {
    return `SELECT t.id, t.document_id, d.title, d.reference_number, d.document_type, s.name AS stage_name,
         s.index AS stage_index, t.due_at, t.due_at::text AS due_text, t.acting_for_id, t.version_no, t.created_at,
         t.assignee_id,
         (SELECT coalesce(json_agg(json_build_object('stage', ps.name, 'userId', p.assignee_id, 'name', u.full_name,
                   'nameKm', u.full_name_km, 'actingForId', p.acting_for_id, 'status', p.status,
                   'comment', p.comment, 'decidedAt', p.decided_at) ORDER BY p.decided_at), '[]'::json)
            FROM approval_tasks p
            JOIN approval_stages ps ON ps.id = p.stage_id
            JOIN users u ON u.id = p.assignee_id
           WHERE p.request_id = t.request_id AND p.status IN ('approved', 'returned', 'rejected')) AS acted_before
       FROM approval_tasks t
       JOIN documents d ON d.id = t.document_id
       JOIN approval_stages s ON s.id = t.stage_id`;
  }

  private page(rows: InboxRow[], limit: number): Page<InboxItemDto> {
    const page = toPage(rows, limit, (r) => [r.due_text, r.id]);
    return {
      items: page.items.map((r) => ({
        id: r.id,
        documentId: r.document_id,
        title: r.title,
        referenceNumber: r.reference_number,
        documentType: r.document_type,
        stageName: r.stage_name,
        stageIndex: r.stage_index,
        dueAt: r.due_at ? new Date(r.due_at).toISOString() : null,
        actingForId: r.acting_for_id,
        versionNo: r.version_no,
        createdAt: new Date(r.created_at).toISOString(),
        actedBefore: r.acted_before,
      })),
      nextCursor: page.nextCursor,
    };
  }

  private cursor(cursor?: string): [string | null, string] | undefined {
    const c = decodeCursor<[string | null, string]>(cursor, 2);
    if (!c) return undefined;
    if (
      (c[0] !== null && (typeof c[0] !== 'string' || !TIME.test(c[0]))) ||
      typeof c[1] !== 'string' ||
      !UUID.test(c[1])
    ) {
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
      routing_notes: unknown[];
    }[] = await this.dataSource.query(
      `SELECT r.id AS request_id, d.id AS document_id, d.title, d.reference_number, s.index AS stage_index,
                s.name AS stage_name, s.routing_notes
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
      routingNotes: r.routing_notes,
    }));
  }
}
