import type { EntityManager } from 'typeorm';
import { ApprovalStage } from './entities/approval-stage.entity.js';
import { ApprovalTask } from './entities/approval-task.entity.js';

/**
 * Gives a pending task to `to` (acting for nobody) and writes on its stage's route that it changed
 * hands: to whom, from whom and, when given, why. Without the note the route showed only its holder
 * now, as if it had always been theirs. In the caller's transaction, with the task and stage locked.
 */
export async function handTaskOver(
  em: EntityManager,
  task: ApprovalTask,
  stage: ApprovalStage,
  change: { to: string; outcome: 'reassigned_by_admin' | 'taken_back'; reason?: string },
): Promise<void> {
  const from = task.assigneeId;
  task.assigneeId = change.to;
  task.actingForId = null;
  await em.update(ApprovalTask, task.id, { assigneeId: change.to, actingForId: null });
  stage.routingNotes = [
    ...stage.routingNotes,
    {
      approver: { userId: change.to },
      outcome: change.outcome,
      userId: change.to,
      fromUserId: from,
      ...(change.reason === undefined ? {} : { reason: change.reason }),
    },
  ];
  await em.update(ApprovalStage, stage.id, { routingNotes: stage.routingNotes });
}
