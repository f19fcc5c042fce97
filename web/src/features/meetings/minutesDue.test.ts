import { describe, expect, it } from 'vitest';
import { minutesDue } from './minutesDue';

const now = Date.parse('2026-12-04T10:00:00Z');
const yesterday = '2026-12-03T02:00:00Z';
const nextWeek = '2026-12-11T02:00:00Z';

describe('minutes due', () => {
  it('once a meeting has begun, until its minutes are submitted', () => {
    expect(minutesDue({ status: 'scheduled', startsAt: yesterday, minutesStatus: 'none' }, now)).toBe(true);
    expect(minutesDue({ status: 'held', startsAt: yesterday, minutesStatus: 'draft' }, now)).toBe(true);
    expect(minutesDue({ status: 'held', startsAt: yesterday, minutesStatus: 'in_approval' }, now)).toBe(
      false,
    );
    expect(minutesDue({ status: 'held', startsAt: yesterday, minutesStatus: 'approved' }, now)).toBe(false);
  });

  it('not before the meeting, nor for a cancelled one', () => {
    expect(minutesDue({ status: 'scheduled', startsAt: nextWeek, minutesStatus: 'none' }, now)).toBe(false);
    expect(minutesDue({ status: 'cancelled', startsAt: yesterday, minutesStatus: 'none' }, now)).toBe(false);
  });
});
