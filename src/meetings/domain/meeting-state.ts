import { conflict, type DomainError } from '../../common/errors/domain-error.js';
import type { MeetingStatus, MinutesStatus } from '../entities/meeting.entity.js';

/**
 * The lifecycle of a meeting, as data:
 *
 *   scheduled ──hold──> held         (it has begun and someone was recorded present)
 *   scheduled ──cancel──> cancelled  (only before it was held)
 *   scheduled ──reschedule──> scheduled
 *   scheduled, held ──record──> (unchanged)   attendance and minutes are recorded
 *
 * A held meeting took place: it is never moved or cancelled. A cancelled meeting takes no record.
 * `nextMeetingStatus` is the only place a meeting's status changes; whether it has begun (a
 * clock) is the caller's guard, as for elections' schedules.
 */
export type MeetingEvent = 'hold' | 'record' | 'reschedule' | 'cancel';
export const MEETING_EVENTS: readonly MeetingEvent[] = ['hold', 'record', 'reschedule', 'cancel'];

export const MEETING_TRANSITIONS: Readonly<
  Record<MeetingStatus, Readonly<Partial<Record<MeetingEvent, MeetingStatus>>>>
> = {
  scheduled: { hold: 'held', record: 'scheduled', reschedule: 'scheduled', cancel: 'cancelled' },
  held: { record: 'held' },
  cancelled: {},
};

const REFUSALS: Readonly<Record<MeetingEvent, string>> = {
  hold: 'The meeting cannot be marked held',
  record: 'The meeting takes no more records',
  reschedule: 'The meeting cannot be moved',
  cancel: 'The meeting cannot be cancelled',
};

export function canMeetingTransition(from: MeetingStatus, event: MeetingEvent): boolean {
  return MEETING_TRANSITIONS[from][event] !== undefined;
}

/** The status after `event`, or a coded 409: `MEETING_CANCELLED`, `MEETING_ALREADY_HELD`. */
export function nextMeetingStatus(from: MeetingStatus, event: MeetingEvent): MeetingStatus {
  const to = MEETING_TRANSITIONS[from][event];
  if (to === undefined) throw meetingRefusal(from, event);
  return to;
}

export function meetingRefusal(from: MeetingStatus, event: MeetingEvent): DomainError {
  const code = from === 'cancelled' ? 'MEETING_CANCELLED' : 'MEETING_ALREADY_HELD';
  const why = from === 'cancelled' ? 'it was cancelled' : 'it was held';
  return conflict(code, `${REFUSALS[event]}: ${why}`, { status: from, event });
}

/**
 * The status the table is read with. Minutes submitted or approved say the meeting took place,
 * whatever its row says (rows from before submission required a held meeting).
 */
export function lifecycleStatus(meeting: {
  status: MeetingStatus;
  minutesStatus: MinutesStatus;
}): MeetingStatus {
  if (
    meeting.status === 'scheduled' &&
    (meeting.minutesStatus === 'in_approval' || meeting.minutesStatus === 'approved')
  ) {
    return 'held';
  }
  return meeting.status;
}
