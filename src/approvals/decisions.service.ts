import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../common/auth/auth-user.js';
import { badRequest, conflict, forbidden, notFound } from '../common/errors/domain-error.js';
import { TransactionService } from '../database/transaction.service.js';
import { updatedRows } from '../database/updated-rows.js';
import { type NotifyInput, NotificationsService } from '../notifications/notifications.service.js';
import { OrgService } from '../org/org.service.js';
import { OutboxService } from '../outbox/outbox.service.js';
import { ApprovalsAccess } from './approvals-access.js';
import { DocumentViewsService } from './document-views.service.js';
import { canonicalize } from '../signing/signatures.js';
import { formatReferenceNumber, REFERENCE_TIME_ZONE } from './domain/reference-number.js';
import { evaluateStage, type StageTaskView } from './domain/stage-rules.js';
import { nextDocumentStatus, nextTaskStatus } from './domain/state-machine.js';
import { nextStageStatus, stageStatusesFor } from './domain/stage-state.js';
import type { DocumentDto, TaskDto } from './dto/document.dto.js';
import { ApprovalRequest } from './entities/approval-request.entity.js';
import { ApprovalStage } from './entities/approval-stage.entity.js';
import { ApprovalTask } from './entities/approval-task.entity.js';
import { DocumentVersion } from './entities/document-version.entity.js';
import { Document } from './entities/document.entity.js';
import { type DeliveryOptions, StageRoutingService } from './stage-routing.service.js';
import { type RequestOutcome, RequestOutcomes } from './request-outcomes.js';
import { hydrate } from './rows.js';
import { WorkflowsService } from './workflows.service.js';
import type { WorkflowTemplate } from './entities/workflow-template.entity.js';
import { preparedQuery } from '../database/prepared-query.js';

const taskNotFound = () => notFound('TASK_NOT_FOUND', 'No such task');
const submitterCannotDecide = () =>
  forbidden('SUBMITTER_CANNOT_DECIDE', 'Nobody decides on their own document');
const assigneeIsSubmitter = () =>
  badRequest('ASSIGNEE_IS_SUBMITTER', 'Nobody approves their own document: choose someone else', [
    { field: 'userId', problems: ['is the submitter of the document'] },
  ]);

interface LockedTask {
  task: ApprovalTask;
  stage: ApprovalStage;
  request: ApprovalRequest;
  doc: Document;
  /** The tasks of the stage's current round, read under the locks. */
  stageTasks: StageTaskView[];
}

export interface DecisionResult {
  task: TaskDto;
  document: DocumentDto;
}

function yearIn(timeZone: string, at: Date): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(at));
}

/**
 * The use cases that move a document through its workflow. Each is one transaction with its audit
 * entries and outbox events. Locks are always taken in the same order — request, then stage, then
 * task — so concurrent decisions on one request queue up instead of deadlocking.
 */
