import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import type { User } from '../org/entities/user.entity.js';
import { OrgService } from '../org/org.service.js';
import { OutboxService } from '../outbox/outbox.service.js';
import { nextRequestStatus } from './domain/request-state.js';
import { nextStageStatus } from './domain/stage-state.js';
import { ApprovalRequest } from './entities/approval-request.entity.js';
import { ApprovalStage, type RoutingNote } from './entities/approval-stage.entity.js';
import { ApprovalTask, type TaskOrigin } from './entities/approval-task.entity.js';
import { Document } from './entities/document.entity.js';
import type { ApproverSpec } from './entities/workflow-template.entity.js';
import { preparedQuery } from '../database/prepared-query.js';
import { dueSentence } from '../notifications/templates.js';

/** A post held today (both dates inclusive), and the order that puts the most senior first. */
const CURRENT_POST = `AND (valid_from IS NULL OR valid_from <= current_date) AND (valid_to IS NULL OR valid_to >= current_date)`;
const SENIOR_FIRST = `CASE kind WHEN 'head' THEN 0 WHEN 'deputy' THEN 1 ELSE 2 END, created_at DESC`;

/** The active delegate ($1 approver, $2 time, $3 document type); a disabled delegate does not count. */
const DELEGATE = `SELECT d.to_user_id FROM delegations d JOIN org_people du ON du.id = d.to_user_id
   WHERE d.from_user_id = $1 AND d.revoked_at IS NULL AND d.starts_at <= $2 AND d.ends_at > $2
     AND (d.document_types IS NULL OR $3 = ANY(d.document_types)) AND du.status <> 'disabled'
   ORDER BY d.created_at DESC LIMIT 1`;

/** Share of a task's SLA after which its assignee is reminded. */
export const REMINDER_SHARE = 0.75;

export interface Slot {
  approverId: string;
  origin: TaskOrigin;
  postTitle: string | null;
  postTitleKm: string | null;
  /** The approver's active delegate when it was read with the approver (undefined: not read yet). */
  delegateId?: string | null;
}

/** One approver spec resolved: who holds it besides the submitter, and where its post sits. */
export interface Resolution {
  slots: Slot[];
  /** The submitter is (one of) the approver(s) the spec names today, and was left out. */
  submitterSkipped: boolean;
  /** For a post (by unit or relative): its unit and kind, where the next in line is looked for. */
  post: { unitId: string; kind: 'head' | 'deputy' } | null;
}

/** A task a stage's activation would create. */
export interface PlannedTask {
  assigneeId: string;
  actingForId: string | null;
  origin: TaskOrigin;
  postTitle: string | null;
  postTitleKm: string | null;
}

/** How a stage routes today: its tasks, why (notes, as stored in `routingNotes`) and whether it is blocked. */
export interface StagePlan {
  tasks: PlannedTask[];
  notes: RoutingNote[];
  blocked: boolean;
}

export interface TaskInput {
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
}

/**
 * `notifyNow`: the caller is a job handler (already a follow-up, in its job's transaction), so the
 * notifications are written there and then (NotificationsService.createNow) instead of as a
 * dispatch job of their own.
 */
export interface DeliveryOptions {
  notifyNow?: boolean;
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
   * The submitter never approves their own document: they are left out (`submitterSkipped`), and
   * `plan` passes the spec to the next in line.
   */
  async resolve(em: EntityManager, spec: ApproverSpec, doc: Document, at: Date): Promise<Resolution> {
    let unitId: string | null;
    let kind: 'head' | 'deputy' = 'head';
    if ('userId' in spec) {
      // The user, their most senior current post and their delegate in one query (users through
      // the org module's view: only id and status are read).
      const [user] = await preparedQuery<
        { id: string; status: string; delegate_id: string | null } & PostRow
      >(
        em,
        'approvals_resolve_user',
        `SELECT u.id, u.status, p.title, p.title_km, (${DELEGATE.replace('$1', 'u.id')}) AS delegate_id
         FROM org_people u
         LEFT JOIN LATERAL (
           SELECT title, title_km FROM org_posts
           WHERE user_id = u.id ${CURRENT_POST} ORDER BY ${SENIOR_FIRST} LIMIT 1
         ) p ON true
         WHERE u.id = $1`,
        [spec.userId, at, doc.documentType],
      );
      if (!user || user.status === 'disabled') return { slots: [], submitterSkipped: false, post: null };
      if (user.id === doc.submitterId) return { slots: [], submitterSkipped: true, post: null };
      const slot: Slot = {
        approverId: user.id,
        origin: 'approver',
        postTitle: user.title ?? null,
        postTitleKm: user.title_km ?? null,
        delegateId: user.delegate_id,
      };
      return { slots: [slot], submitterSkipped: false, post: null };
    }
    if ('orgUnitId' in spec) {
      unitId = spec.orgUnitId;
      kind = spec.post;
    } else {
      const own = (await this.org.unitOfUser(doc.submitterId, em)) ?? doc.orgUnitId;
      unitId = spec.relative === 'submitter_unit_head' ? own : await this.org.parentUnitId(own, em);
    }
    if (!unitId) return { slots: [], submitterSkipped: false, post: null };
    const holders = await this.org.currentHolders(em, unitId, kind, at);
    return {
      slots: await this.slotsOf(
        em,
        holders.filter((u) => u.id !== doc.submitterId),
        unitId,
        kind,
        'approver',
      ),
      submitterSkipped: holders.some((u) => u.id === doc.submitterId),
      post: { unitId, kind },
    };
  }

