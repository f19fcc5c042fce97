import { dueSentence } from '../../notifications/templates.js';
import { AuditService } from '../../audit/audit.service.js';
import { NotificationsService } from '../../notifications/notifications.service.js';
import { Job } from '../../outbox/job.decorator.js';
import {
  type JobContext,
  type JobHandler,
  type JobPayloads,
  QueueName,
  STANDARD_RETRY,
} from '../../outbox/jobs.js';
import { deadlineStands } from '../task-creation.service.js';
import { ApprovalTask } from '../entities/approval-task.entity.js';
import { Document } from '../entities/document.entity.js';
import { documentEntry } from '../document-audit.js';
import { documentNotice } from '../document-notice.js';

declare module '../../outbox/jobs.js' {
  interface JobPayloads {
    /** 75% of a task's SLA: remind its assignee. */
    'approvals.reminder': {
      taskId: string;
      /** The deadline it was scheduled for (ISO); absent in jobs queued before jobs named it. */
      dueAt?: string;
    };
  }
}

/** 75% of the SLA has passed and the task still waits: remind its assignee (once). */
@Job({ name: 'approvals.reminder', queue: QueueName.Workflow, retry: STANDARD_RETRY })
export class TaskReminderJob implements JobHandler<'approvals.reminder'> {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
  ) {}

  async handle(payload: JobPayloads['approvals.reminder'], { em }: JobContext): Promise<void> {
    const task = await em.findOne(ApprovalTask, {
      where: { id: payload.taskId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!task || task.status !== 'pending' || task.remindedAt || !deadlineStands(task, payload.dueAt)) return;
    task.remindedAt = new Date();
    await em.save(task);
    const doc = await em.findOneByOrFail(Document, { id: task.documentId });
    await this.notifications.notify(
      em,
      documentNotice(
        doc,
        [task.assigneeId],
        'approval.reminder',
        { due: dueSentence(task.dueAt) },
        `task:${task.id}:reminder`,
      ),
    );
    await this.audit.append(
      em,
      documentEntry(doc.id, 'task.reminded', null, { taskId: task.id, assigneeId: task.assigneeId }),
    );
  }
}
