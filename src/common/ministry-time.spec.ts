import { ministryDay } from './ministry-time.js';

describe('ministryDay', () => {
  it('is the day in Phnom Penh: 17:00 UTC is already the next day there, 16:59 is not', () => {
    expect(ministryDay(new Date('2026-12-03T16:59:59Z'))).toBe('2026-12-03');
    expect(ministryDay(new Date('2026-12-03T17:00:00Z'))).toBe('2026-12-04');
    expect(ministryDay(new Date('2026-12-31T17:30:00Z'))).toBe('2027-01-01');
  });
});
