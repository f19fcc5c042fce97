import { describe, expect, it } from 'vitest';
import { khmerDate, khmerDigits } from './khmer-format';

describe('Khmer dates and numbers without Intl data', () => {
  it('writes Khmer digits', () => {
    expect(khmerDigits('SYS/2026/00042, 1,234.5')).toBe('SYS/២០២៦/០០០៤២, ១,២៣៤.៥');
  });
  it('writes the day, the Khmer month and the year, and the time when asked', () => {
    const d = new Date(2026, 11, 5, 6, 34);
    expect(khmerDate(d)).toBe('៥ ធ្នូ ២០២៦');
    expect(khmerDate(d, true)).toBe('៥ ធ្នូ ២០២៦ ម៉ោង ០៦:៣៤');
    expect(khmerDate(new Date(2027, 0, 31))).toBe('៣១ មករា ២០២៧');
  });
});
