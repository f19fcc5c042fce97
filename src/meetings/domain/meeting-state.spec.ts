import { expectTransitionTable } from '../../../test/support/transition-table.js';
import { MEETING_STATUSES, MINUTES_STATUSES, type MeetingStatus } from '../entities/meeting.entity.js';
import {
  canMeetingTransition,
  lifecycleStatus,
  MEETING_EVENTS,
  MEETING_TRANSITIONS,
  type MeetingEvent,
  nextMeetingStatus,
} from './meeting-state.js';

/** Every status and event, written out by hand: the status it leads to, or the code it is refused with. */
const EXPECTED: Record<MeetingStatus, Record<MeetingEvent, string>> = {
  scheduled: { hold: 'held', record: 'scheduled', reschedule: 'scheduled', cancel: 'cancelled' },
  held: {
    hold: 'MEETING_ALREADY_HELD',
    record: 'held',
    reschedule: 'MEETING_ALREADY_HELD',
    cancel: 'MEETING_ALREADY_HELD',
  },
  cancelled: {
    hold: 'MEETING_CANCELLED',
    record: 'MEETING_CANCELLED',
    reschedule: 'MEETING_CANCELLED',
    cancel: 'MEETING_CANCELLED',
  },
};

describe('meeting lifecycle', () => {
  it('covers every status and event', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...MEETING_STATUSES].sort());
    expect(Object.keys(MEETING_TRANSITIONS).sort()).toEqual([...MEETING_STATUSES].sort());
    expect([...MEETING_EVENTS].sort()).toEqual(['cancel', 'hold', 'record', 'reschedule']);
  });

  it('allows exactly the transitions of the table and refuses every other with its coded 409', () => {
    expectTransitionTable(
      {
        statuses: MEETING_STATUSES,
        events: MEETING_EVENTS,
        can: canMeetingTransition,
        next: nextMeetingStatus,
      },
      EXPECTED,
    );
  });

  it('a held meeting took place: never moved or cancelled, still recorded', () => {
    expect(() => nextMeetingStatus('held', 'cancel')).toThrow(
      expect.objectContaining({ code: 'MEETING_ALREADY_HELD' }),
    );
    expect(nextMeetingStatus('held', 'record')).toBe('held');
  });

  it('reads minutes submitted or approved as a meeting that was held', () => {
    const expected: Record<string, MeetingStatus> = {
      'scheduled/none': 'scheduled',
      'scheduled/draft': 'scheduled',
      'scheduled/in_approval': 'held',
      'scheduled/approved': 'held',
      'held/none': 'held',
      'held/draft': 'held',
      'held/in_approval': 'held',
      'held/approved': 'held',
      'cancelled/none': 'cancelled',
      'cancelled/draft': 'cancelled',
      'cancelled/in_approval': 'cancelled',
      'cancelled/approved': 'cancelled',
    };
    for (const status of MEETING_STATUSES) {
      for (const minutesStatus of MINUTES_STATUSES) {
        const key = `${status}/${minutesStatus}`;
        expect([key, lifecycleStatus({ status, minutesStatus })]).toEqual([key, expected[key]]);
      }
    }
  });
});
