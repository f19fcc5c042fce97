import { AuditService } from '../../audit/audit.service.js';
import { NotificationsService } from '../../notifications/notifications.service.js';
import { OrgService } from '../../org/org.service.js';
import { Job } from '../../outbox/job.decorator.js';
import {
  type JobContext,
  type JobHandler,
  type JobPayloads,
  QueueName,
  STANDARD_RETRY,
} from '../../outbox/jobs.js';
import { ApprovalStage } from '../entities/approval-stage.entity.js';
import { ApprovalTask } from '../entities/approval-task.entity.js';
import { Document } from '../entities/document.entity.js';
import { deadlineStands, TaskCreationService } from '../task-creation.service.js';
import { lockTaskRows } from '../task-locks.js';
import { documentEntry } from '../document-audit.js';
import { documentNotice, personName, stageName } from '../document-notice.js';

declare module '../../outbox/jobs.js' {
  interface JobPayloads {
    /** A task's deadline: escalate to the stage's escalation target. */
    'approvals.escalate': {
      taskId: string;
      /** The deadline it was scheduled for (ISO); absent in jobs queued before jobs named it. */
      dueAt?: string;
    };
  }
}

/**
 * The deadline passed: the stage's escalation target is notified and added as an approver standing
 * in for the overdue one. Nothing is approved automatically; without a target the task is only
 * marked escalated (admins see it in GET /approvals/overdue).
 */
@Job({ name: 'approvals.escalate', queue: QueueName.Workflow, retry: STANDARD_RETRY })
export class EscalateTaskJob implements JobHandler<'approvals.escalate'> {
  constructor(
    private readonly taskCreation: TaskCreationService,
    private readonly notifications: NotificationsService,
    private readonly org: OrgService,
    private readonly audit: AuditService,
  ) {}

  async handle(payload: JobPayloads['approvals.escalate'], { em }: JobContext): Promise<void> {
    const peek = await em.findOneBy(ApprovalTask, { id: payload.taskId });
    if (!peek || peek.status !== 'pending' || peek.escalatedAt || !deadlineStands(peek, payload.dueAt))
      return;
    const { request, stage, task } = await lockTaskRows(em, peek);
    if (
      task.status !== 'pending' ||
      task.escalatedAt ||
      !deadlineStands(task, payload.dueAt) ||
      stage.status !== 'active' ||
      request.status !== 'active'
    )
      return;
    task.escalatedAt = new Date();
    await em.save(task);
    const doc = await em.findOneByOrFail(Document, { id: task.documentId });
    const target = stage.escalateToUserId ? await this.org.findUserById(stage.escalateToUserId, em) : null;
    let added: ApprovalTask | null = null;
    const targetIsSubmitter = !!target && target.id === doc.submitterId;
    if (targetIsSubmitter) {
      // Nobody approves their own document: the submitter is not added; the stage's notes say why.
      stage.routingNotes = [
        ...stage.routingNotes,
        {
          approver: { userId: task.actingForId ?? task.assigneeId },
          outcome: 'escalation_target_is_submitter',
          skippedUserId: doc.submitterId,
          taskId: task.id,
        },
      ];
      await em.update(ApprovalStage, { id: stage.id }, { routingNotes: stage.routingNotes });
    } else if (target && target.status !== 'disabled' && target.id !== task.assigneeId) {
      added = await this.taskCreation.createTaskFor(
        em,
        { request, stage, doc },
        target.id,
        'sla_escalation',
        {
          escalatedFromTaskId: task.id,
          withDeadlines: false,
        },
        // Told below, as an escalation; the plain "awaiting your approval" too was the news twice.
        { announce: false },
      );
      const assignee = await this.org.findUserById(task.assigneeId, em);
      await this.notifications.notify(
        em,
        documentNotice(
          doc,
          [target.id],
          'approval.escalated',
          { stage: stageName(stage), assignee: personName(assignee) },
          `task:${task.id}:escalated`,
        ),
      );
    }
    await this.audit.append(
      em,
      documentEntry(doc.id, 'task.escalated', null, {
        taskId: task.id,
        assigneeId: task.assigneeId,
        escalatedToUserId: targetIsSubmitter ? null : (target?.id ?? null),
        newTaskId: added?.id ?? null,
        ...(targetIsSubmitter ? { skipped: 'escalation_target_is_submitter' } : {}),
      }),
    );
  }
}
