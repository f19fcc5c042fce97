import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user.js';
import { conflict, forbidden, notFound } from '../common/errors/domain-error.js';
import { preparedQuery } from '../database/prepared-query.js';
import { ApprovalsAccess } from './approvals-access.js';
import type { StageTaskView } from './domain/stage-rules.js';
import { ApprovalRequest } from './entities/approval-request.entity.js';
import { ApprovalStage } from './entities/approval-stage.entity.js';
import { ApprovalTask } from './entities/approval-task.entity.js';
import { Document } from './entities/document.entity.js';
import { hydrate } from './rows.js';

export const taskNotFound = () => notFound('TASK_NOT_FOUND', 'No such task');
export const submitterCannotDecide = () =>
  forbidden('SUBMITTER_CANNOT_DECIDE', 'Nobody decides on their own document');

/** A task with its request, stage and document, locked for the rest of the transaction. */
export interface LockedTask {
  task: ApprovalTask;
  stage: ApprovalStage;
  request: ApprovalRequest;
  doc: Document;
  /** The tasks of the stage's current round, read under the locks. */
  stageTasks: StageTaskView[];
}

interface LockRow {
  request: Record<string, unknown> | null;
  stage: Record<string, unknown> | null;
  task: Record<string, unknown>;
  document: Record<string, unknown>;
  stage_tasks: StageTaskView[] | null;
}

/**
 * The first step of every decision on a task: find it, check who may act on it, and lock its rows.
 * One round trip, `approvals_lock_task` (request, stage, task, document, in the order of
 * task-locks.ts, with the tasks of the stage's current round, as JSON); TypeORM's `find` would take
 * one per row.
 */
@Injectable()
export class DecisionLocks {
  constructor(private readonly access: ApprovalsAccess) {}

  /**
   * For the assignee's own decision (approve, reject, return). Locks nothing unless the task is
   * the caller's. A task of a document the user may not see is 404 TASK_NOT_FOUND; a task that is
   * not theirs, 403 NOT_TASK_ASSIGNEE; a task of their own document, 403 SUBMITTER_CANNOT_DECIDE.
   */
  async forAssignee(em: EntityManager, user: AuthUser, taskId: string): Promise<LockedTask> {
    const row = await this.lock(em, taskId, user.id);
    const task = hydrate(em, ApprovalTask, row.task);
    const doc = hydrate(em, Document, row.document);
    // The assignee sees the document by definition; anyone else is checked.
    if (task.assigneeId !== user.id && !(await this.access.canSee(em, user, doc))) throw taskNotFound();
    // (No request: the function locked nothing, the task being someone else's when it looked.)
    if (task.assigneeId !== user.id || !row.request) throw notTheAssignee();
    // Routing never gives the submitter a task of their own document; should one reach them anyway
    // (a task written before that rule, a path routing does not know of), they still cannot decide it.
    if (doc.submitterId === user.id) throw submitterCannotDecide();
    return this.locked(em, row, task, doc);
  }

  /**
   * For a decision on someone else's task (an admin's reassignment; a recall, whose caller the
   * recall checks itself). 404 TASK_NOT_FOUND when the user may not see the document.
   */
  async forAnyone(em: EntityManager, user: AuthUser, taskId: string): Promise<LockedTask> {
    const row = await this.lock(em, taskId, null);
    const task = hydrate(em, ApprovalTask, row.task);
    const doc = hydrate(em, Document, row.document);
    if (task.assigneeId !== user.id && !(await this.access.canSee(em, user, doc))) throw taskNotFound();
    if (!row.request) throw notTheAssignee();
    return this.locked(em, row, task, doc);
  }

  private async lock(em: EntityManager, taskId: string, assigneeId: string | null): Promise<LockRow> {
    const [row] = await preparedQuery<LockRow>(
      em,
      'approvals_lock_task_for',
      `SELECT request, stage, task, document, stage_tasks FROM approvals_lock_task($1, $2)`,
      [taskId, assigneeId],
    );
    if (!row) throw taskNotFound();
    return row;
  }

  private locked(em: EntityManager, row: LockRow, task: ApprovalTask, doc: Document): LockedTask {
    return {
      task,
      stage: hydrate(em, ApprovalStage, row.stage!),
      request: hydrate(em, ApprovalRequest, row.request!),
      doc,
      stageTasks: row.stage_tasks ?? [],
    };
  }
}

const notTheAssignee = () => forbidden('NOT_TASK_ASSIGNEE', 'This task is not assigned to you');

/** Whether the task's request and stage are still open for decisions. */
export function isLive(request: ApprovalRequest, stage: ApprovalStage): boolean {
  return request.status === 'active' && stage.status === 'active';
}

/** 409 TASK_ALREADY_DECIDED unless the task's request and stage are still open for decisions. */
export function assertLive(request: ApprovalRequest, stage: ApprovalStage): void {
  if (!isLive(request, stage)) {
    throw conflict('TASK_ALREADY_DECIDED', 'The stage of this task is no longer open');
  }
}
