import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { badRequest, notFound } from '../common/errors/domain-error.js';
import { decodeCursor, toPage } from '../common/http/pagination.js';
import { updatedRows } from '../database/updated-rows.js';
import type { NotificationDto, NotificationPageDto } from './dto/notification.dto.js';
import { isUuid } from '../common/uuid.js';
import { isTemplateName, type NotificationParams, renderTemplate } from './templates.js';
import { WaitingNotices } from './waiting-notices.js';

interface Row {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  read_at: Date | null;
  created_at: Date;
  /** What it was made from: its template's params (`kind` names the template). */
  data: { params?: NotificationParams } | null;
  /** The reader's language now. */
  locale: string | null;
  event_key: string;
  /** created_at with its microseconds, for an exact keyset cursor. */
  created_key: string;
}

const ISO_MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** A user's own notifications: list, unread count, mark read. Nobody sees another's. */
@Injectable()
export class NotificationsInboxService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly waiting: WaitingNotices,
  ) {}

  async list(
    userId: string,
    query: { unread?: boolean; limit?: number; cursor?: string },
  ): Promise<NotificationPageDto> {
    const limit = query.limit ?? 50;
    const cursor = decodeCursor<[string, string]>(query.cursor, 2);
    if (cursor && (!ISO_MICROS.test(String(cursor[0])) || !isUuid(cursor[1]))) {
      throw badRequest('INVALID_CURSOR', 'The cursor is not valid');
    }
    const rows = await this.dataSource.query<Row[]>(
      `SELECT n.id, n.kind, n.title, n.body, n.link, n.read_at, n.created_at, n.data, u.locale, n.event_key,
              to_char(n.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_key
       FROM notifications n
       LEFT JOIN org_people u ON u.id = n.user_id
       WHERE n.user_id = $1 AND n.in_app
         AND ($2::boolean IS NOT TRUE OR n.read_at IS NULL)
         AND ($3::timestamptz IS NULL OR (n.created_at, n.id) < ($3::timestamptz, $4::uuid))
       ORDER BY n.created_at DESC, n.id DESC
       LIMIT $5`,
      [userId, query.unread ?? false, cursor?.[0] ?? null, cursor?.[1] ?? null, limit + 1],
    );
    const page = toPage(rows, limit, (r) => [r.created_key, r.id]);
    const done = await this.waiting.done(
      userId,
      page.items.map((r) => ({ kind: r.kind, eventKey: r.event_key })),
    );
    return {
      items: page.items.map((r, i) => toDto(r, done[i])),
      nextCursor: page.nextCursor,
      unreadCount: await this.unreadCount(userId),
    };
  }

  async unreadCount(userId: string): Promise<number> {
    const [row] = await this.dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM notifications WHERE user_id = $1 AND read_at IS NULL AND in_app`,
      [userId],
    );
    return row.count;
  }

  /** Marks one of my notifications read (again: no change). Someone else's is 404. */
  async markRead(userId: string, id: string): Promise<void> {
    const rows = updatedRows<{ id: string }>(
      await this.dataSource.query(
        `UPDATE notifications SET read_at = COALESCE(read_at, now())
         WHERE id = $1 AND user_id = $2 AND in_app RETURNING id`,
        [id, userId],
      ),
    );
    if (rows.length === 0) throw notFound('NOTIFICATION_NOT_FOUND', 'No such notification');
  }

  /** Marks read my unread notices that link to `page` (an app path); how many. */
  async markPageRead(userId: string, page: string): Promise<number> {
    const rows = updatedRows<{ id: string }>(
      await this.dataSource.query(
        `UPDATE notifications SET read_at = now()
         WHERE user_id = $1 AND read_at IS NULL AND in_app AND link = $2 RETURNING id`,
        [userId, page],
      ),
    );
    return rows.length;
  }

  async markAllRead(userId: string): Promise<number> {
    const rows = updatedRows<{ id: string }>(
      await this.dataSource.query(
        `UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL RETURNING id`,
        [userId],
      ),
    );
    return rows.length;
  }
}

/**
 * A notification in the reader's language of today: made again from its template and params (a
 * reader who switched language reads the old ones in the new one too). The stored text is what was
 * sent (by e-mail or Telegram too), and stands for a notice without a known template.
 */
function toDto(r: Row, done: boolean): NotificationDto {
  const params = r.data?.params;
  const text =
    params && isTemplateName(r.kind)
      ? renderTemplate(r.kind, r.locale, params)
      : { title: r.title, body: r.body };
  return {
    id: r.id,
    kind: r.kind,
    title: text.title,
    body: text.body,
    link: r.link,
    readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
    createdAt: new Date(r.created_at).toISOString(),
    done,
  };
}
