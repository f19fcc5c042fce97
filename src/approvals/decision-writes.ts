import type { EntityManager } from 'typeorm';
import { preparedQuery } from '../database/prepared-query.js';
import type { ApprovalStage } from './entities/approval-stage.entity.js';
import type { ApprovalTask } from './entities/approval-task.entity.js';

/**
 * The two writes of every decision on a task, as named statements (src/database/prepared-query.ts:
 * planned once per connection). They are every approval's writes: TypeORM's `update` would build
 * the statement and PostgreSQL plan it anew each time (src/approvals/README.md, "Cost of a decision").
 */

/** Writes the task's decision: its status, when, by whom, and the comment. */
export async function writeTaskDecision(em: EntityManager, task: ApprovalTask): Promise<void> {
  await preparedQuery(
    em,
    'approvals_write_task_decision',
    `UPDATE approval_tasks SET status = $2, decided_at = $3, decided_by_id = $4, comment = $5 WHERE id = $1`,
    [task.id, task.status, task.decidedAt, task.decidedById, task.comment],
  );
}

/** Writes the stage's status and completion time (approved, rejected or returned by a decision). */
export async function writeStageCompletion(em: EntityManager, stage: ApprovalStage): Promise<void> {
  await preparedQuery(
    em,
    'approvals_write_stage_completion',
    `UPDATE approval_stages SET status = $2, completed_at = $3 WHERE id = $1`,
    [stage.id, stage.status, stage.completedAt],
  );
}
