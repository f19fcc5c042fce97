import { isValidPeriod, periodEndKey, rollUp } from './periods.js';

describe('periods', () => {
  it('accepts quarters and months only', () => {
    expect(['2026-Q3', '2026-11', '2026-01'].every(isValidPeriod)).toBe(true);
    expect(['2026-Q5', '2026-13', '2026-1', '២០២៦-11', '2026'].some(isValidPeriod)).toBe(false);
  });
  it('orders a quarter before a later month', () => {
    expect(periodEndKey('2026-Q3')).toBeLessThan(periodEndKey('2026-11'));
    expect(periodEndKey('2026-Q4')).toBeGreaterThan(periodEndKey('2026-11'));
  });
});

describe('rollUp', () => {
  const groups = [
    { id: 'root', parentId: null },
    { id: 'a', parentId: 'root' },
    { id: 'b', parentId: 'root' },
    { id: 'b1', parentId: 'b' },
    { id: 'b2', parentId: 'b' },
  ];
  it('averages sub-groups recursively using each latest report', () => {
    const entries = rollUp('root', groups, [
      { groupId: 'a', period: '2026-Q2', progressPercent: 10 },
      { groupId: 'a', period: '2026-Q3', progressPercent: 40 },
      { groupId: 'b1', period: '2026-Q3', progressPercent: 60 },
      { groupId: 'b2', period: '2026-Q3', progressPercent: 100 },
      { groupId: 'root', period: '2026-Q3', progressPercent: 5 },
    ]);
    const by = new Map(entries.map((e) => [e.groupId, e]));
    expect(by.get('a')?.latest?.progressPercent).toBe(40);
    expect(by.get('b')?.rolledUpPercent).toBe(80);
    expect(by.get('root')?.rolledUpPercent).toBe(60);
    expect(by.get('root')?.latest?.progressPercent).toBe(5);
  });
  it('gives null for a group with no reports anywhere', () => {
    expect(rollUp('x', [{ id: 'x', parentId: null }], [])).toEqual([
      { groupId: 'x', latest: null, rolledUpPercent: null },
    ]);
  });
});
