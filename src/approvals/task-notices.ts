import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { WaitingNotices } from '../notifications/waiting-notices.js';

/**
 * A task's notice ("a document awaits your approval", its reminder, an escalation) waits on its
 * reader while they have a pending task on its document: once they decided, or another approver's
 * decision, a recall, a withdrawal or a rejection closed the task, the notification list marks the
 * notice done (an approver's list read "awaiting your approval" for documents long decided). A
 * later round's task makes the document's notices wait again.
 */
@Injectable()
export class TaskNotices implements OnModuleInit {
  constructor(
    private readonly waiting: WaitingNotices,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.waiting.register(
      { kinds: ['approval.task_assigned', 'approval.reminder', 'approval.escalated'], page: '/documents/' },
      (userId, documentIds) => this.awaitingDecision(userId, documentIds),
    );
  }

  private async awaitingDecision(userId: string, documentIds: string[]): Promise<Set<string>> {
    const rows = await this.dataSource.query<{ document_id: string }[]>(
      `SELECT DISTINCT document_id FROM approval_tasks
        WHERE document_id = ANY($2::uuid[]) AND assignee_id = $1 AND status = 'pending'`,
      [userId, documentIds],
    );
    return new Set(rows.map((r) => r.document_id));
  }
}
