/**
 * When is a stage approved? Pure rules over the tasks of the stage's current round.
 *
 * - `any`: one approval.
 * - `all`: every approver's task approved.
 * - `quorum`: k approvers approved (k capped at the number of approvers, so a post that resolved to
 *   fewer people than k cannot block the stage forever; the cap is visible in the stage's `required`).
 *
 * A task added by SLA escalation stands in for the overdue task it escalated: its approval counts as
 * that approver's. Recalled and cancelled tasks count for nothing (not even as a slot).
 */
export type StageMode = 'all' | 'any' | 'quorum';

export type { TaskStatus } from './state-machine.js';
import type { TaskStatus } from './state-machine.js';

export interface StageTaskView {
  id: string;
  status: TaskStatus;
  /** Set on a task added by SLA escalation: the overdue task it stands in for. */
  escalatedFromTaskId?: string | null;
}

export interface StageOutcome {
  /** Approvals that count. */
  approvals: number;
  /** Approvals needed. */
  required: number;
  complete: boolean;
}

export function requiredApprovals(mode: StageMode, quorum: number | null | undefined, slots: number): number {
  if (slots === 0) return 1;
  if (mode === 'any') return 1;
  if (mode === 'all') return slots;
  return Math.max(1, Math.min(quorum ?? 1, slots));
}

export function evaluateStage(
  mode: StageMode,
  quorum: number | null | undefined,
  tasks: StageTaskView[],
): StageOutcome {
  const live = tasks.filter((t) => t.status !== 'recalled' && t.status !== 'cancelled');
  // A slot is one approver: a task that is not an escalation stand-in (recalled ones were replaced).
  const slots = live.filter((t) => !t.escalatedFromTaskId);
  const standIns = live.filter((t) => t.escalatedFromTaskId && t.status === 'approved');
  const satisfied = slots.filter(
    (s) => s.status === 'approved' || standIns.some((e) => e.escalatedFromTaskId === s.id),
  ).length;
  // An escalation target approving on an `any` stage counts even when it stands in for nobody known.
  const approvals = mode === 'any' ? live.filter((t) => t.status === 'approved').length : satisfied;
  const required = requiredApprovals(mode, quorum, slots.length);
  return { approvals, required, complete: approvals >= required && approvals > 0 };
}
