import { expectTransitionTable } from '../../../test/support/transition-table.js';
import type { StageStatus } from '../entities/approval-stage.entity.js';
import {
  canStageTransition,
  nextStageStatus,
  STAGE_EVENTS,
  STAGE_STATUSES,
  STAGE_TRANSITIONS,
  type StageEvent,
  stageStatusesFor,
} from './stage-state.js';

const R = 'STAGE_TRANSITION_REFUSED';

/** Every status and event, written out by hand: the status it leads to, or the code it is refused with. */
const EXPECTED: Record<StageStatus, Record<StageEvent, string>> = {
  pending: {
    activate: 'active',
    block: 'blocked',
    route: R,
    complete: R,
    reject: R,
    return: R,
    reopen: R,
    reset: R,
    restart: 'pending',
    cancel: R,
  },
  active: {
    activate: R,
    block: R,
    route: R,
    complete: 'approved',
    reject: 'rejected',
    return: 'returned',
    reopen: R,
    reset: 'pending',
    restart: R,
    cancel: 'cancelled',
  },
  approved: {
    activate: R,
    block: R,
    route: R,
    complete: R,
    reject: R,
    return: R,
    reopen: 'active',
    reset: R,
    restart: 'pending',
    cancel: R,
  },
  rejected: {
    activate: R,
    block: R,
    route: R,
    complete: R,
    reject: R,
    return: R,
    reopen: R,
    reset: R,
    restart: R,
    cancel: R,
  },
  returned: {
    activate: R,
    block: R,
    route: R,
    complete: R,
    reject: R,
    return: R,
    reopen: R,
    reset: R,
    restart: 'pending',
    cancel: R,
  },
  cancelled: {
    activate: R,
    block: R,
    route: R,
    complete: R,
    reject: R,
    return: R,
    reopen: R,
    reset: R,
    restart: R,
    cancel: R,
  },
  blocked: {
    activate: R,
    block: R,
    route: 'active',
    complete: R,
    reject: R,
    return: R,
    reopen: R,
    reset: R,
    restart: R,
    cancel: 'cancelled',
  },
};

describe('approval stage lifecycle', () => {
  it('covers every status and event', () => {
    expect([...STAGE_STATUSES].sort()).toEqual(
      ['active', 'approved', 'blocked', 'cancelled', 'pending', 'rejected', 'returned'].sort(),
    );
    expect(Object.keys(EXPECTED).sort()).toEqual([...STAGE_STATUSES].sort());
    expect(Object.keys(STAGE_TRANSITIONS).sort()).toEqual([...STAGE_STATUSES].sort());
    expect([...STAGE_EVENTS].sort()).toEqual(
      [
        'activate',
        'block',
        'cancel',
        'complete',
        'reject',
        'reopen',
        'reset',
        'restart',
        'return',
        'route',
      ].sort(),
    );
  });

  it('allows exactly the transitions of the table and refuses every other with a coded 409', () => {
    expectTransitionTable(
      { statuses: STAGE_STATUSES, events: STAGE_EVENTS, can: canStageTransition, next: nextStageStatus },
      EXPECTED,
    );
  });

  it('a withdrawal cancels the active and the blocked stage only', () => {
    expect(stageStatusesFor('cancel')).toEqual(['active', 'blocked']);
    expect(stageStatusesFor('restart')).toEqual(['pending', 'approved', 'returned']);
  });
});