  private async slotsOf(
    em: EntityManager,
    users: User[],
    unitId: string,
    kind: string,
    origin: TaskOrigin,
  ): Promise<Slot[]> {
    const out: Slot[] = [];
    for (const u of users) {
      const post = await this.postOf(em, u.id, unitId, kind);
      out.push({
        approverId: u.id,
        origin,
        postTitle: post?.title ?? null,
        postTitleKm: post?.title_km ?? null,
      });
    }
    return out;
  }

  /**
   * The next in line above a post: for a deputy, the head of its unit; then the head of the nearest
   * unit above it that has one (other than the submitter). Empty when there is none.
   */
  async superiorOf(
    em: EntityManager,
    post: { unitId: string; kind: 'head' | 'deputy' },
    submitterId: string,
    at: Date,
  ): Promise<{ unitId: string; slots: Slot[] } | null> {
    const above = await this.org.ancestorUnitIds(post.unitId, em);
    const chain = post.kind === 'deputy' ? [post.unitId, ...above] : above;
    for (const unitId of chain) {
      const heads = (await this.org.currentHolders(em, unitId, 'head', at)).filter(
        (u) => u.id !== submitterId,
      );
      if (heads.length)
        return { unitId, slots: await this.slotsOf(em, heads, unitId, 'head', 'next_in_line') };
    }
    return null;
  }

