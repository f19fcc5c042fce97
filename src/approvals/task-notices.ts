import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type NoticeRef, subjectOf, WaitingNotices } from '../notifications/waiting-notices.js';
import { type WaitingItem, WaitingWork } from '../notifications/waiting-work.js';

/** The task a notice is about: `task:<id>:assigned:<user>`, `task:<id>:reminder`, `task:<id>:escalated`. */
const taskOf = (n: NoticeRef) => subjectOf(n, 'task');

/**
 * A task's notice waits on its reader while that task is pending with them: their assignment and
 * its reminder, the task itself; an escalation notice, the task the escalation gave its reader in
 * place of the overdue one. Once the task is decided (by them, or by another approver of an `any`
 * stage), recalled, withdrawn or closed by a rejection, the notification list marks the notice
 * done; a task of a later round has notices of its own. The daily digest lists an approver's
 * pending tasks, soonest due first.
 */
@Injectable()
export class TaskNotices implements OnModuleInit {
  constructor(
    private readonly waiting: WaitingNotices,
    private readonly waitingWork: WaitingWork,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.waiting.register(
      ['approval.task_assigned', 'approval.reminder', 'approval.escalated'],
      (userId, notices) => this.stillWaiting(userId, notices),
    );
    this.waitingWork.register((em, userIds) => this.pendingTasksOf(em, userIds));
  }

  private pendingTasksOf(em: EntityManager, userIds: string[]): Promise<WaitingItem[]> {
    return em.query<WaitingItem[]>(
      `SELECT t.assignee_id AS "userId", d.title, d.reference_number AS "referenceNumber"
         FROM approval_tasks t
         JOIN documents d ON d.id = t.document_id
        WHERE t.status = 'pending' AND t.assignee_id = ANY($1::uuid[])
        ORDER BY t.assignee_id, t.due_at NULLS LAST, t.id`,
      [userIds],
    );
  }

  private async stillWaiting(userId: string, notices: NoticeRef[]): Promise<Set<string>> {
    const taskIds = [...new Set(notices.map(taskOf).filter((id) => id !== null))];
    if (!taskIds.length) return new Set();
    const rows = await this.dataSource.query<{ id: string; escalated_from_task_id: string | null }[]>(
      `SELECT id, escalated_from_task_id FROM approval_tasks
        WHERE assignee_id = $1 AND status = 'pending'
          AND (id = ANY($2::uuid[]) OR escalated_from_task_id = ANY($2::uuid[]))`,
      [userId, taskIds],
    );
    const pending = new Set(rows.map((r) => r.id));
    const standingIn = new Set(rows.map((r) => r.escalated_from_task_id));
    return new Set(
      notices
        .filter((n) => {
          const task = taskOf(n);
          return task && (n.kind === 'approval.escalated' ? standingIn.has(task) : pending.has(task));
        })
        .map((n) => n.eventKey),
    );
  }
}
