import { conflict } from '../../common/errors/domain-error.js';
import type { StageStatus } from '../entities/approval-stage.entity.js';

export const STAGE_STATUSES: readonly StageStatus[] = [
  'pending',
  'active',
  'approved',
  'rejected',
  'returned',
  'cancelled',
  'blocked',
];

/**
 * The lifecycle of one stage of an approval request, as data:
 *
 *   pending ──activate──> active        (its tasks are routed)
 *   pending ──block──> blocked          (nobody to route to)
 *   blocked ──route──> active           (an admin routes it to someone)
 *   active ──complete──> approved       (its mode is satisfied)
 *   active ──reject──> rejected, active ──return──> returned
 *   approved ──reopen──> active         (an approval of it is recalled)
 *   active ──reset──> pending           (the stage before it reopened before anyone here acted)
 *   pending, approved, returned ──restart──> pending   (the document is resubmitted)
 *   active, blocked ──cancel──> cancelled              (the document is withdrawn)
 *
 * Rejected and cancelled are final: a rejected document is not resubmitted, a withdrawn one is
 * not either. The services keep their own guards (with the codes the API documents, such as
 * `TASK_ALREADY_DECIDED` or `TASK_NOT_RECALLABLE`) in front of these calls; a refusal here means a
 * path reached a stage in a status the lifecycle does not allow.
 */
export type StageEvent =
  | 'activate'
  | 'block'
  | 'route'
  | 'complete'
  | 'reject'
  | 'return'
  | 'reopen'
  | 'reset'
  | 'restart'
  | 'cancel';
export const STAGE_EVENTS: readonly StageEvent[] = [
  'activate',
  'block',
  'route',
  'complete',
  'reject',
  'return',
  'reopen',
  'reset',
  'restart',
  'cancel',
];

export const STAGE_TRANSITIONS: Readonly<
  Record<StageStatus, Readonly<Partial<Record<StageEvent, StageStatus>>>>
> = {
  pending: { activate: 'active', block: 'blocked', restart: 'pending' },
  active: {
    complete: 'approved',
    reject: 'rejected',
    return: 'returned',
    reset: 'pending',
    cancel: 'cancelled',
  },
  approved: { reopen: 'active', restart: 'pending' },
  rejected: {},
  returned: { restart: 'pending' },
  cancelled: {},
  blocked: { route: 'active', cancel: 'cancelled' },
};

export function canStageTransition(from: StageStatus, event: StageEvent): boolean {
  return STAGE_TRANSITIONS[from][event] !== undefined;
}

/** The statuses `event` leaves from (for a bulk update such as the withdrawal's). */
export const stageStatusesFor = (event: StageEvent): StageStatus[] =>
  STAGE_STATUSES.filter((s) => canStageTransition(s, event));

/** The status after `event`, or a 409 `STAGE_TRANSITION_REFUSED`. */
export function nextStageStatus(from: StageStatus, event: StageEvent): StageStatus {
  const to = STAGE_TRANSITIONS[from][event];
  if (to === undefined) {
    throw conflict('STAGE_TRANSITION_REFUSED', `A stage in status '${from}' cannot take '${event}'`, {
      status: from,
      event,
    });
  }
  return to;
}
