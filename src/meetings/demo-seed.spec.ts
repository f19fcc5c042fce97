import { nineInPhnomPenh } from './demo-seed.js';

describe("the demo's meeting times", () => {
  it("puts yesterday's meeting on the ministry's yesterday, also late in the UTC evening", () => {
    // 19:47 UTC on 4 December is 02:47 on 5 December in Phnom Penh: yesterday there is the 4th.
    const lateEvening = new Date('2026-12-04T19:47:00Z');
    expect(nineInPhnomPenh(-1, lateEvening).toISOString()).toBe('2026-12-04T02:00:00.000Z');
    expect(nineInPhnomPenh(7, lateEvening).toISOString()).toBe('2026-12-12T02:00:00.000Z');
  });

  it('is the same day in both clocks in the morning', () => {
    const morning = new Date('2026-12-04T03:00:00Z');
    expect(nineInPhnomPenh(-1, morning).toISOString()).toBe('2026-12-03T02:00:00.000Z');
  });
});
