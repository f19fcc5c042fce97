import { conflict } from '../../common/errors/domain-error.js';
import type { RequestStatus } from '../entities/approval-request.entity.js';

export const REQUEST_STATUSES: readonly RequestStatus[] = [
  'active',
  'blocked',
  'approved',
  'rejected',
  'returned',
  'withdrawn',
];

/** A request is created `active` by the document's first submission. */
export const NEW_REQUEST_STATUS: RequestStatus = 'active';

/**
 * The lifecycle of a document's approval request, as data:
 *
 *   active ──block──> blocked        (a stage it activates routes to nobody)
 *   blocked ──route──> active        (an admin routes the stage to someone)
 *   active ──approve──> approved     (its last stage is approved: the sign-off)
 *   active ──reject──> rejected, active ──return──> returned     (a task's decision)
 *   returned ──resubmit──> active    (the submitter sends the document again: a new round)
 *   active, blocked, returned ──withdraw──> withdrawn            (the submitter takes it back)
 *
 * Approved, rejected and withdrawn are final. The services keep their own guards (with the codes
 * the API documents, such as `TASK_ALREADY_DECIDED` or `REQUEST_NOT_BLOCKED`) in front of these
 * calls; a refusal here means a path reached a request in a status the lifecycle does not allow.
 */
export type RequestEvent = 'block' | 'route' | 'approve' | 'reject' | 'return' | 'resubmit' | 'withdraw';
export const REQUEST_EVENTS: readonly RequestEvent[] = [
  'block',
  'route',
  'approve',
  'reject',
  'return',
  'resubmit',
  'withdraw',
];

export const REQUEST_TRANSITIONS: Readonly<
  Record<RequestStatus, Readonly<Partial<Record<RequestEvent, RequestStatus>>>>
> = {
  active: {
    block: 'blocked',
    approve: 'approved',
    reject: 'rejected',
    return: 'returned',
    withdraw: 'withdrawn',
  },
  blocked: { route: 'active', withdraw: 'withdrawn' },
  returned: { resubmit: 'active', withdraw: 'withdrawn' },
  approved: {},
  rejected: {},
  withdrawn: {},
};

export function canRequestTransition(from: RequestStatus, event: RequestEvent): boolean {
  return REQUEST_TRANSITIONS[from][event] !== undefined;
}

/** The status after `event`, or a 409 `REQUEST_TRANSITION_REFUSED`. */
export function nextRequestStatus(from: RequestStatus, event: RequestEvent): RequestStatus {
  const to = REQUEST_TRANSITIONS[from][event];
  if (to === undefined) {
    throw conflict('REQUEST_TRANSITION_REFUSED', `A request in status '${from}' cannot take '${event}'`, {
      status: from,
      event,
    });
  }
  return to;
}