  /**
   * How a stage routes today, without writing anything (activation and the route preview share it).
   * Per approver spec: its holders other than the submitter; when there are none, the stage's
   * escalation target (unless it is the submitter); when the submitter was the one in line (they hold
   * the post, or they are the escalation target) and the spec is a post, the head above it
   * (`superiorOf`); otherwise nobody, and the stage is blocked. Then delegation: an approver's active
   * delegate takes the task acting for them, except when the delegate is the submitter (the approver
   * keeps it). Every skip of the submitter is recorded in the notes, with `skippedUserId`.
   */
  async plan(
    em: EntityManager,
    stage: { approvers: ApproverSpec[]; escalateToUserId: string | null },
    doc: Document,
    at: Date,
  ): Promise<StagePlan> {
    const submitterId = doc.submitterId;
    const notes: RoutingNote[] = [];
    const slots: { slot: Slot; spec: ApproverSpec }[] = [];
    const escalation = stage.escalateToUserId
      ? await this.org.findUserById(stage.escalateToUserId, em)
      : null;
    const escalationUsable = !!escalation && escalation.status !== 'disabled';
    const escalationIsSubmitter = escalationUsable && escalation.id === submitterId;
    const skipped = { skippedUserId: submitterId };
    let blocked = false;
    for (const spec of stage.approvers) {
      const r = await this.resolve(em, spec, doc, at);
      if (r.slots.length) {
        slots.push(...r.slots.map((slot) => ({ slot, spec })));
        notes.push({ approver: spec, outcome: 'resolved', ...(r.submitterSkipped ? skipped : {}) });
        continue;
      }
      if (escalationUsable && !escalationIsSubmitter) {
        const post = await this.postOf(em, escalation.id, null, null);
        slots.push({
          spec,
          slot: {
            approverId: escalation.id,
            origin: 'vacancy_escalation',
            postTitle: post?.title ?? null,
            postTitleKm: post?.title_km ?? null,
          },
        });
        notes.push(
          r.submitterSkipped
            ? {
                approver: spec,
                outcome: 'submitter_skipped_routed_to_escalation',
                userId: escalation.id,
                ...skipped,
              }
            : { approver: spec, outcome: 'vacant_routed_to_escalation', userId: escalation.id },
        );
        continue;
      }
      if (r.submitterSkipped || escalationIsSubmitter) {
        const superior = r.post ? await this.superiorOf(em, r.post, submitterId, at) : null;
        if (superior) {
          slots.push(...superior.slots.map((slot) => ({ slot, spec })));
          for (const s of superior.slots) {
            notes.push({
              approver: spec,
              outcome: 'submitter_skipped_routed_to_superior',
              userId: s.approverId,
              unitId: superior.unitId,
              ...skipped,
            });
          }
        } else {
          notes.push({ approver: spec, outcome: 'submitter_skipped_no_one', ...skipped });
          blocked = true;
        }
        continue;
      }
      notes.push({ approver: spec, outcome: 'vacant_no_escalation' });
      blocked = true;
    }
    // One slot per approver, even when two specs name the same person.
    const unique = [...new Map(slots.map((s) => [s.slot.approverId, s])).values()];
    const tasks: PlannedTask[] = [];
    for (const { slot, spec } of unique) {
      const delegate =
        slot.delegateId !== undefined
          ? slot.delegateId
          : await this.delegateOf(em, slot.approverId, doc.documentType, at);
      const delegated = !!delegate && delegate !== submitterId;
      if (delegate && !delegated) {
        notes.push({ approver: spec, outcome: 'delegate_is_submitter', userId: slot.approverId, ...skipped });
      }
      tasks.push({
        assigneeId: delegated ? delegate : slot.approverId,
        actingForId: delegated ? slot.approverId : null,
        origin: slot.origin,
        postTitle: slot.postTitle,
        postTitleKm: slot.postTitleKm,
      });
    }
    return { tasks, notes, blocked: blocked || tasks.length === 0 };
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
         ${CURRENT_POST}
       ORDER BY ${SENIOR_FIRST} LIMIT 1`,
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
    const rows: { to_user_id: string }[] = await em.query(DELEGATE, [approverId, at, documentType]);
    return rows[0]?.to_user_id ?? null;
  }

  /**
   * Activates a stage: routes it (`plan`: approvers, vacancies, the submitter passed over, delegation;
   * why, in `routingNotes`), creates the tasks with their deadlines, notifies
   * the assignees and schedules reminder and escalation. With nobody to route to, the stage and its
   * request are `blocked` (no task is created, nothing is skipped).
   */
  async activate(
    em: EntityManager,
    request: ApprovalRequest,
    stage: ApprovalStage,
    doc: Document,
    actorId: string | null,
    options: DeliveryOptions = {},
  ): Promise<ActivationResult> {
    const now = new Date();
    const plan = await this.plan(em, stage, doc, now);
    const notes = plan.notes;
    const status = nextStageStatus(stage.status, plan.blocked ? 'block' : 'activate');
    stage.routingNotes = notes;
    stage.round += 1;
    stage.activatedAt = now;
    stage.completedAt = null;
    if (plan.blocked) {
      stage.status = status;
      request.status = nextRequestStatus(request.status, 'block');
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
    stage.status = status;
    await preparedQuery(
      em,
      'approvals_activate_stage',
      `UPDATE approval_stages SET status = $2, round = $3, activated_at = $4, completed_at = NULL,
              routing_notes = $5::jsonb WHERE id = $1`,
      [stage.id, stage.status, stage.round, stage.activatedAt, JSON.stringify(stage.routingNotes)],
    );
    const inputs: TaskInput[] = plan.tasks.map((p) => ({
      request,
      stage,
      doc,
      ...p,
      escalatedFromTaskId: null,
      withDeadlines: true,
    }));
    const tasks = await this.createTasks(em, inputs, options);
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
  async createTask(em: EntityManager, input: TaskInput): Promise<ApprovalTask> {
    const [task] = await this.createTasks(em, [input]);
    return task;
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
    const slaMs = (stage: ApprovalStage) => (stage.slaHours ? stage.slaHours * 3_600_000 : null);
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
      if (!sla || !input.withDeadlines) return [];
      const taskId = tasks[i].id;
      return [
        {
          name: 'approvals.reminder' as const,
          payload: { taskId },
          runAt: new Date(now + sla * REMINDER_SHARE),
        },
        { name: 'approvals.escalate' as const, payload: { taskId }, runAt: new Date(now + sla) },
      ];
    });
    await this.outbox.add(em, deadlines);
    await this.notifyTasksAssigned(
      em,
      inputs.map((input, i) => ({ doc: input.doc, stage: input.stage, task: tasks[i] })),
      options,
    );
    return tasks;
  }

  /** Tells the assignee (in their language) that a task waits on them; once per task and assignee. */
  async notifyTaskAssigned(
    em: EntityManager,
    doc: Document,
    stage: ApprovalStage,
    task: ApprovalTask,
  ): Promise<void> {
    await this.notifyTasksAssigned(em, [{ doc, stage, task }]);
  }

  /** `notifyTaskAssigned` for several tasks, in one outbox statement. */
  async notifyTasksAssigned(
    em: EntityManager,
    items: { doc: Document; stage: ApprovalStage; task: ApprovalTask }[],
    options: DeliveryOptions = {},
  ): Promise<void> {
    const submitters = new Map(
      (await this.org.findUsersByIds([...new Set(items.map((i) => i.doc.submitterId))], em)).map((u) => [
        u.id,
        u,
      ]),
    );
    const notices = items.map(({ doc, stage, task }) => {
      const submitter = submitters.get(doc.submitterId);
      return {
        userIds: [task.assigneeId],
        template: 'approval.task_assigned' as const,
        params: {
          reference: doc.referenceNumber ?? '',
          title: doc.title,
          submitter: {
            en: submitter?.fullName ?? '',
            km: submitter?.fullNameKm ?? submitter?.fullName ?? '',
          },
          stage: stage.name,
          due: dueSentence(task.dueAt),
        },
        link: `/documents/${doc.id}`,
        eventKey: `task:${task.id}:assigned:${task.assigneeId}`,
      };
    });
    await (options.notifyNow
      ? this.notifications.createNow(em, notices)
      : this.notifications.notifyMany(em, notices));
  }
}
