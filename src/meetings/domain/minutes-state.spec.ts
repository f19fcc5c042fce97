import { expectTransitionTable } from '../../../test/support/transition-table.js';
import { MINUTES_STATUSES, type MinutesStatus } from '../entities/meeting.entity.js';
import {
  canMinutesTransition,
  MINUTES_EVENTS,
  MINUTES_TRANSITIONS,
  type MinutesEvent,
  nextMinutesStatus,
} from './minutes-state.js';

/** Every status and event, written out by hand: the status it leads to, or the code it is refused with. */
const EXPECTED: Record<MinutesStatus, Record<MinutesEvent, string>> = {
  none: {
    save: 'draft',
    record_attendance: 'none',
    submit: 'MINUTES_EMPTY',
    approve: 'MINUTES_NOT_IN_APPROVAL',
    return: 'MINUTES_NOT_IN_APPROVAL',
    correct: 'MINUTES_NOT_APPROVED',
  },
  draft: {
    save: 'draft',
    record_attendance: 'draft',
    submit: 'in_approval',
    approve: 'MINUTES_NOT_IN_APPROVAL',
    return: 'MINUTES_NOT_IN_APPROVAL',
    correct: 'MINUTES_NOT_APPROVED',
  },
  in_approval: {
    save: 'MINUTES_IN_APPROVAL',
    record_attendance: 'MINUTES_IN_APPROVAL',
    submit: 'MINUTES_IN_APPROVAL',
    approve: 'approved',
    return: 'draft',
    correct: 'MINUTES_NOT_APPROVED',
  },
  approved: {
    save: 'MINUTES_LOCKED',
    record_attendance: 'MINUTES_LOCKED',
    submit: 'MINUTES_LOCKED',
    approve: 'MINUTES_NOT_IN_APPROVAL',
    return: 'MINUTES_NOT_IN_APPROVAL',
    correct: 'approved',
  },
};

describe('minutes lifecycle', () => {
  it('covers every status and event', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...MINUTES_STATUSES].sort());
    expect(Object.keys(MINUTES_TRANSITIONS).sort()).toEqual([...MINUTES_STATUSES].sort());
    expect([...MINUTES_EVENTS].sort()).toEqual(
      ['approve', 'correct', 'record_attendance', 'return', 'save', 'submit'].sort(),
    );
  });

  it('allows exactly the transitions of the table and refuses every other with its coded 409', () => {
    expectTransitionTable(
      {
        statuses: MINUTES_STATUSES,
        events: MINUTES_EVENTS,
        can: canMinutesTransition,
        next: nextMinutesStatus,
      },
      EXPECTED,
    );
  });

  it('goes none > draft > in_approval > approved, and back to draft when returned', () => {
    let s = nextMinutesStatus('none', 'save');
    s = nextMinutesStatus(s, 'submit');
    expect(nextMinutesStatus(s, 'return')).toBe('draft');
    expect(nextMinutesStatus(s, 'approve')).toBe('approved');
  });
});
