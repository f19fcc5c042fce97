/** The fields of a meeting that say whether its minutes are due. */
interface MeetingState {
  status: string;
  startsAt: string;
  minutesStatus: string;
}

/**
 * A meeting that has begun (and was not cancelled) whose minutes are not written yet or still a
 * draft: its minutes are due. In a list it read "Scheduled · No minutes yet", as next week's did.
 */
export function minutesDue(m: MeetingState, now: number): boolean {
  return (
    m.status !== 'cancelled' &&
    Date.parse(m.startsAt) <= now &&
    (m.minutesStatus === 'none' || m.minutesStatus === 'draft')
  );
}
