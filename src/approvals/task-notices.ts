import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isUuid } from '../common/uuid.js';
import { WaitingNotices } from '../notifications/waiting-notices.js';

/** The notices that ask their reader to decide a task on a document (they link to its page). */
export const TASK_NOTICE_KINDS = [
  'approval.task_assigned',
  'approval.reminder',
  'approval.escalated',
] as const;

const DOCUMENT_PAGE = /^\/documents\/([^/?#]+)$/;

/**
 * A task's notice waits on its reader while they have a pending task on its document: once they
 * decided, or another approver's decision, a recall, a withdrawal or a rejection closed the task,
 * the notification list marks the notice done (the approver's list read "awaiting your approval"
 * for documents long decided). A later round's task makes the document's notices wait again.
 */
@Injectable()
export class TaskNotices implements OnModuleInit {
  constructor(
    private readonly waiting: WaitingNotices,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.waiting.register(TASK_NOTICE_KINDS, (userId, links) => this.stillWaiting(userId, links));
  }

  private async stillWaiting(userId: string, links: string[]): Promise<Set<string>> {
    const ids = links.map((l) => DOCUMENT_PAGE.exec(l)?.[1]).filter(isUuid);
    if (!ids.length) return new Set();
    const rows = await this.dataSource.query<{ document_id: string }[]>(
      `SELECT DISTINCT document_id FROM approval_tasks
        WHERE document_id = ANY($2::uuid[]) AND assignee_id = $1 AND status = 'pending'`,
      [userId, ids],
    );
    return new Set(rows.map((r) => `/documents/${r.document_id}`));
  }
}
