import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../common/auth/auth-user.js';
import { badRequest } from '../common/errors/domain-error.js';
import { TransactionService } from '../database/transaction.service.js';
import { OutboxService } from '../outbox/outbox.service.js';
import { assertLive, DecisionLocks } from './decision-locks.service.js';
import { DecisionNotices } from './decision-notices.service.js';
import { writeStageCompletion, writeTaskDecision } from './decision-writes.js';
import { DocumentViewsService } from './document-views.service.js';
import { nextRequestStatus } from './domain/request-state.js';
import { evaluateStage } from './domain/stage-rules.js';
import { nextStageStatus } from './domain/stage-state.js';
import { nextDocumentStatus, nextTaskStatus } from './domain/state-machine.js';
import type { DocumentDto, TaskDto } from './dto/document.dto.js';
import { ApprovalRequest } from './entities/approval-request.entity.js';
import { Document } from './entities/document.entity.js';
import { cancelPendingTasks, cancelTasks } from './pending-tasks.js';
import { documentEntry, stageFields, taskDecisionFields } from './document-audit.js';

export interface DecisionResult {
  task: TaskDto;
  document: DocumentDto;
}

/**
 * An assignee decides their task: approve, reject or return. Each is one transaction with its
 * audit entries and outbox events, and the answer is built after the commit, so the locks (taken
 * first: request, stage, task, document) are held no longer than the change needs.
 */
@Injectable()
export class DecisionsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly locks: DecisionLocks,
    private readonly views: DocumentViewsService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly notices: DecisionNotices,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * Approve. When this approval satisfies the stage's mode, the stage is approved with it and its
   * other pending tasks are cancelled (an `any` stage: the first approval wins); the worker then
   * activates the next stage or signs the document off (`approvals.advance`).
   */
  async approve(user: AuthUser, taskId: string, comment?: string): Promise<DecisionResult> {
    const done = await this.tx.run(async (em) => {
      const { task, stage, request, doc, stageTasks } = await this.locks.forAssignee(em, user, taskId);
      task.status = nextTaskStatus(task.status, 'approve');
      assertLive(request, stage);
      task.decidedAt = new Date();
      task.decidedById = user.id;
      task.comment = comment?.trim() || null;
      await writeTaskDecision(em, task);
      const approved = documentEntry(doc.id, 'task.approved', user.id, {
        ...taskDecisionFields(task, stage),
        comment: task.comment,
      });
      await this.notices.notifyPrincipal(em, doc, task, stage, 'approved', user.id);
      // The stage's tasks as they are with this approval.
      const tasks = stageTasks.map((t) => (t.id === task.id ? { ...t, status: task.status } : t));
      const outcome = evaluateStage(stage.mode, stage.quorum, tasks);
      if (!outcome.complete) {
        await this.audit.append(em, approved);
        return { task, doc };
      }
      stage.status = nextStageStatus(stage.status, 'complete');
      stage.completedAt = task.decidedAt;
      await writeStageCompletion(em, stage);
      const cancelledTaskIds = tasks.filter((t) => t.status === 'pending').map((t) => t.id);
      await cancelTasks(em, cancelledTaskIds, task.decidedAt);
      await this.audit.appendMany(em, `document:${doc.id}`, [
        approved,
        documentEntry(doc.id, 'stage.approved', user.id, {
          ...stageFields(request, stage),
          approvals: outcome.approvals,
          required: outcome.required,
          cancelledTaskIds,
        }),
      ]);
      await this.outbox.add(em, {
        name: 'approvals.advance',
        payload: { requestId: request.id, stageIndex: stage.index },
      });
      return { task, doc };
    });
    return this.views.decision(this.dataSource.manager, done.doc, done.task.id, user);
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
      const { task, stage, request, doc } = await this.locks.forAssignee(em, user, taskId);
      task.status = nextTaskStatus(task.status, kind);
      assertLive(request, stage);
      const now = new Date();
      task.decidedAt = now;
      task.decidedById = user.id;
      task.comment = why;
      await writeTaskDecision(em, task);
      doc.status = nextDocumentStatus(doc.status, kind);
      await em.update(Document, doc.id, { status: doc.status });
      stage.status = nextStageStatus(stage.status, kind);
      stage.completedAt = now;
      await writeStageCompletion(em, stage);
      request.status = nextRequestStatus(request.status, kind);
      if (kind === 'reject') request.finishedAt = now;
      await em.update(ApprovalRequest, request.id, {
        status: request.status,
        finishedAt: request.finishedAt,
      });
      const cancelled = await cancelPendingTasks(em, { requestId: request.id }, now);
      await this.audit.append(
        em,
        documentEntry(doc.id, kind === 'reject' ? 'task.rejected' : 'task.returned', user.id, {
          ...taskDecisionFields(task, stage),
          reason: why,
          cancelledTaskIds: cancelled,
        }),
      );
      await this.notices.notifyDecision(
        em,
        doc,
        kind === 'reject' ? 'rejected' : 'returned',
        { userId: user.id, actingForId: task.actingForId },
        why,
        `${task.id}:${kind}`,
      );
      await this.notices.notifyPrincipal(
        em,
        doc,
        task,
        stage,
        kind === 'reject' ? 'rejected' : 'returned',
        user.id,
      );
      return { task, doc };
    });
    return this.views.decision(this.dataSource.manager, done.doc, done.task.id, user);
  }
}
