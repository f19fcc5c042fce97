import { expectTransitionTable } from '../../../test/support/transition-table.js';
import { ERRATUM_STATUSES, type ErratumStatus } from '../entities/minutes-erratum.entity.js';
import {
  canErratumTransition,
  ERRATUM_EVENTS,
  ERRATUM_TRANSITIONS,
  type ErratumEvent,
  nextErratumStatus,
} from './erratum-state.js';

/** Every status and event, written out by hand: the status it leads to, or the code it is refused with. */
const EXPECTED: Record<ErratumStatus, Record<ErratumEvent, string>> = {
  in_approval: { approve: 'approved', reject: 'rejected' },
  approved: { approve: 'ERRATUM_ALREADY_DECIDED', reject: 'ERRATUM_ALREADY_DECIDED' },
  rejected: { approve: 'ERRATUM_ALREADY_DECIDED', reject: 'ERRATUM_ALREADY_DECIDED' },
};

describe('erratum lifecycle', () => {
  it('allows exactly the transitions of the table and refuses every other with its coded 409', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...ERRATUM_STATUSES].sort());
    expect(Object.keys(ERRATUM_TRANSITIONS).sort()).toEqual([...ERRATUM_STATUSES].sort());
    expect([...ERRATUM_EVENTS].sort()).toEqual(['approve', 'reject']);
    expectTransitionTable(
      {
        statuses: ERRATUM_STATUSES,
        events: ERRATUM_EVENTS,
        can: canErratumTransition,
        next: nextErratumStatus,
      },
      EXPECTED,
    );
  });
});
