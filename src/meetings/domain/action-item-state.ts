import { conflict, type DomainError } from '../../common/errors/domain-error.js';
import type { ActionItemStatus } from '../entities/action-item.entity.js';

/**
 * The lifecycle of an action item, as data:
 *
 *   open ──progress──> in_progress ──complete──> done
 *     └──────────complete──────────────────────^  │
 *   in_progress, done ──reopen──> open            │
 *   done ──progress──> in_progress <──────────────┘ (taken up again)
 *   open, in_progress ──cancel──> cancelled ──revive──> open
 *
 * Its owner (or the meeting's secretary or chair) moves it by naming the new status
 * (`eventTo`); a done item is reopened before it is cancelled. A cancelled item was removed from
 * the minutes (or called off): only the minutes bring it back (`revive`, when it is written
 * into them again), so its owner cannot resurrect what the meeting dropped.
 */
export type ActionItemEvent = 'progress' | 'complete' | 'reopen' | 'cancel' | 'revive';
export const ACTION_ITEM_EVENTS: readonly ActionItemEvent[] = [
  'progress',
  'complete',
  'reopen',
  'cancel',
  'revive',
];

export const ACTION_ITEM_TRANSITIONS: Readonly<
  Record<ActionItemStatus, Readonly<Partial<Record<ActionItemEvent, ActionItemStatus>>>>
> = {
  open: { progress: 'in_progress', complete: 'done', cancel: 'cancelled' },
  in_progress: { complete: 'done', reopen: 'open', cancel: 'cancelled' },
  done: { progress: 'in_progress', reopen: 'open' },
  cancelled: { revive: 'open' },
};

/** The event an update naming status `to` asks for. */
export const eventTo: Readonly<Record<ActionItemStatus, ActionItemEvent>> = {
  open: 'reopen',
  in_progress: 'progress',
  done: 'complete',
  cancelled: 'cancel',
};

/** Statuses still waiting for work: listed for the next meeting, reminded when overdue. */
export const UNRESOLVED_ACTION_ITEM_STATUSES: readonly ActionItemStatus[] = ['open', 'in_progress'];

export const isUnresolved = (status: ActionItemStatus): boolean =>
  UNRESOLVED_ACTION_ITEM_STATUSES.includes(status);

export function canActionItemTransition(from: ActionItemStatus, event: ActionItemEvent): boolean {
  return ACTION_ITEM_TRANSITIONS[from][event] !== undefined;
}

/**
 * The status after `event`, or a coded 409: `ACTION_ITEM_CANCELLED` (only the minutes revive it),
 * `ACTION_ITEM_DONE` (a done item is reopened, not cancelled), `ACTION_ITEM_UNCHANGED` (already in
 * that status), `ACTION_ITEM_NOT_CANCELLED` (a revive of a live item).
 */
export function nextActionItemStatus(from: ActionItemStatus, event: ActionItemEvent): ActionItemStatus {
  const to = ACTION_ITEM_TRANSITIONS[from][event];
  if (to === undefined) throw actionItemRefusal(from, event);
  return to;
}

export function actionItemRefusal(from: ActionItemStatus, event: ActionItemEvent): DomainError {
  const details = { status: from, event };
  if (event === 'revive') {
    return conflict('ACTION_ITEM_NOT_CANCELLED', 'Only a cancelled action item is revived', details);
  }
  if (from === 'cancelled') {
    return conflict(
      'ACTION_ITEM_CANCELLED',
      'The action item was cancelled (removed from the minutes); write it into the minutes again to reopen it',
      details,
    );
  }
  if (eventTo[from] === event) {
    return conflict('ACTION_ITEM_UNCHANGED', `The action item is already ${from}`, details);
  }
  return conflict('ACTION_ITEM_DONE', 'A done action item is reopened, not cancelled', details);
}