@Injectable()
export class DecisionsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: ApprovalsAccess,
    private readonly views: DocumentViewsService,
    private readonly workflows: WorkflowsService,
    private readonly routing: StageRoutingService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly notifications: NotificationsService,
    private readonly org: OrgService,
    private readonly outcomes: RequestOutcomes,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  // ---------------------------------------------------------------- submit

  /**
   * First submission: picks the template, numbers the document (gapless per unit and year, in this
   * transaction), snapshots the stages and activates the first. Resubmission after a return: the
   * same request, a new round; it restarts at the stage that returned it when the content (SHA-256
   * and metadata) is what that stage saw, else from the first stage.
   * A first stage that routes to nobody refuses the submission (409 WORKFLOW_BLOCKED) and changes nothing.
   */
  async submit(user: AuthUser, documentId: string, workflowId?: string): Promise<DocumentDto> {
    const doc = await this.tx.run(async (em) => {
      const locked = await this.access.visibleDocument(em, user, documentId, true);
      if (locked.submitterId !== user.id)
        throw forbidden('NOT_SUBMITTER', 'Only the submitter submits the document');
      // The first submission spends a number of the issuing unit: only one of its members may (#14.9).
      if (locked.status === 'draft') await this.access.assertIssuer(em, user.id, locked.orgUnitId);
      await this.submitLocked(em, locked, user.id, workflowId ? { workflowId } : {});
      return locked;
    });
    // Built after the commit: the unit's reference counter stays locked only as long as needed.
    return this.views.detail(this.dataSource.manager, doc, user);
  }

  /**
   * Submits a document already locked in the caller's transaction. `template` forces a template
   * (other modules' ad-hoc workflows); `workflowId` is the submitter's explicit choice.
   */
  async submitLocked(
    em: EntityManager,
    doc: Document,
    actorId: string,
    choice: { workflowId?: string; template?: WorkflowTemplate },
  ): Promise<void> {
    const workflowId = choice.workflowId;
    const from = doc.status;
    doc.status = nextDocumentStatus(doc.status, 'submit');
    const now = new Date();
    let request: ApprovalRequest;
    let start: ApprovalStage;
    if (from === 'draft') {
      const template = choice.template ?? (await this.workflows.chooseFor(em, doc, workflowId));
      if (!doc.referenceNumber) doc.referenceNumber = await this.nextReference(em, doc.orgUnitId, now);
      request = await em.save(
        em.create(ApprovalRequest, {
          documentId: doc.id,
          templateId: template.id,
          templateVersion: template.version,
          status: 'active',
          currentStage: 0,
          round: 1,
          versionNo: doc.currentVersionNo,
          startedAt: now,
        }),
      );
      const stages = await em.save(
        template.stages.map((s, index) =>
          em.create(ApprovalStage, {
            requestId: request.id,
            index,
            name: s.name,
            mode: s.mode,
            quorum: s.quorum ?? null,
            approvers: s.approvers,
            slaHours: s.slaHours ?? null,
            escalateToUserId: s.escalateToUserId ?? null,
            status: 'pending',
            round: 0,
          }),
        ),
      );
      start = stages[0];
    } else {
      if (workflowId) {
        throw badRequest('WORKFLOW_FIXED', 'A resubmitted document keeps the workflow it started with');
      }
      request = await em.findOneOrFail(ApprovalRequest, {
        where: { documentId: doc.id },
        lock: { mode: 'pessimistic_write' },
      });
      const stages = await em.find(ApprovalStage, {
        where: { requestId: request.id },
        order: { index: 'ASC' },
      });
      const returnedAt = request.currentStage;
      const unchanged = await this.sameContent(em, doc.id, request.versionNo, doc.currentVersionNo);
      const restartAt = unchanged ? returnedAt : 0;
      for (const s of stages) {
        if (s.index >= restartAt) {
          s.status = nextStageStatus(s.status, 'restart');
          s.completedAt = null;
        }
      }
      await em.save(stages);
      request.round += 1;
      request.status = 'active';
      request.currentStage = restartAt;
      request.versionNo = doc.currentVersionNo;
      request.finishedAt = null;
      await em.save(request);
      start = stages[restartAt];
      await this.audit.append(em, {
        stream: `document:${doc.id}`,
        action: 'document.resubmitted',
        actorId: actorId,
        entityType: 'document',
        entityId: doc.id,
        data: {
          round: request.round,
          versionNo: doc.currentVersionNo,
          contentUnchanged: unchanged,
          restartAt,
        },
      });
    }
    doc.submittedAt = now;
    await em.save(doc);
    const activation = await this.routing.activate(em, request, start, doc, actorId);
    if (activation.blocked) {
      throw conflict(
        'WORKFLOW_BLOCKED',
        `Stage "${start.name}" routes to nobody today (a vacant post and no escalation target); nothing was submitted`,
        { stage: start.index, routing: start.routingNotes },
      );
    }
    await this.audit.append(em, {
      stream: `document:${doc.id}`,
      action: 'document.submitted',
      actorId: actorId,
      entityType: 'document',
      entityId: doc.id,
      data: {
        referenceNumber: doc.referenceNumber,
        requestId: request.id,
        templateId: request.templateId,
        templateVersion: request.templateVersion,
        versionNo: request.versionNo,
        round: request.round,
      },
    });
  }

  /** The next number of the unit's year, in the caller's transaction: a rollback gives it back. */
  private async nextReference(em: EntityManager, orgUnitId: string, at: Date): Promise<string> {
    const year = yearIn(REFERENCE_TIME_ZONE, at);
    const rows: { last: number }[] = await em.query(
      `INSERT INTO reference_counters (org_unit_id, year, last) VALUES ($1, $2, 1)
       ON CONFLICT (org_unit_id, year) DO UPDATE SET last = reference_counters.last + 1
       RETURNING last`,
      [orgUnitId, year],
    );
    const unit = await this.org.getUnit(orgUnitId, em);
    return formatReferenceNumber(unit!.code, year, rows[0].last);
  }

  /** The content a stage saw is unchanged: same SHA-256 and same metadata. */
  private async sameContent(em: EntityManager, documentId: string, a: number, b: number): Promise<boolean> {
    if (a === b) return true;
    const [va, vb] = await Promise.all([
      em.findOneBy(DocumentVersion, { documentId, no: a }),
      em.findOneBy(DocumentVersion, { documentId, no: b }),
    ]);
    return (
      !!va &&
      !!vb &&
      va.sha256 === vb.sha256 &&
      canonicalize(va.metadataSnapshot ?? {}) === canonicalize(vb.metadataSnapshot ?? {})
    );
  }

  // ---------------------------------------------------------------- task decisions

  /**
   * Loads and locks what a decision on a task needs, in one round trip (`approvals_lock_task`:
   * request, stage, task, document, in the order of task-locks.ts), with the tasks of the stage's
   * current round. For an assignee's decision it locks nothing unless the task is the caller's. A
   * task of a document the user may not see is 404; a task that is not theirs, 403 NOT_TASK_ASSIGNEE.
   */
  private async lockTask(
    em: EntityManager,
    user: AuthUser,
    taskId: string,
    who: 'assignee' | 'admin' = 'assignee',
  ): Promise<LockedTask> {
    const [row] = await preparedQuery<{
      request: Record<string, unknown>;
      stage: Record<string, unknown>;
      task: Record<string, unknown>;
      document: Record<string, unknown>;
      stage_tasks: StageTaskView[];
    }>(
      em,
      'approvals_lock_task_for',
      `SELECT request, stage, task, document, stage_tasks FROM approvals_lock_task($1, $2)`,
      [taskId, who === 'assignee' ? user.id : null],
    );
    if (!row) throw taskNotFound();
    const task = hydrate(em, ApprovalTask, row.task);
    const doc = hydrate(em, Document, row.document);
    // The assignee sees the document by definition; anyone else is checked.
    if (task.assigneeId !== user.id && !(await this.access.canSee(em, user, doc))) throw taskNotFound();
    if ((who === 'assignee' && task.assigneeId !== user.id) || !row.request) {
      // (No request: the function locked nothing, the task being someone else's when it looked.)
      throw forbidden('NOT_TASK_ASSIGNEE', 'This task is not assigned to you');
    }
    // Routing never gives the submitter a task of their own document; should one reach them anyway
    // (a task written before that rule, a path routing does not know of), they still cannot decide it.
    if (who === 'assignee' && doc.submitterId === user.id) throw submitterCannotDecide();
    return {
      task,
      stage: hydrate(em, ApprovalStage, row.stage),
      request: hydrate(em, ApprovalRequest, row.request),
      doc,
      stageTasks: row.stage_tasks,
    };
  }

  async approve(user: AuthUser, taskId: string, comment?: string): Promise<DecisionResult> {
    const done = await this.tx.run(async (em) => {
      const locked = await this.lockTask(em, user, taskId);
      const { task, stage, request, doc } = locked;
      task.status = nextTaskStatus(task.status, 'approve');
      this.assertLive(request, stage);
      task.decidedAt = new Date();
      task.decidedById = user.id;
      task.comment = comment?.trim() || null;
      // The stage's tasks as they are with this approval.
      const tasks = locked.stageTasks.map((t) => (t.id === task.id ? { ...t, status: task.status } : t));
      const settled = this.settlement(stage, tasks, task.decidedAt);
      // The task's decision and, when it completes the stage, the stage and its other open tasks: one statement.
      await preparedQuery(
        em,
        'approvals_decide_approve',
        `WITH decided AS (
           UPDATE approval_tasks SET status = $2, decided_at = $3, decided_by_id = $4, comment = $5 WHERE id = $1
         ), stage AS (
           UPDATE approval_stages SET status = 'approved', completed_at = $3 WHERE id = $6 AND $7::boolean
         )
         UPDATE approval_tasks SET status = 'cancelled', decided_at = $3 WHERE id = ANY($8::uuid[]) AND $7::boolean`,
        [
          task.id,
          task.status,
          task.decidedAt,
          task.decidedById,
          task.comment,
          stage.id,
          !!settled,
          settled?.cancelledTaskIds ?? [],
        ],
      );
      const approved = {
        action: 'task.approved',
        actorId: user.id,
        entityType: 'document',
        entityId: doc.id,
        data: {
          taskId: task.id,
          stage: stage.index,
          stageName: stage.name,
          actingForId: task.actingForId,
          versionNo: task.versionNo,
          comment: task.comment,
        },
      };
      if (!settled) {
        await this.audit.append(em, { stream: `document:${doc.id}`, ...approved });
        return { task, doc };
      }
      await this.audit.appendMany(em, `document:${doc.id}`, [approved, settled.audit(request, doc, user.id)]);
      await this.outbox.add(em, {
        name: 'approvals.advance',
        payload: { requestId: request.id, stageIndex: stage.index },
      });
      return { task, doc };
    });
    // Built after the commit, so the locks are held no longer than the change needs.
    return this.decisionView(done.task, done.doc, user);
  }

  /**
   * Whether the stage's mode is satisfied by these tasks (those of its current round, as they are
   * now); if so, what completing it changes: the stage approved at `at`, its other pending tasks
   * cancelled (an `any` stage: the first approval wins), and the audit entry saying so.
   */
  private settlement(stage: ApprovalStage, tasks: StageTaskView[], at: Date) {
    const outcome = evaluateStage(stage.mode, stage.quorum, tasks);
    if (!outcome.complete) return null;
    const cancelledTaskIds = tasks.filter((t) => t.status === 'pending').map((t) => t.id);
    // The statement in approve() writes 'approved'; the table says the stage may complete.
    stage.status = nextStageStatus(stage.status, 'complete');
    stage.completedAt = at;
    return {
      cancelledTaskIds,
      audit: (request: ApprovalRequest, doc: Document, actorId: string | null) => ({
        action: 'stage.approved',
        actorId,
        entityType: 'document',
        entityId: doc.id,
        data: {
          requestId: request.id,
          stage: stage.index,
          stageName: stage.name,
          approvals: outcome.approvals,
          required: outcome.required,
          cancelledTaskIds,
        },
      }),
    };
  }

  private async decisionView(task: ApprovalTask, doc: Document, viewer: AuthUser): Promise<DecisionResult> {
    return this.views.decision(this.dataSource.manager, doc, task.id, viewer);
  }

  private assertLive(request: ApprovalRequest, stage: ApprovalStage): void {
    if (request.status !== 'active' || stage.status !== 'active') {
      throw conflict('TASK_ALREADY_DECIDED', 'The stage of this task is no longer open');
    }
  }

  /** Reject (final) or return (for revision): immediate, with a reason; closes every open task. */
  async rejectOrReturn(
    user: AuthUser,
    taskId: string,
    kind: 'reject' | 'return',
    reason: string,
  ): Promise<DecisionResult> {
    const why = reason.trim();
    if (!why) {
      throw badRequest('VALIDATION_FAILED', 'Request validation failed', [
        { field: 'reason', problems: ['reason must not be blank'] },
      ]);
    }
    const done = await this.tx.run(async (em) => {
      const { task, stage, request, doc } = await this.lockTask(em, user, taskId);
      task.status = nextTaskStatus(task.status, kind);
      this.assertLive(request, stage);
      const now = new Date();
      task.decidedAt = now;
      task.decidedById = user.id;
      task.comment = why;
      // An UPDATE, not save(): save() would read the row again first.
      await em.update(
        ApprovalTask,
        { id: task.id },
        {
          status: task.status,
          decidedAt: task.decidedAt,
          decidedById: task.decidedById,
          comment: task.comment,
        },
      );
      const to = kind === 'reject' ? 'rejected' : 'returned';
      doc.status = nextDocumentStatus(doc.status, kind);
      await em.save(doc);
      stage.status = nextStageStatus(stage.status, kind);
      stage.completedAt = now;
      await em.save(stage);
      request.status = to;
      if (kind === 'reject') request.finishedAt = now;
      await em.save(request);
      const cancelled = await this.cancelOpenTasks(em, request.id, now);
      await this.audit.append(em, {
        stream: `document:${doc.id}`,
        action: kind === 'reject' ? 'task.rejected' : 'task.returned',
        actorId: user.id,
        entityType: 'document',
        entityId: doc.id,
        data: {
          taskId: task.id,
          stage: stage.index,
          stageName: stage.name,
          actingForId: task.actingForId,
          versionNo: task.versionNo,
          reason: why,
          cancelledTaskIds: cancelled,
        },
      });
      await this.notifyDecision(
        em,
        doc,
        kind === 'reject' ? 'rejected' : 'returned',
        user.id,
        why,
        `${task.id}:${kind}`,
      );
      return { task: task, doc: doc };
    });
    // Built after the commit, so the locks are held no longer than the change needs.
    return this.decisionView(done.task, done.doc, user);
  }

  /**
   * Recall: the approver undoes their approval while the next stage has not decided anything. The
   * stage reopens (its tasks closed by completion come back as new pending tasks) and a next stage
   * already activated goes back to pending.
   */
  async recall(user: AuthUser, taskId: string): Promise<DecisionResult> {
    const done = await this.tx.run(async (em) => {
      const peek = await em.findOneBy(ApprovalTask, { id: taskId });
      if (!peek) throw taskNotFound();
      const doc0 = await em.findOneBy(Document, { id: peek.documentId });
      if (!doc0 || !(await this.access.canSee(em, user, doc0))) throw taskNotFound();
      if (peek.assigneeId !== user.id && peek.decidedById !== user.id) {
        throw forbidden('NOT_TASK_ASSIGNEE', 'Only who approved a task can recall it');
      }
      if (doc0.submitterId === user.id) throw submitterCannotDecide();
      const { task, stage, request, doc } = await this.lockTask(em, user, taskId, 'admin');
      task.status = nextTaskStatus(task.status, 'recall');
      const notRecallable = (why: string) => conflict('TASK_NOT_RECALLABLE', why);
      if (request.status !== 'active' || doc.status !== 'in_review') {
        throw notRecallable('The request is no longer in review');
      }
      if (task.round !== stage.round) throw notRecallable('This approval belongs to an earlier round');
      const now = new Date();
      if (stage.status === 'approved') {
        const next = await em.findOne(ApprovalStage, {
          where: { requestId: request.id, index: stage.index + 1 },
          lock: { mode: 'pessimistic_write' },
        });
        if (next && next.status !== 'pending') {
          const acted = await em.count(ApprovalTask, {
            where: { stageId: next.id, round: next.round, status: In(['approved', 'rejected', 'returned']) },
          });
          if (acted > 0 || next.status !== 'active') throw notRecallable('The next stage has already acted');
          await em.update(
            ApprovalTask,
            { stageId: next.id, round: next.round, status: 'pending' },
            { status: 'cancelled', decidedAt: now },
          );
          next.status = nextStageStatus(next.status, 'reset');
          await em.save(next);
        }
        if (!next && request.currentStage !== stage.index) throw notRecallable('The document is signed off');
        // Tasks the completion closed come back (new pending tasks for the same people).
        const closed = await em.findBy(ApprovalTask, {
          stageId: stage.id,
          round: stage.round,
          status: 'cancelled',
        });
        for (const c of closed) {
          // Detached from the activation (round 0): replaced now, so a later recall does not revive it twice.
          c.round = 0;
          await em.save(c);
          await this.routing.createTask(em, {
            request,
            stage,
            doc,
            assigneeId: c.assigneeId,
            actingForId: c.actingForId,
            origin: c.origin,
            postTitle: c.postTitle,
            postTitleKm: c.postTitleKm,
            escalatedFromTaskId: c.escalatedFromTaskId,
            withDeadlines: c.origin !== 'sla_escalation',
          });
        }
        stage.status = nextStageStatus(stage.status, 'reopen');
        stage.completedAt = null;
        await em.save(stage);
        request.currentStage = stage.index;
        await em.save(request);
      } else if (stage.status !== 'active') {
        throw notRecallable('The stage is closed');
      }
      task.decidedAt = task.decidedAt ?? now;
      await em.save(task);
      const again = await this.routing.createTask(em, {
        request,
        stage,
        doc,
        assigneeId: task.assigneeId,
        actingForId: task.actingForId,
        origin: task.origin,
        postTitle: task.postTitle,
        postTitleKm: task.postTitleKm,
        escalatedFromTaskId: task.escalatedFromTaskId,
        withDeadlines: task.origin !== 'sla_escalation',
      });
      await this.audit.append(em, {
        stream: `document:${doc.id}`,
        action: 'task.recalled',
        actorId: user.id,
        entityType: 'document',
        entityId: doc.id,
        data: { taskId: task.id, newTaskId: again.id, stage: stage.index, stageName: stage.name },
      });
      return { task: again, doc: doc };
    });
    // Built after the commit, so the locks are held no longer than the change needs.
    return this.decisionView(done.task, done.doc, user);
  }

  /** Withdraw: the submitter takes back a document in review (or returned); open tasks are cancelled. */
  async withdraw(user: AuthUser, documentId: string, reason?: string): Promise<DocumentDto> {
    return this.tx.run(async (em) => {
      const doc = await this.access.visibleDocument(em, user, documentId);
      if (doc.submitterId !== user.id)
        throw forbidden('NOT_SUBMITTER', 'Only the submitter withdraws the document');
      const request = await em.findOne(ApprovalRequest, {
        where: { documentId: doc.id },
        lock: { mode: 'pessimistic_write' },
      });
      const locked = await em.findOneOrFail(Document, {
        where: { id: doc.id },
        lock: { mode: 'pessimistic_write' },
      });
      locked.status = nextDocumentStatus(locked.status, 'withdraw');
      await em.save(locked);
      const now = new Date();
      let cancelled: string[] = [];
      if (request) {
        request.status = 'withdrawn';
        request.finishedAt = now;
        await em.save(request);
        await em.update(
          ApprovalStage,
          { requestId: request.id, status: In(stageStatusesFor('cancel')) },
          { status: nextStageStatus('active', 'cancel') },
        );
        cancelled = await this.cancelOpenTasks(em, request.id, now);
      }
      await this.audit.append(em, {
        stream: `document:${doc.id}`,
        action: 'document.withdrawn',
        actorId: user.id,
        entityType: 'document',
        entityId: doc.id,
        data: { reason: reason ?? null, cancelledTaskIds: cancelled },
      });
      await this.reportOutcome(em, locked, 'withdrawn');
      return this.views.detail(em, locked, user);
    });
  }

  /** An admin moves a pending task to another user (recorded with the reason). */
  async reassign(admin: AuthUser, taskId: string, toUserId: string, reason: string): Promise<DecisionResult> {
    const done = await this.tx.run(async (em) => {
      const { task, stage, request, doc } = await this.lockTask(em, admin, taskId, 'admin');
      nextTaskStatus(task.status, 'reassign');
      this.assertLive(request, stage);
      const to = await this.org.findUserById(toUserId, em);
      if (!to || to.status === 'disabled') {
        throw badRequest('USER_NOT_FOUND', 'No such active user', [
          { field: 'userId', problems: ['no such active user'] },
        ]);
      }
      if (to.id === doc.submitterId) throw assigneeIsSubmitter();
      const from = task.assigneeId;
      task.assigneeId = to.id;
      task.actingForId = null;
      await em.save(task);
      await this.audit.append(em, {
        stream: `document:${doc.id}`,
        action: 'task.reassigned',
        actorId: admin.id,
        entityType: 'document',
        entityId: doc.id,
        data: { taskId: task.id, fromUserId: from, toUserId: to.id, reason },
      });
      await this.routing.notifyTaskAssigned(em, doc, stage, task);
      return { task: task, doc: doc };
    });
    // Built after the commit, so the locks are held no longer than the change needs.
    return this.decisionView(done.task, done.doc, admin);
  }

  /** An admin routes a blocked request's stage to a named user (a task of origin `admin_route`). */
  async routeBlocked(
    admin: AuthUser,
    requestId: string,
    toUserId: string,
    reason: string,
  ): Promise<DocumentDto> {
    return this.tx.run(async (em) => {
      const request = await em.findOne(ApprovalRequest, {
        where: { id: requestId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!request) throw notFound('REQUEST_NOT_FOUND', 'No such approval request');
      if (request.status !== 'blocked') throw conflict('REQUEST_NOT_BLOCKED', 'The request is not blocked');
      const stage = await em.findOneOrFail(ApprovalStage, {
        where: { requestId: request.id, index: request.currentStage },
        lock: { mode: 'pessimistic_write' },
      });
      const doc = await em.findOneOrFail(Document, { where: { id: request.documentId } });
      const to = await this.org.findUserById(toUserId, em);
      if (!to || to.status === 'disabled') {
        throw badRequest('USER_NOT_FOUND', 'No such active user', [
          { field: 'userId', problems: ['no such active user'] },
        ]);
      }
      if (to.id === doc.submitterId) throw assigneeIsSubmitter();
      request.status = 'active';
      await em.save(request);
      stage.status = nextStageStatus(stage.status, 'route');
      stage.routingNotes = [
        ...stage.routingNotes,
        { approver: { userId: to.id }, outcome: 'routed_by_admin', userId: to.id },
      ];
      await em.save(stage);
      const post = await this.routing.postOf(em, to.id, null, null);
      const task = await this.routing.createTask(em, {
        request,
        stage,
        doc,
        assigneeId: to.id,
        actingForId: null,
        origin: 'admin_route',
        postTitle: post?.title ?? null,
        postTitleKm: post?.title_km ?? null,
        escalatedFromTaskId: null,
        withDeadlines: true,
      });
      await this.audit.append(em, {
        stream: `document:${doc.id}`,
        action: 'approval.routed_by_admin',
        actorId: admin.id,
        entityType: 'document',
        entityId: doc.id,
        data: { requestId: request.id, stage: stage.index, taskId: task.id, toUserId: to.id, reason },
      });
      return this.views.detail(em, doc, admin);
    });
  }

  private async cancelOpenTasks(em: EntityManager, requestId: string, at: Date): Promise<string[]> {
    const rows = updatedRows<{ id: string }>(
      await em.query(
        `UPDATE approval_tasks SET status = 'cancelled', decided_at = $2 WHERE request_id = $1 AND status = 'pending' RETURNING id`,
        [requestId, at],
      ),
    );
    return rows.map((r) => r.id);
  }

  async notifyDecision(
    em: EntityManager,
    doc: Document,
    decision: 'approved' | 'rejected' | 'returned',
    byUserId: string | null,
    comment: string | null,
    eventKey: string,
    options: DeliveryOptions = {},
  ): Promise<void> {
    const by = byUserId ? await this.org.findUserById(byUserId, em) : null;
    const words = {
      approved: { en: 'approved', km: 'អនុម័ត' },
      rejected: { en: 'rejected', km: 'បដិសេធ' },
      returned: { en: 'returned for revision', km: 'ប្រគល់មកវិញដើម្បីកែសម្រួល' },
    }[decision];
    const notice: NotifyInput = {
      userIds: [doc.submitterId],
      template: 'approval.decided',
      params: {
        reference: doc.referenceNumber ?? '',
        title: doc.title,
        decision: words,
        decidedBy: by
          ? { en: by.fullName, km: by.fullNameKm ?? by.fullName }
          : { en: 'the workflow', km: 'ប្រព័ន្ធ' },
        comment: comment ?? '',
      },
      link: `/documents/${doc.id}`,
      eventKey: `document:${doc.id}:${eventKey}`,
    };
    await (options.notifyNow
      ? this.notifications.createNow(em, [notice])
      : this.notifications.notify(em, notice));
    await this.reportOutcome(em, doc, decision);
  }

  /**
   * The module that owns the document's type (one that routes its own documents through the
   * workflow) hears of the outcome, in the same transaction.
   */
  async reportOutcome(em: EntityManager, doc: Document, outcome: RequestOutcome): Promise<void> {
    await this.outcomes.publish(em, {
      subjectType: doc.documentType,
      documentId: doc.id,
      outcome,
      verificationCode: outcome === 'approved' ? doc.verificationCode : null,
      decidedAt: new Date(),
    });
  }
}
