import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../common/auth/auth-user.js';
import { conflict, forbidden } from '../common/errors/domain-error.js';
import { TransactionService } from '../database/transaction.service.js';
import { ApprovalsAccess } from './approvals-access.js';
import type { DecisionResult } from './decisions.service.js';
import { DecisionLocks, submitterCannotDecide, taskNotFound } from './decision-locks.service.js';
import { DocumentViewsService } from './document-views.service.js';
import { nextStageStatus } from './domain/stage-state.js';
import { nextTaskStatus } from './domain/state-machine.js';
import { ApprovalRequest } from './entities/approval-request.entity.js';
import { ApprovalStage } from './entities/approval-stage.entity.js';
import { ApprovalTask } from './entities/approval-task.entity.js';
import { Document } from './entities/document.entity.js';
import { cancelPendingTasks } from './pending-tasks.js';
import { TaskCreationService, type TaskInput } from './task-creation.service.js';
import { documentEntry, stageFields } from './document-audit.js';

const notRecallable = (why: string) => conflict('TASK_NOT_RECALLABLE', why);

/**
 * Recall: the approver undoes their approval while the next stage has not decided anything. The
 * stage reopens (its tasks closed by completion come back as new pending tasks) and a next stage
 * already activated goes back to pending. The approver gets a new pending task of their own.
 */
@Injectable()
export class RecallService {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: ApprovalsAccess,
    private readonly locks: DecisionLocks,
    private readonly views: DocumentViewsService,
    private readonly taskCreation: TaskCreationService,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async recall(user: AuthUser, taskId: string): Promise<DecisionResult> {
    const done = await this.tx.run(async (em) => {
      await this.assertMayRecall(em, user, taskId);
      const { task, stage, request, doc } = await this.locks.forAnyone(em, user, taskId);
      task.status = nextTaskStatus(task.status, 'recall');
      if (request.status !== 'active' || doc.status !== 'in_review') {
        throw notRecallable('The request is no longer in review');
      }
      if (task.round !== stage.round) throw notRecallable('This approval belongs to an earlier round');
      const now = new Date();
      if (stage.status === 'approved') {
        await this.reopen(em, request, stage, doc, now);
      } else if (stage.status !== 'active') {
        throw notRecallable('The stage is closed');
      }
      task.decidedAt = task.decidedAt ?? now;
      await em.update(ApprovalTask, task.id, { status: task.status, decidedAt: task.decidedAt });
      const again = await this.taskCreation.createTask(em, taskAgain(request, stage, doc, task));
      await this.audit.append(
        em,
        documentEntry(doc.id, 'task.recalled', user.id, {
          taskId: task.id,
          newTaskId: again.id,
          ...stageFields(request, stage),
        }),
      );
      return { task: again, doc };
    });
    // Built after the commit, so the locks are held no longer than the change needs.
    return this.views.decision(this.dataSource.manager, done.doc, done.task.id, user);
  }

  /** Only who approved the task (its assignee, or who decided it) recalls it; never on their own document. */
  private async assertMayRecall(em: EntityManager, user: AuthUser, taskId: string): Promise<void> {
    const peek = await em.findOneBy(ApprovalTask, { id: taskId });
    if (!peek) throw taskNotFound();
    const doc = await em.findOneBy(Document, { id: peek.documentId });
    if (!doc || !(await this.access.canSee(em, user, doc))) throw taskNotFound();
    if (peek.assigneeId !== user.id && peek.decidedById !== user.id) {
      throw forbidden('NOT_TASK_ASSIGNEE', 'Only who approved a task can recall it');
    }
    if (doc.submitterId === user.id) throw submitterCannotDecide();
  }

  /**
   * The approved stage opens again: the next stage, if it was activated and nobody there has acted,
   * goes back to pending (its tasks cancelled); the tasks the completion closed come back.
   */
  private async reopen(
    em: EntityManager,
    request: ApprovalRequest,
    stage: ApprovalStage,
    doc: Document,
    now: Date,
  ): Promise<void> {
    const next = await em.findOne(ApprovalStage, {
      where: { requestId: request.id, index: stage.index + 1 },
      lock: { mode: 'pessimistic_write' },
    });
    if (next && next.status !== 'pending') {
      const acted = await em.count(ApprovalTask, {
        where: { stageId: next.id, round: next.round, status: In(['approved', 'rejected', 'returned']) },
      });
      if (acted > 0 || next.status !== 'active') throw notRecallable('The next stage has already acted');
      await cancelPendingTasks(em, { stageId: next.id, round: next.round }, now);
      next.status = nextStageStatus(next.status, 'reset');
      await em.update(ApprovalStage, next.id, { status: next.status });
    }
    if (!next && request.currentStage !== stage.index) throw notRecallable('The document is signed off');
    // Tasks the completion closed come back (new pending tasks for the same people).
    const closed = await em.findBy(ApprovalTask, {
      stageId: stage.id,
      round: stage.round,
      status: 'cancelled',
    });
    if (closed.length > 0) {
      // Detached from the activation (round 0): replaced now, so a later recall does not revive them twice.
      await em.update(ApprovalTask, { id: In(closed.map((c) => c.id)) }, { round: 0 });
      await this.taskCreation.createTasks(
        em,
        closed.map((c) => taskAgain(request, stage, doc, c)),
      );
    }
    stage.status = nextStageStatus(stage.status, 'reopen');
    stage.completedAt = null;
    await em.update(ApprovalStage, stage.id, { status: stage.status, completedAt: null });
    request.currentStage = stage.index;
    await em.update(ApprovalRequest, request.id, { currentStage: request.currentStage });
  }
}

/** A new pending task for the same person, post and origin as `task`. */
function taskAgain(
  request: ApprovalRequest,
  stage: ApprovalStage,
  doc: Document,
  task: ApprovalTask,
): TaskInput {
  return {
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
  };
}
