import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import type { User } from '../org/entities/user.entity.js';
import { OrgService } from '../org/org.service.js';
import { OutboxService } from '../outbox/outbox.service.js';
import { ApprovalRequest } from './entities/approval-request.entity.js';
import { ApprovalStage } from './entities/approval-stage.entity.js';
import { ApprovalTask, type TaskOrigin } from './entities/approval-task.entity.js';
import { Document } from './entities/document.entity.js';
import type { ApproverSpec } from './entities/workflow-template.entity.js';

/** Share of a task's SLA after which its assignee is reminded. */
export const REMINDER_SHARE = 0.75;

export interface Slot {
  approverId: string;
  origin: TaskOrigin;
  postTitle: string | null;
  postTitleKm: string | null;
}

export type ActivationResult = { blocked: false; tasks: ApprovalTask[] } | { blocked: true; tasks: [] };

interface PostRow {
  title: string;
  title_km: string | null;
}

/**
 * Activating a stage: who its approvers are today, where delegation sends their tasks, and what
 * happens when a post is vacant. Runs inside the caller's transaction.
 */
@Injectable()
export class StageRoutingService {
  constructor(
    private readonly org: OrgService,
    private readonly outbox: OutboxService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Resolves one approver spec to users (active ones), with the post that made them approvers.
   * The submitter never approves their own document: they are left out (a vacancy when nobody else holds it).
   */
  async resolve(em: EntityManager, spec: ApproverSpec, doc: Document, at: Date): Promise<Slot[]> {
    const slot = (u: User, post: PostRow | null): Slot => ({
      approverId: u.id,
      origin: 'approver',
      postTitle: post?.title ?? null,
      postTitleKm: post?.title_km ?? null,
    });
    let unitId: string | null;
    let kind: 'head' | 'deputy' = 'head';
    if ('userId' in spec) {
      const user = await this.org.findUserById(spec.userId, em);
      if (!user || user.status === 'disabled' || user.id === doc.submitterId) return [];
      return [slot(user, await this.postOf(em, user.id, null, null))];
    }
    if ('orgUnitId' in spec) {
      unitId = spec.orgUnitId;
      kind = spec.post;
    } else {
      const own = (await this.org.unitOfUser(doc.submitterId, em)) ?? doc.orgUnitId;
      unitId = spec.relative === 'submitter_unit_head' ? own : await this.org.parentUnitId(own, em);
    }
    if (!unitId) return [];
    const holders = await this.org.currentHolders(em, unitId, kind, at);
    const out: Slot[] = [];
    for (const u of holders) {
      if (u.id === doc.submitterId) continue;
      out.push(slot(u, await this.postOf(em, u.id, unitId, kind)));
    }
    return out;
  }

  /**
   * The post a user holds (for the signed manifest): the one in `unitId` of `kind` when given, else
   * their most senior current post. Read straight from org_posts: OrgService has no such query yet.
   */
  async postOf(
    em: EntityManager,
    userId: string,
    unitId: string | null,
    kind: string | null,
  ): Promise<PostRow | null> {
    const rows: PostRow[] = await em.query(
      `SELECT title, title_km FROM org_posts
       WHERE user_id = $1 AND ($2::uuid IS NULL OR org_unit_id = $2) AND ($3::text IS NULL OR kind = $3)
         AND (valid_from IS NULL OR valid_from <= current_date) AND (valid_to IS NULL OR valid_to >= current_date)
       ORDER BY CASE kind WHEN 'head' THEN 0 WHEN 'deputy' THEN 1 ELSE 2 END, created_at DESC LIMIT 1`,
      [userId, unitId, kind],
    );
    return rows[0] ?? null;
  }

  /** The active delegate of an approver for this document type (delegations are not followed further). */
  async delegateOf(
    em: EntityManager,
    approverId: string,
    documentType: string,
    at: Date,
  ): Promise<string | null> {
    const rows: { to_user_id: string }[] = await em.query(
      `SELECT d.to_user_id FROM delegations d JOIN users u ON u.id = d.to_user_id
       WHERE d.from_user_id = $1 AND d.revoked_at IS NULL AND d.starts_at <= $2 AND d.ends_at > $2
         AND (d.document_types IS NULL OR $3 = ANY(d.document_types)) AND u.status <> 'disabled'
       ORDER BY d.created_at DESC LIMIT 1`,
      [approverId, at, documentType],
    );
    return rows[0]?.to_user_id ?? null;
  }

  /**
   * Activates a stage: resolves its approvers (a vacant post goes to the stage's escalation target,
   * recorded in `routingNotes`), applies delegation, creates the tasks with their deadlines, notifies
   * the assignees and schedules reminder and escalation. With nobody to route to, the stage and its
   * request are `blocked` (no task is created, nothing is skipped).
   */
  async activate(
    em: EntityManager,
    request: ApprovalRequest,
    stage: ApprovalStage,
    doc: Document,
    actorId: string | null,
  ): Promise<ActivationResult> {
    const now = new Date();
    const notes: ApprovalStage['routingNotes'] = [];
    const slots: Slot[] = [];
    const escalation = stage.escalateToUserId
      ? await this.org.findUserById(stage.escalateToUserId, em)
      : null;
    const escalationUsable = !!escalation && escalation.status !== 'disabled';
    let blocked = false;
    for (const spec of stage.approvers) {
      const resolved = await this.resolve(em, spec, doc, now);
      if (resolved.length) {
        slots.push(...resolved);
        notes.push({ approver: spec, outcome: 'resolved' });
      } else if (escalationUsable) {
        const post = await this.postOf(em, escalation.id, null, null);
        slots.push({
          approverId: escalation.id,
          origin: 'vacancy_escalation',
          postTitle: post?.title ?? null,
          postTitleKm: post?.title_km ?? null,
        });
        notes.push({ approver: spec, outcome: 'vacant_routed_to_escalation', userId: escalation.id });
      } else {
        notes.push({ approver: spec, outcome: 'vacant_no_escalation' });
        blocked = true;
      }
    }
    // One slot per approver, even when two specs name the same person.
    const unique = [...new Map(slots.map((s) => [s.approverId, s])).values()];
    stage.routingNotes = notes;
    stage.round += 1;
    stage.activatedAt = now;
    stage.completedAt = null;
    if (blocked || unique.length === 0) {
      stage.status = 'blocked';
      request.status = 'blocked';
      await em.save([stage, request]);
      await this.audit.append(em, {
        stream: `document:${doc.id}`,
        action: 'approval.blocked',
        actorId,
        entityType: 'document',
        entityId: doc.id,
        data: { requestId: request.id, stage: stage.index, stageName: stage.name, routing: notes },
      });
      return { blocked: true, tasks: [] };
    }
    stage.status = 'active';
    await em.save(stage);
    const tasks: ApprovalTask[] = [];
    for (const s of unique) {
      const delegate = await this.delegateOf(em, s.approverId, doc.documentType, now);
      tasks.push(
        await this.createTask(em, {
          request,
          stage,
          doc,
          assigneeId: delegate ?? s.approverId,
          actingForId: delegate ? s.approverId : null,
          origin: s.origin,
          postTitle: s.postTitle,
          postTitleKm: s.postTitleKm,
          escalatedFromTaskId: null,
          withDeadlines: true,
        }),
      );
    }
    await this.audit.append(em, {
      stream: `document:${doc.id}`,
      action: 'stage.activated',
      actorId,
      entityType: 'document',
      entityId: doc.id,
      data: {
        requestId: request.id,
        stage: stage.index,
        stageName: stage.name,
        mode: stage.mode,
        routing: notes,
        tasks: tasks.map((t) => ({
          taskId: t.id,
          assigneeId: t.assigneeId,
          actingForId: t.actingForId,
          origin: t.origin,
        })),
      },
    });
    return { blocked: false, tasks };
  }

  /** Creates one pending task, notifies its assignee and (for approvers) schedules its SLA deadlines. */
  async createTask(
    em: EntityManager,
    input: {
      request: ApprovalRequest;
      stage: ApprovalStage;
      doc: Document;
      assigneeId: string;
      actingForId: string | null;
      origin: TaskOrigin;
      postTitle: string | null;
      postTitleKm: string | null;
      escalatedFromTaskId: string | null;
      withDeadlines: boolean;
    },
  ): Promise<ApprovalTask> {
    const { stage, doc } = input;
    const now = Date.now();
    const slaMs = stage.slaHours ? stage.slaHours * 3_600_000 : null;
    const task = await em.save(
      em.create(ApprovalTask, {
        requestId: input.request.id,
        stageId: stage.id,
        documentId: doc.id,
        round: stage.round,
        assigneeId: input.assigneeId,
        actingForId: input.actingForId,
        origin: input.origin,
        escalatedFromTaskId: input.escalatedFromTaskId,
        postTitle: input.postTitle,
        postTitleKm: input.postTitleKm,
        status: 'pending',
        versionNo: input.request.versionNo,
        dueAt: slaMs ? new Date(now + slaMs) : doc.dueAt,
      }),
    );
    if (slaMs && input.withDeadlines) {
      await this.outbox.add(
        em,
        'approvals.reminder',
        { taskId: task.id },
        { runAt: new Date(now + slaMs * REMINDER_SHARE) },
      );
      await this.outbox.add(em, 'approvals.escalate', { taskId: task.id }, { runAt: new Date(now + slaMs) });
    }
    await this.notifyTaskAssigned(em, doc, stage, task);
    return task;
  }

  /** Tells the assignee (in their language) that a task waits on them; once per task and assignee. */
  async notifyTaskAssigned(
    em: EntityManager,
    doc: Document,
    stage: ApprovalStage,
    task: ApprovalTask,
  ): Promise<void> {
    const submitter = await this.org.findUserById(doc.submitterId, em);
    await this.notifications.notify(em, {
      userIds: [task.assigneeId],
      template: 'approval.task_assigned',
      params: {
        reference: doc.referenceNumber ?? '',
        title: doc.title,
        submitter: { en: submitter?.fullName ?? '', km: submitter?.fullNameKm ?? submitter?.fullName ?? '' },
        stage: stage.name,
        dueAt: task.dueAt ? task.dueAt.toISOString() : '-',
      },
      link: `/documents/${doc.id}`,
      eventKey: `task:${task.id}:assigned:${task.assigneeId}`,
    });
  }
}
