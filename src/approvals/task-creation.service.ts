import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { NotificationsService } from '../notifications/notifications.service.js';
import { actingForClause, dueSentence, reassignedSentence } from '../notifications/templates.js';
import type { User } from '../org/entities/user.entity.js';
import { OrgService } from '../org/org.service.js';
import type { OutboxEvent } from '../outbox/jobs.js';
import { OutboxService } from '../outbox/outbox.service.js';
import { preparedQuery } from '../database/prepared-query.js';
import { currentPostTitles, type PostTitles } from './approver-posts.js';
import type { ApprovalRequest } from './entities/approval-request.entity.js';
import type { ApprovalStage } from './entities/approval-stage.entity.js';
import { ApprovalTask, type TaskOrigin } from './entities/approval-task.entity.js';
import type { Document } from './entities/document.entity.js';
import { documentNotice, personName, stageName } from './document-notice.js';

/** Share of a task's SLA after which its assignee is reminded. */
export const REMINDER_SHARE = 0.75;

/** A stage's SLA in milliseconds; null when it has none (its tasks are due when the document is). */
const slaMs = (stage: ApprovalStage) => (stage.slaHours ? stage.slaHours * 3_600_000 : null);

/**
 * A task's reminder (at REMINDER_SHARE of its SLA) and escalation (at its deadline), for an SLA
 * running from `from`. Each names the deadline it is for: a job whose task's deadline has since
 * moved (an administrator gave the task to someone else, with fresh time) does nothing.
 */
function deadlineJobs(taskId: string, sla: number, from: number): OutboxEvent[] {
  const dueAt = new Date(from + sla).toISOString();
  return [
    { name: 'approvals.reminder', payload: { taskId, dueAt }, runAt: new Date(from + sla * REMINDER_SHARE) },
    { name: 'approvals.escalate', payload: { taskId, dueAt }, runAt: new Date(from + sla) },
  ];
}

/** Whether a deadline job scheduled for `scheduledFor` (none: before jobs named theirs) is still the task's. */
export function deadlineStands(task: ApprovalTask, scheduledFor: string | undefined): boolean {
  return scheduledFor === undefined || task.dueAt?.toISOString() === scheduledFor;
}

export interface TaskInput extends PostTitles {
  request: ApprovalRequest;
  stage: ApprovalStage;
  doc: Document;
  assigneeId: string;
  actingForId: string | null;
  origin: TaskOrigin;
  escalatedFromTaskId: string | null;
  withDeadlines: boolean;
}

/**
 * `notifyNow`: the caller is a job handler (already a follow-up, in its job's transaction), so the
 * notifications are written there and then (NotificationsService.createNow) instead of as a
 * dispatch job of their own.
 */
export interface DeliveryOptions {
  notifyNow?: boolean;
  /**
   * False: the caller tells the assignees itself, in its own words (an SLA escalation: overdue,
   * waiting on whom, you are added), instead of the plain "awaiting your approval".
   */
  announce?: boolean;
}

/**
 * Creating a stage's pending tasks: the rows, their SLA deadlines (reminder and escalation, through
 * the outbox) and the assignees' notices. Runs inside the caller's transaction.
 */
@Injectable()
export class TaskCreationService {
  constructor(
    private readonly org: OrgService,
    private readonly outbox: OutboxService,
    private readonly notifications: NotificationsService,
  ) {}

  /** Creates one pending task, notifies its assignee and (for approvers) schedules its SLA deadlines. */
  async createTask(
    em: EntityManager,
    input: TaskInput,
    options: DeliveryOptions = {},
  ): Promise<ApprovalTask> {
    const [task] = await this.createTasks(em, [input], options);
    return task;
  }

  /**
   * One task for a user named outside the stage's plan (an admin's route, an SLA escalation), acting
   * for nobody, with the titles of the post they hold today.
   */
  async createTaskFor(
    em: EntityManager,
    at: Pick<TaskInput, 'request' | 'stage' | 'doc'>,
    assigneeId: string,
    origin: TaskOrigin,
    options: Pick<TaskInput, 'escalatedFromTaskId' | 'withDeadlines'>,
    delivery: DeliveryOptions = {},
  ): Promise<ApprovalTask> {
    return this.createTask(
      em,
      {
        ...at,
        assigneeId,
        actingForId: null,
        origin,
        ...(await currentPostTitles(em, assigneeId)),
        ...options,
      },
      delivery,
    );
  }

