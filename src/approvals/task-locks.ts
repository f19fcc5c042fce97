import type { EntityManager } from 'typeorm';
import { ApprovalRequest } from './entities/approval-request.entity.js';
import { ApprovalStage } from './entities/approval-stage.entity.js';
import { ApprovalTask } from './entities/approval-task.entity.js';

/**
 * Locks a task's request, stage and task rows, always in that order: every writer that touches
 * a task (decisions, escalation) takes the same order, so two of them never deadlock. The
 * decisions take it in one call, `approvals_lock_task` (migration LockTaskCallerFirst), which
 * locks request, stage, task and then the document (nothing when the task is not the caller's).
 */
export async function lockTaskRows(
  em: EntityManager,
  task: Pick<ApprovalTask, 'id' | 'requestId' | 'stageId'>,
): Promise<{ request: ApprovalRequest; stage: ApprovalStage; task: ApprovalTask }> {
  const lock = { mode: 'pessimistic_write' } as const;
  const request = await em.findOneOrFail(ApprovalRequest, { where: { id: task.requestId }, lock });
  const stage = await em.findOneOrFail(ApprovalStage, { where: { id: task.stageId }, lock });
  const locked = await em.findOneOrFail(ApprovalTask, { where: { id: task.id }, lock });
  return { request, stage, task: locked };
}
