import { conflict } from '../../common/errors/domain-error.js';
import type { RequestStatus } from '../entities/report-request.entity.js';

/**
 * The lifecycle of a request a group makes to the group above it, as data:
 *
 *   open, raised ──raise──> raised        (one level up; the service finds the parent group)
 *   open, raised ──accept──> accepted
 *   open, raised ──decline──> declined
 *   open, raised ──complete──> done
 *
 * The addressee's chair answers it once; an answered request is final (neither answered again nor
 * raised). Whether a group stands above the addressee is a question of the group tree, not of the
 * status: the service refuses a raise at the top with `NO_PARENT_GROUP`.
 */
export type RequestEvent = 'raise' | 'accept' | 'decline' | 'complete';
export const REQUEST_EVENTS: readonly RequestEvent[] = ['raise', 'accept', 'decline', 'complete'];

const UNANSWERED = {
  raise: 'raised',
  accept: 'accepted',
  decline: 'declined',
  complete: 'done',
} as const satisfies Record<RequestEvent, RequestStatus>;

export const REQUEST_TRANSITIONS: Readonly<
  Record<RequestStatus, Readonly<Partial<Record<RequestEvent, RequestStatus>>>>
> = {
  open: UNANSWERED,
  raised: UNANSWERED,
  accepted: {},
  declined: {},
  done: {},
};

/** The answer a chair gives (`RespondRequestDto.status`) names the event that leads there. */
export type RequestAnswer = 'accepted' | 'declined' | 'done';
export const answerEvent: Readonly<Record<RequestAnswer, RequestEvent>> = {
  accepted: 'accept',
  declined: 'decline',
  done: 'complete',
};

export function canRequestTransition(from: RequestStatus, event: RequestEvent): boolean {
  return REQUEST_TRANSITIONS[from][event] !== undefined;
}

/** The status after `event`, or a 409 `REQUEST_ALREADY_ANSWERED` (every refusal is of an answered request). */
export function nextRequestStatus(from: RequestStatus, event: RequestEvent): RequestStatus {
  const to = REQUEST_TRANSITIONS[from][event];
  if (to === undefined) {
    throw conflict('REQUEST_ALREADY_ANSWERED', 'The request has already been answered', {
      status: from,
      event,
    });
  }
  return to;
}
