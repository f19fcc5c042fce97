import { expectTransitionTable } from '../../../test/support/transition-table.js';
import type { RequestStatus } from '../entities/approval-request.entity.js';
import {
  canRequestTransition,
  NEW_REQUEST_STATUS,
  nextRequestStatus,
  REQUEST_EVENTS,
  REQUEST_STATUSES,
  REQUEST_TRANSITIONS,
  type RequestEvent,
} from './request-state.js';

const R = 'REQUEST_TRANSITION_REFUSED';

/** Every status and event, written out by hand: the status it leads to, or the code it is refused with. */
const EXPECTED: Record<RequestStatus, Record<RequestEvent, string>> = {
  active: {
    block: 'blocked',
    route: R,
    approve: 'approved',
    reject: 'rejected',
    return: 'returned',
    resubmit: R,
    withdraw: 'withdrawn',
  },
  blocked: {
    block: R,
    route: 'active',
    approve: R,
    reject: R,
    return: R,
    resubmit: R,
    withdraw: 'withdrawn',
  },
  returned: {
    block: R,
    route: R,
    approve: R,
    reject: R,
    return: R,
    resubmit: 'active',
    withdraw: 'withdrawn',
  },
  approved: {
    block: R,
    route: R,
    approve: R,
    reject: R,
    return: R,
    resubmit: R,
    withdraw: R,
  },
  rejected: {
    block: R,
    route: R,
    approve: R,
    reject: R,
    return: R,
    resubmit: R,
    withdraw: R,
  },
  withdrawn: {
    block: R,
    route: R,
    approve: R,
    reject: R,
    return: R,
    resubmit: R,
    withdraw: R,
  },
};

describe('approval request lifecycle', () => {
  it('covers every status and event', () => {
    const statuses = ['active', 'approved', 'blocked', 'rejected', 'returned', 'withdrawn'];
    expect([...REQUEST_STATUSES].sort()).toEqual(statuses);
    expect(Object.keys(EXPECTED).sort()).toEqual(statuses);
    expect(Object.keys(REQUEST_TRANSITIONS).sort()).toEqual(statuses);
    expect([...REQUEST_EVENTS].sort()).toEqual(
      ['approve', 'block', 'reject', 'resubmit', 'return', 'route', 'withdraw'].sort(),
    );
  });

  it('allows exactly the transitions of the table and refuses every other with a coded 409', () => {
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

  it('a request starts active, and only approved, rejected and withdrawn end it', () => {
    expect(NEW_REQUEST_STATUS).toBe('active');
    const final = REQUEST_STATUSES.filter((s) => REQUEST_EVENTS.every((e) => !canRequestTransition(s, e)));
    expect(final.sort()).toEqual(['approved', 'rejected', 'withdrawn']);
  });
});
