import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../common/auth/auth-user.js';
import { badRequest, conflict, notFound } from '../common/errors/domain-error.js';
import { TransactionService } from '../database/transaction.service.js';
import type { User } from '../org/entities/user.entity.js';
import { OrgService } from '../org/org.service.js';
import type { DecisionResult } from './decisions.service.js';
import { assertLive, DecisionLocks } from './decision-locks.service.js';
import { DocumentViewsService } from './document-views.service.js';
import { nextRequestStatus } from './domain/request-state.js';
import { nextStageStatus } from './domain/stage-state.js';
import { nextTaskStatus } from './domain/state-machine.js';
import type { DocumentDto } from './dto/document.dto.js';
import { ApprovalRequest } from './entities/approval-request.entity.js';
import { ApprovalStage } from './entities/approval-stage.entity.js';
import { handTaskOver } from './hand-over.js';
import { Document } from './entities/document.entity.js';
import { TaskCreationService } from './task-creation.service.js';
import { documentEntry } from './document-audit.js';
import { documentNotice, personName, stageName } from './document-notice.js';
import { NotificationsService } from '../notifications/notifications.service.js';

/** An admin sends work to a named user: a pending task to someone else, a blocked stage to someone. */
@Injectable()
export class AdminRoutingService {
  constructor(
    private readonly tx: TransactionService,
    private readonly locks: DecisionLocks,
    private readonly views: DocumentViewsService,
    private readonly taskCreation: TaskCreationService,
    private readonly audit: AuditService,
    private readonly org: OrgService,
    private readonly notifications: NotificationsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * Moves a pending task to another user (recorded with the reason), with the stage's SLA afresh;
   * 400 ASSIGNEE_UNCHANGED to the one who holds it.
   */
  async reassign(admin: AuthUser, taskId: string, toUserId: string, reason: string): Promise<DecisionResult> {
    const done = await this.tx.run(async (em) => {
      const { task, stage, request, doc } = await this.locks.forAnyone(em, admin, taskId);
      nextTaskStatus(task.status, 'reassign');
      assertLive(request, stage);
      const to = await this.assignee(em, toUserId, doc);
      if (to.id === task.assigneeId) {
        throw badRequest('ASSIGNEE_UNCHANGED', 'The task is with this person already: choose someone else', [
          { field: 'userId', problems: ['holds the task already'] },
        ]);
      }
      const from = task.assigneeId;
      // A delegate's task was the approver's they acted for: both hear where it went.
      const heldFor = task.actingForId;
      await handTaskOver(em, task, stage, { to: to.id, outcome: 'reassigned_by_admin', reason });
      const recorded = await this.audit.append(
        em,
        documentEntry(doc.id, 'task.reassigned', admin.id, {
          taskId: task.id,
          fromUserId: from,
          toUserId: to.id,
          reason,
        }),
      );
      // The new approver has the stage's time from now (told in their notice), not what was left.
      await this.taskCreation.restartDeadline(em, stage, task);
      const by = await this.org.findUserById(admin.id, em);
      await this.taskCreation.notifyTaskAssigned(em, doc, stage, task, { by, reason });
      // Whom it was with hears where it went, and why (their own notice of it is marked done).
      await this.notifications.notify(
        em,
        documentNotice(
          doc,
          heldFor && heldFor !== to.id ? [from, heldFor] : [from],
          'approval.reassigned_away',
          { stage: stageName(stage), to: personName(to), by: personName(by), reason },
          `task:${task.id}:reassigned:${recorded.seq}`,
        ),
      );
      await this.tellSubmitter(
        em,
        doc,
        stage,
        { to, by, reason },
        `task:${task.id}:reassigned:${recorded.seq}`,
      );
      return { task, doc };
    });
    // Built after the commit, so the locks are held no longer than the change needs.
    return this.views.decision(this.dataSource.manager, done.doc, done.task.id, admin);
  }

  /** Routes a blocked request's stage to a named user (a task of origin `admin_route`). */
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
      const to = await this.assignee(em, toUserId, doc);
      request.status = nextRequestStatus(request.status, 'route');
      await em.update(ApprovalRequest, request.id, { status: request.status });
      stage.status = nextStageStatus(stage.status, 'route');
      stage.routingNotes = [
        ...stage.routingNotes,
        { approver: { userId: to.id }, outcome: 'routed_by_admin', userId: to.id },
      ];
      await em.update(ApprovalStage, stage.id, { status: stage.status, routingNotes: stage.routingNotes });
      // Told below, in the words of a hand-over: who gave it to them and why.
      const task = await this.taskCreation.createTaskFor(
        em,
        { request, stage, doc },
        to.id,
        'admin_route',
        { escalatedFromTaskId: null, withDeadlines: true },
        { announce: false },
      );
      const recorded = await this.audit.append(
        em,
        documentEntry(doc.id, 'approval.routed_by_admin', admin.id, {
          requestId: request.id,
          stage: stage.index,
          taskId: task.id,
          toUserId: to.id,
          reason,
        }),
      );
      const by = await this.org.findUserById(admin.id, em);
      await this.taskCreation.notifyTaskAssigned(em, doc, stage, task, { by, reason });
      await this.tellSubmitter(
        em,
        doc,
        stage,
        { to, by, reason },
        `request:${request.id}:routed:${recorded.seq}`,
      );
      return this.views.detail(em, doc, admin);
    });
  }

  /**
   * The submitter hears whom their document waits on now, who gave it to them and why (an overdue
   * task reassigned, a stage nobody could approve routed); not when they are the administrator.
   */
  private async tellSubmitter(
    em: EntityManager,
    doc: Document,
    stage: ApprovalStage,
    handed: { to: User; by: User | null; reason: string },
    eventKey: string,
  ): Promise<void> {
    if (handed.by?.id === doc.submitterId) return;
    await this.notifications.notify(
      em,
      documentNotice(
        doc,
        [doc.submitterId],
        'approval.handed_over',
        {
          stage: stageName(stage),
          to: personName(handed.to),
          by: personName(handed.by),
          reason: handed.reason,
        },
        `${eventKey}:submitter`,
      ),
    );
  }

  /** The user a task is given to: active, and not the document's submitter (400 otherwise). */
  private async assignee(em: EntityManager, userId: string, doc: Document): Promise<User> {
    const to = await this.org.findUserById(userId, em);
    if (!to || to.status === 'disabled') {
      throw badRequest('USER_NOT_FOUND', 'No such active user', [
        { field: 'userId', problems: ['no such active user'] },
      ]);
    }
    if (to.id === doc.submitterId) {
      throw badRequest('ASSIGNEE_IS_SUBMITTER', 'Nobody approves their own document: choose someone else', [
        { field: 'userId', problems: ['is the submitter of the document'] },
      ]);
    }
    return to;
  }
}
