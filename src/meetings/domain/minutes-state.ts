import { conflict, type DomainError } from '../../common/errors/domain-error.js';
import type { MinutesStatus } from '../entities/meeting.entity.js';

/**
 * The lifecycle of a meeting's minutes, as data:
 *
 *   none ──save──> draft ──submit──> in_approval ──approve──> approved ──correct──> approved
 *                    ^                    │                  (errata; the minutes stay locked)
 *                    └───────return───────┘ (returned, rejected or withdrawn by the chair's DWF)
 *
 * Attendance is part of the minutes: it is recorded while they are editable (`record_attendance`).
 * Submitting needs more than the table allows (a meeting that was held, with a quorum for
 * decisions): that rule is `submitBlock` in submission.ts. `nextMinutesStatus` is the only place
 * the minutes' status changes.
 */
export type MinutesEvent = 'save' | 'record_attendance' | 'submit' | 'approve' | 'return' | 'correct';
export const MINUTES_EVENTS: readonly MinutesEvent[] = [
  'save',
  'record_attendance',
  'submit',
  'approve',
  'return',
  'correct',
];

export const MINUTES_TRANSITIONS: Readonly<
  Record<MinutesStatus, Readonly<Partial<Record<MinutesEvent, MinutesStatus>>>>
> = {
  none: { save: 'draft', record_attendance: 'none' },
  draft: { save: 'draft', record_attendance: 'draft', submit: 'in_approval' },
  in_approval: { approve: 'approved', return: 'draft' },
  approved: { correct: 'approved' },
};

export function canMinutesTransition(from: MinutesStatus, event: MinutesEvent): boolean {
  return MINUTES_TRANSITIONS[from][event] !== undefined;
}

/**
 * The status after `event`, or a coded 409: `MINUTES_LOCKED` (approved), `MINUTES_IN_APPROVAL`,
 * `MINUTES_EMPTY` (nothing saved to submit), `MINUTES_NOT_IN_APPROVAL` (a decision with nothing in
 * approval), `MINUTES_NOT_APPROVED` (an erratum of minutes not approved).
 */
export function nextMinutesStatus(from: MinutesStatus, event: MinutesEvent): MinutesStatus {
  const to = MINUTES_TRANSITIONS[from][event];
  if (to === undefined) throw minutesRefusal(from, event);
  return to;
}

export function minutesRefusal(from: MinutesStatus, event: MinutesEvent): DomainError {
  const details = { status: from, event };
  if (event === 'approve' || event === 'return') {
    return conflict('MINUTES_NOT_IN_APPROVAL', 'The minutes are not in approval', details);
  }
  if (event === 'correct') {
    return conflict(
      'MINUTES_NOT_APPROVED',
      'Errata correct approved minutes; edit the draft instead',
      details,
    );
  }
  if (from === 'approved') {
    return conflict('MINUTES_LOCKED', 'The minutes are approved and locked; corrections are errata', details);
  }
  if (from === 'in_approval') {
    return conflict(
      'MINUTES_IN_APPROVAL',
      'The minutes are in approval; they can change once returned',
      details,
    );
  }
  return conflict('MINUTES_EMPTY', 'Save the minutes before submitting them', details);
}
