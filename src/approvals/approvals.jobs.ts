import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { OrgService } from '../org/org.service.js';
import { OnJob } from '../queue/on-job.decorator.js';
import type { JobContext, JobPayloads } from '../queue/jobs.js';
import { DecisionsService } from './decisions.service.js';
import { ApprovalRequest } from './entities/approval-request.entity.js';
import { ApprovalStage } from './entities/approval-stage.entity.js';
import { lockTaskRows } from './task-locks.js';
import { ApprovalTask } from './entities/approval-task.entity.js';
import { Document } from './entities/document.entity.js';
import { hydrate } from './rows.js';
import { SignOffService } from './sign-off.service.js';
import { StageRoutingService } from './stage-routing.service.js';
import { preparedQuery } from '../database/prepared-query.js';
import { dueSentence } from '../notifications/templates.js';

/**
 * The workflow's queued work. Each handler runs in the job's transaction, re-reads state under the
 * request lock and does nothing when the work is done (a redelivery, a stale deadline).
 */
@Injectable()
export class ApprovalJobs {
  constructor(
    private readonly routing: StageRoutingService,
    private readonly signOff: SignOffService,
    private readonly decisions: DecisionsService,
    private readonly notifications: NotificationsService,
    private readonly org: OrgService,
    private readonly audit: AuditService,
  ) {}

  /** A stage was approved: activate the next one, or sign off after the last. */
  @OnJob('approvals.advance')
  async advance(payload: JobPayloads['approvals.advance'], { em }: JobContext): Promise<void> {
    const [locked] = await preparedQuery<{ request: Record<string, unknown> }>(
      em,
      'approvals_advance_lock',
      `SELECT (to_jsonb(r) - 'acted_before') AS request FROM approval_requests r WHERE r.id = $1 FOR UPDATE`,
      [payload.requestId],
    );
    if (!locked) return;
    const request = hydrate(em, ApprovalRequest, locked.request);
    if (request.status !== 'active' || request.currentStage !== payload.stageIndex) return;
    // Read after the lock (a statement of its own, so it sees what committed before the lock was granted).
    const [row] = await preparedQuery<{
      stages: Record<string, unknown>[];
      document: Record<string, unknown>;
    }>(
      em,
      'approvals_advance_read',
      `SELECT (SELECT jsonb_agg(to_jsonb(s) ORDER BY s.index) FROM approval_stages s WHERE s.request_id = $1) AS stages,
              (SELECT to_jsonb(d) FROM documents d WHERE d.id = $2) AS document`,
      [request.id, request.documentId],
    );
    const stages = (row.stages ?? []).map((s) => hydrate(em, ApprovalStage, s));
    const stage = stages[payload.stageIndex];
    if (!stage || stage.status !== 'approved') return;
    const doc = hydrate(em, Document, row.document);
    const next = stages[payload.stageIndex + 1];
    if (!next) {
      const signed = await this.signOff.signOff(em, request);
      // The submitter hears who gave the last approval (the stage's latest approving decision).
      const [last] = await em.query<{ decided_by_id: string | null }[]>(
        `SELECT decided_by_id FROM approval_tasks
          WHERE stage_id = $1 AND status = 'approved' ORDER BY decided_at DESC LIMIT 1`,
        [stage.id],
      );
      await this.decisions.notifyDecision(
        em,
        signed,
        'approved',
        last?.decided_by_id ?? null,
        null,
        'approved',
        {
          notifyNow: true,
        },
      );
      return;
    }
    request.currentStage = next.index;
    await preparedQuery(
      em,
      'approvals_advance_request',
      `UPDATE approval_requests SET current_stage = $2, updated_at = now() WHERE id = $1`,
      [request.id, request.currentStage],
    );
    await this.routing.activate(em, request, next, doc, null, { notifyNow: true });
  }

  /** 75% of the SLA has passed and the task still waits: remind its assignee (once). */
  @OnJob('approvals.reminder')
  async reminder(payload: JobPayloads['approvals.reminder'], { em }: JobContext): Promise<void> {
    const task = await em.findOne(ApprovalTask, {
      where: { id: payload.taskId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!task || task.status !== 'pending' || task.remindedAt) return;
    task.remindedAt = new Date();
    await em.save(task);
    const doc = await em.findOneByOrFail(Document, { id: task.documentId });
    await this.notifications.notify(em, {
      userIds: [task.assigneeId],
      template: 'approval.reminder',
      params: {
        reference: doc.referenceNumber ?? '',
        title: doc.title,
        due: dueSentence(task.dueAt),
      },
      link: `/documents/${doc.id}`,
      eventKey: `task:${task.id}:reminder`,
    });
    await this.audit.append(em, {
      stream: `document:${doc.id}`,
      action: 'task.reminded',
      actorId: null,
      entityType: 'document',
      entityId: doc.id,
      data: { taskId: task.id, assigneeId: task.assigneeId },
    });
  }

  /**
   * The deadline passed: the stage's escalation target is notified and added as an approver standing
   * in for the overdue one. Nothing is approved automatically; without a target the task is only
   * marked escalated (admins see it in GET /approvals/overdue).
   */
  @OnJob('approvals.escalate')
  async escalate(payload: JobPayloads['approvals.escalate'], { em }: JobContext): Promise<void> {
    const peek = await em.findOneBy(ApprovalTask, { id: payload.taskId });
    if (!peek || peek.status !== 'pending' || peek.escalatedAt) return;
    const { request, stage, task } = await lockTaskRows(em, peek);
    if (
      task.status !== 'pending' ||
      task.escalatedAt ||
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
      const post = await this.routing.postOf(em, target.id, null, null);
      added = await this.routing.createTask(em, {
        request,
        stage,
        doc,
        assigneeId: target.id,
        actingForId: null,
        origin: 'sla_escalation',
        postTitle: post?.title ?? null,
        postTitleKm: post?.title_km ?? null,
        escalatedFromTaskId: task.id,
        withDeadlines: false,
      });
      const assignee = await this.org.findUserById(task.assigneeId, em);
      await this.notifications.notify(em, {
        userIds: [target.id],
        template: 'approval.escalated',
        params: {
          reference: doc.referenceNumber ?? '',
          title: doc.title,
          stage: stage.name,
          assignee: { en: assignee?.fullName ?? '', km: assignee?.fullNameKm ?? assignee?.fullName ?? '' },
        },
        link: `/documents/${doc.id}`,
        eventKey: `task:${task.id}:escalated`,
      });
    }
    await this.audit.append(em, {
      stream: `document:${doc.id}`,
      action: 'task.escalated',
      actorId: null,
      entityType: 'document',
      entityId: doc.id,
      data: {
        taskId: task.id,
        assigneeId: task.assigneeId,
        escalatedToUserId: targetIsSubmitter ? null : (target?.id ?? null),
        newTaskId: added?.id ?? null,
        ...(targetIsSubmitter ? { skipped: 'escalation_target_is_submitter' } : {}),
      },
    });
  }
}
