import { type EntityManager, In } from 'typeorm';
import { nextTaskStatus } from './domain/state-machine.js';
import { ApprovalTask } from './entities/approval-task.entity.js';

const CANCELLED = nextTaskStatus('pending', 'cancel');

/**
 * Cancels the pending tasks of a request, or of one round of a stage, as decided at `at`.
 * Returns the ids of the tasks it cancelled (for the audit entry).
 */
export async function cancelPendingTasks(
  em: EntityManager,
  of: { requestId: string } | { stageId: string; round: number },
  at: Date,
): Promise<string[]> {
  const result = await em
    .createQueryBuilder()
    .update(ApprovalTask)
    .set({ status: CANCELLED, decidedAt: at })
    .where({ ...of, status: 'pending' })
    .returning(['id'])
    .execute();
  return (result.raw as { id: string }[]).map((r) => r.id);
}

/** Cancels the given pending tasks (known from rows read under the stage's lock). */
export async function cancelTasks(em: EntityManager, taskIds: string[], at: Date): Promise<void> {
  if (taskIds.length === 0) return;
  await em.update(ApprovalTask, { id: In(taskIds), status: 'pending' }, { status: CANCELLED, decidedAt: at });
}
