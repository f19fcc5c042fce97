import { addDays, firstOverdueReminderAt, hasStarted, isValidDay, utcDay } from './dates.js';

describe('dates', () => {
  it('adds days across months and years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
  it('validates calendar days', () => {
    expect(isValidDay('2026-02-29')).toBe(false);
    expect(isValidDay('2028-02-29')).toBe(true);
    expect(isValidDay('2026-1-01')).toBe(false);
  });
  it('first reminder is the morning after the due day', () => {
    expect(firstOverdueReminderAt('2026-11-30').toISOString()).toBe('2026-12-01T01:00:00.000Z');
    expect(utcDay(new Date('2026-11-30T23:59:59Z'))).toBe('2026-11-30');
  });
  it('#14 a meeting has started from its start time on, not before', () => {
    const now = new Date('2026-12-03T02:00:00.000Z');
    expect(hasStarted({ startsAt: new Date('2026-12-03T02:00:00.001Z') }, now)).toBe(false);
    expect(hasStarted({ startsAt: new Date('2026-12-03T02:00:00.000Z') }, now)).toBe(true);
    expect(hasStarted({ startsAt: new Date('2026-12-01T08:00:00.000Z') }, now)).toBe(true);
  });
});
