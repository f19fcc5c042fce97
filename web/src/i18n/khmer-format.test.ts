import { describe, expect, it } from 'vitest';
import { khmerDate, khmerDigits, todayInPhnomPenh } from './khmer-format';

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