  /**
   * Creates pending tasks (one INSERT), notifies their assignees and schedules the SLA deadlines of
   * those `withDeadlines` (one outbox statement each).
   */
  async createTasks(
    em: EntityManager,
    inputs: TaskInput[],
    options: DeliveryOptions = {},
  ): Promise<ApprovalTask[]> {
    if (inputs.length === 0) return [];
    const now = Date.now();
    const tasks = inputs.map((input) => {
      const sla = slaMs(input.stage);
      return em.create(ApprovalTask, {
        id: randomUUID(),
        requestId: input.request.id,
        stageId: input.stage.id,
        documentId: input.doc.id,
        round: input.stage.round,
        assigneeId: input.assigneeId,
        actingForId: input.actingForId,
        origin: input.origin,
        escalatedFromTaskId: input.escalatedFromTaskId,
        postTitle: input.postTitle,
        postTitleKm: input.postTitleKm,
        status: 'pending',
        versionNo: input.request.versionNo,
        dueAt: sla ? new Date(now + sla) : input.doc.dueAt,
        decidedAt: null,
        decidedById: null,
        comment: null,
        remindedAt: null,
        escalatedAt: null,
      });
    });
    const created = await preparedQuery<{ id: string; created_at: Date }>(
      em,
      'approvals_create_tasks',
      `INSERT INTO approval_tasks (id, request_id, stage_id, document_id, round, assignee_id, acting_for_id, origin,
                                   escalated_from_task_id, post_title, post_title_km, status, version_no, due_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::int[], $6::uuid[], $7::uuid[],
                            $8::text[], $9::uuid[], $10::text[], $11::text[], $12::text[], $13::int[], $14::timestamptz[])
       RETURNING id, created_at`,
      [
        tasks.map((t) => t.id),
        tasks.map((t) => t.requestId),
        tasks.map((t) => t.stageId),
        tasks.map((t) => t.documentId),
        tasks.map((t) => t.round),
        tasks.map((t) => t.assigneeId),
        tasks.map((t) => t.actingForId),
        tasks.map((t) => t.origin),
        tasks.map((t) => t.escalatedFromTaskId),
        tasks.map((t) => t.postTitle),
        tasks.map((t) => t.postTitleKm),
        tasks.map((t) => t.status),
        tasks.map((t) => t.versionNo),
        tasks.map((t) => t.dueAt?.toISOString() ?? null),
      ],
    );
    const createdAt = new Map(created.map((r) => [r.id, r.created_at]));
    for (const t of tasks) t.createdAt = new Date(createdAt.get(t.id)!);
    const deadlines = inputs.flatMap((input, i) => {
      const sla = slaMs(input.stage);
      return sla && input.withDeadlines ? deadlineJobs(tasks[i].id, sla, now) : [];
    });
    await this.outbox.add(em, deadlines);
    if (options.announce !== false) {
      await this.notifyTasksAssigned(
        em,
        inputs.map((input, i) => ({ doc: input.doc, stage: input.stage, task: tasks[i] })),
        options,
      );
    }
    return tasks;
  }

  /**
   * A task given to someone else starts its stage's SLA again: a new deadline from now, a new
   * reminder and escalation (the old ones, due sooner, then do nothing). A stage without an SLA
   * leaves the task due when the document is.
   */
  async restartDeadline(em: EntityManager, stage: ApprovalStage, task: ApprovalTask): Promise<void> {
    const sla = slaMs(stage);
    if (!sla) return;
    const now = Date.now();
    task.dueAt = new Date(now + sla);
    task.remindedAt = null;
    await em.update(ApprovalTask, task.id, { dueAt: task.dueAt, remindedAt: null });
    await this.outbox.add(em, deadlineJobs(task.id, sla, now));
  }

  /**
   * Tells the assignee (in their language) that a task waits on them; once per task and assignee.
   * `reassigned`: an administrator moved the task to them, and the notice says who and why (the new
   * assignee read an ordinary task of another office with no word of it).
   */
  async notifyTaskAssigned(
    em: EntityManager,
    doc: Document,
    stage: ApprovalStage,
    task: ApprovalTask,
    reassigned?: { by: Pick<User, 'fullName' | 'fullNameKm'> | null; reason: string },
  ): Promise<void> {
    await this.notifyTasksAssigned(em, [{ doc, stage, task, reassigned }]);
  }

  /** `notifyTaskAssigned` for several tasks, in one outbox statement. */
  async notifyTasksAssigned(
    em: EntityManager,
    items: {
      doc: Document;
      stage: ApprovalStage;
      task: ApprovalTask;
      reassigned?: { by: Pick<User, 'fullName' | 'fullNameKm'> | null; reason: string };
    }[],
    options: DeliveryOptions = {},
  ): Promise<void> {
    const named = items.flatMap((i) => [i.doc.submitterId, i.task.actingForId ?? []].flat());
    const people = new Map((await this.org.findUsersByIds([...new Set(named)], em)).map((u) => [u.id, u]));
    const notices = items.map(({ doc, stage, task, reassigned }) => {
      const submitter = people.get(doc.submitterId);
      // A delegate reads whom they decide for (the inbox says it; the notice did not).
      const absent = task.actingForId ? people.get(task.actingForId) : undefined;
      const actingFor = absent ? personName(absent) : null;
      return documentNotice(
        doc,
        [task.assigneeId],
        'approval.task_assigned',
        {
          submitter: personName(submitter),
          stage: stageName(stage),
          actingFor: actingForClause(actingFor),
          reassigned: reassigned
            ? reassignedSentence(personName(reassigned.by), reassigned.reason)
            : { km: '', en: '' },
          due: dueSentence(task.dueAt),
        },
        `task:${task.id}:assigned:${task.assigneeId}`,
      );
    });
    await (options.notifyNow
      ? this.notifications.createNow(em, notices)
      : this.notifications.notifyMany(em, notices));
  }
}
