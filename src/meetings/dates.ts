/** UTC calendar days as `YYYY-MM-DD` strings (what PostgreSQL `date` columns hold). */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return utcDay(d);
}

/** Overdue reminders go out at this UTC time of day (08:00 in Phnom Penh). */
export const REMINDER_HOUR_UTC = 1;

/** When the reminder for `day` is due. */
export function reminderTimeOn(day: string): Date {
  return new Date(`${day}T${String(REMINDER_HOUR_UTC).padStart(2, '0')}:00:00.000Z`);
}

/** An item due on `dueOn` is overdue from the next day on; its first reminder is that day. */
export function firstOverdueReminderAt(dueOn: string): Date {
  return reminderTimeOn(addDays(dueOn, 1));
}

export function isValidDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00.000Z`);
  return !Number.isNaN(d.getTime()) && utcDay(d) === s;
}

/**
 * Whether a meeting has begun (its start is not in the future). Only a meeting that has begun can
 * be held: attendance or minutes recorded earlier leave it scheduled.
 */
export function hasStarted(meeting: { startsAt: Date }, now: Date = new Date()): boolean {
  return meeting.startsAt.getTime() <= now.getTime();
}
