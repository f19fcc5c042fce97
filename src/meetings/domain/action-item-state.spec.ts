import { expectTransitionTable } from '../../../test/support/transition-table.js';
import { ACTION_ITEM_STATUSES, type ActionItemStatus } from '../entities/action-item.entity.js';
import {
  ACTION_ITEM_EVENTS,
  ACTION_ITEM_TRANSITIONS,
  type ActionItemEvent,
  canActionItemTransition,
  eventTo,
  isUnresolved,
  nextActionItemStatus,
} from './action-item-state.js';

/** Every status and event, written out by hand: the status it leads to, or the code it is refused with. */
const EXPECTED: Record<ActionItemStatus, Record<ActionItemEvent, string>> = {
  open: {
    progress: 'in_progress',
    complete: 'done',
    reopen: 'ACTION_ITEM_UNCHANGED',
    cancel: 'cancelled',
    revive: 'ACTION_ITEM_NOT_CANCELLED',
  },
  in_progress: {
    progress: 'ACTION_ITEM_UNCHANGED',
    complete: 'done',
    reopen: 'open',
    cancel: 'cancelled',
    revive: 'ACTION_ITEM_NOT_CANCELLED',
  },
  done: {
    progress: 'in_progress',
    complete: 'ACTION_ITEM_UNCHANGED',
    reopen: 'open',
    cancel: 'ACTION_ITEM_DONE',
    revive: 'ACTION_ITEM_NOT_CANCELLED',
  },
  cancelled: {
    progress: 'ACTION_ITEM_CANCELLED',
    complete: 'ACTION_ITEM_CANCELLED',
    reopen: 'ACTION_ITEM_CANCELLED',
    cancel: 'ACTION_ITEM_CANCELLED',
    revive: 'open',
  },
};

describe('action item lifecycle', () => {
  it('covers every status and event', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...ACTION_ITEM_STATUSES].sort());
    expect(Object.keys(ACTION_ITEM_TRANSITIONS).sort()).toEqual([...ACTION_ITEM_STATUSES].sort());
    expect([...ACTION_ITEM_EVENTS].sort()).toEqual(['cancel', 'complete', 'progress', 'reopen', 'revive']);
  });

  it('allows exactly the transitions of the table and refuses every other with its coded 409', () => {
    expectTransitionTable(
      {
        statuses: ACTION_ITEM_STATUSES,
        events: ACTION_ITEM_EVENTS,
        can: canActionItemTransition,
        next: nextActionItemStatus,
      },
      EXPECTED,
    );
  });

  it('an update naming a status asks for the event that leads there', () => {
    expect(eventTo).toEqual({
      open: 'reopen',
      in_progress: 'progress',
      done: 'complete',
      cancelled: 'cancel',
    });
    for (const from of ACTION_ITEM_STATUSES) {
      for (const to of ACTION_ITEM_STATUSES) {
        if (canActionItemTransition(from, eventTo[to]))
          expect(nextActionItemStatus(from, eventTo[to])).toBe(to);
      }
    }
  });

  it('open and in progress are unresolved; done and cancelled are not', () => {
    expect(ACTION_ITEM_STATUSES.filter(isUnresolved)).toEqual(['open', 'in_progress']);
  });
});
