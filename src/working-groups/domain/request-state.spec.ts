import { expectTransitionTable } from '../../../test/support/transition-table.js';
import { REQUEST_STATUSES, type RequestStatus } from '../entities/report-request.entity.js';
import {
  answerEvent,
  canRequestTransition,
  REQUEST_EVENTS,
  REQUEST_TRANSITIONS,
  type RequestEvent,
  nextRequestStatus,
} from './request-state.js';

/** Every status and event, written out by hand: the status it leads to, or the code it is refused with. */
const EXPECTED: Record<RequestStatus, Record<RequestEvent, string>> = {
  open: { raise: 'raised', accept: 'accepted', decline: 'declined', complete: 'done' },
  raised: { raise: 'raised', accept: 'accepted', decline: 'declined', complete: 'done' },
  accepted: {
    raise: 'REQUEST_ALREADY_ANSWERED',
    accept: 'REQUEST_ALREADY_ANSWERED',
    decline: 'REQUEST_ALREADY_ANSWERED',
    complete: 'REQUEST_ALREADY_ANSWERED',
  },
  declined: {
    raise: 'REQUEST_ALREADY_ANSWERED',
    accept: 'REQUEST_ALREADY_ANSWERED',
    decline: 'REQUEST_ALREADY_ANSWERED',
    complete: 'REQUEST_ALREADY_ANSWERED',
  },
  done: {
    raise: 'REQUEST_ALREADY_ANSWERED',
    accept: 'REQUEST_ALREADY_ANSWERED',
    decline: 'REQUEST_ALREADY_ANSWERED',
    complete: 'REQUEST_ALREADY_ANSWERED',
  },
};

describe('request to the parent group lifecycle', () => {
  it('covers every status and event', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...REQUEST_STATUSES].sort());
    expect(Object.keys(REQUEST_TRANSITIONS).sort()).toEqual([...REQUEST_STATUSES].sort());
    expect([...REQUEST_EVENTS].sort()).toEqual(['accept', 'complete', 'decline', 'raise']);
  });

  it('allows exactly the transitions of the table and refuses every other with its coded 409', () => {
    expectTransitionTable(
      {
        statuses: REQUEST_STATUSES,
        events: REQUEST_EVENTS,
        can: canRequestTransition,
        next: nextRequestStatus,
      },
      EXPECTED,
    );
  });

  it('an answer names the event that leads to it', () => {
    expect(answerEvent).toEqual({ accepted: 'accept', declined: 'decline', done: 'complete' });
    for (const [answer, event] of Object.entries(answerEvent)) {
      expect(nextRequestStatus('open', event)).toBe(answer);
    }
  });
});
