import { describe, expect, it } from 'vitest';
import {
  khmerDate,
  khmerDigits,
  ministryFieldValue,
  ministryInstant,
  minuteAfter,
  reportingPeriod,
  todayInPhnomPenh,
  typedNumber,
} from './khmer-format';

describe('Khmer dates and numbers without Intl data', () => {
  it('writes Khmer digits', () => {
    expect(khmerDigits('SYS/2026/00042, 1,234.5')).toBe('SYS/២០២៦/០០០៤២, ១,២៣៤.៥');
  });
  it('writes the day, the Khmer month and the year, and the time when asked, in Phnom Penh time', () => {
    // 23:34 UTC on the 4th is 06:34 on the 5th in Phnom Penh (UTC+7), whatever the machine's zone.
    const d = new Date('2026-12-04T23:34:00Z');
    expect(khmerDate(d)).toBe('៥ ធ្នូ ២០២៦');
    expect(khmerDate(d, true)).toBe('៥ ធ្នូ ២០២៦ ម៉ោង ០៦:៣៤');
    expect(khmerDate(new Date('2027-01-30T17:00:00Z'))).toBe('៣១ មករា ២០២៧');
  });
  it("knows today's date in Phnom Penh, not in UTC", () => {
    // 02:30 on the 4th in Phnom Penh is still the 3rd in UTC.
    expect(todayInPhnomPenh(new Date('2026-12-03T19:30:00Z'))).toBe('2026-12-04');
    expect(todayInPhnomPenh(new Date('2026-12-03T16:59:00Z'))).toBe('2026-12-03');
  });
});

describe('reporting periods as people say them', () => {
  it('a quarter', () => {
    expect(reportingPeriod('2026-Q3', 'en')).toBe('Q3 2026');
    expect(reportingPeriod('2026-Q3', 'km')).toBe('ត្រីមាសទី៣ ឆ្នាំ២០២៦');
  });
  it('a month', () => {
    expect(reportingPeriod('2026-07', 'en')).toBe('July 2026');
    expect(reportingPeriod('2026-11', 'km')).toBe('ខែវិច្ឆិកា ឆ្នាំ២០២៦');
  });
  it('anything else as written', () => {
    expect(reportingPeriod('2026-13', 'km')).toBe('2026-13');
    expect(reportingPeriod('first half', 'en')).toBe('first half');
  });
});

describe('numbers as people type them', () => {
  it('reads Khmer and ASCII digits, grouped thousands and a decimal point', () => {
    expect(typedNumber('២០០០០')).toBe(20000);
    expect(typedNumber('២០,០០០')).toBe(20000);
    expect(typedNumber(' 15,000 ')).toBe(15000);
    expect(typedNumber('15 000')).toBe(15000);
    expect(typedNumber('1,234,567.5')).toBe(1234567.5);
    expect(typedNumber('-3')).toBe(-3);
    expect(typedNumber('0')).toBe(0);
  });
  it('is no number for anything else', () => {
    for (const text of ['', 'many', '15,00', '1,5', '15.000.000', '12a', '1 5', '--3'])
      expect([text, typedNumber(text)]).toEqual([text, undefined]);
  });
});

describe('times typed in a form are Phnom Penh times, whatever the device’s zone', () => {
  it('reads a date-and-time field as Phnom Penh time and writes an instant back in it', () => {
    expect(ministryInstant('2026-12-05T09:00')).toBe('2026-12-05T02:00:00.000Z');
    expect(ministryInstant('2026-12-05T03:30')).toBe('2026-12-04T20:30:00.000Z');
    expect(ministryInstant('2026-12-05')).toBe('2026-12-04T17:00:00.000Z');
    expect(ministryFieldValue('2026-12-05T02:00:00.000Z')).toBe('2026-12-05T09:00');
    expect(ministryFieldValue('2026-12-04T20:30:00Z')).toBe('2026-12-05T03:30');
    expect(ministryFieldValue(ministryInstant('2026-06-30T23:59'))).toBe('2026-06-30T23:59');
    expect(ministryFieldValue(null)).toBe('');
    expect(ministryFieldValue('not a time')).toBe('');
  });

  it('gives the minute after a field value, across the hour, the day and the year', () => {
    expect(minuteAfter('2026-12-05T09:00')).toBe('2026-12-05T09:01');
    expect(minuteAfter('2026-12-31T23:59')).toBe('2027-01-01T00:00');
    expect(minuteAfter('')).toBe('');
  });
});
