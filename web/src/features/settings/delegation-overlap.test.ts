import { describe, expect, it } from 'vitest';
import { overlapping } from './delegation-overlap';

const budgetOnly = {
  id: 'b',
  startsAt: '2026-12-01T00:00:00Z',
  endsAt: '2026-12-31T00:00:00Z',
  documentTypes: ['budget_plan'],
};
const january = {
  id: 'j',
  startsAt: '2027-01-05T00:00:00Z',
  endsAt: '2027-01-10T00:00:00Z',
  documentTypes: null,
};

describe('a new delegation over an older one', () => {
  it('overlaps one whose dates meet it and whose documents it covers too', () => {
    const all = { startsAt: '2026-12-06T00:00:00Z', endsAt: '2026-12-11T00:00:00Z', documentTypes: null };
    expect(overlapping([budgetOnly, january], all).map((d) => d.id)).toEqual(['b']);
    const budget = { ...all, documentTypes: ['budget_plan'] };
    expect(overlapping([budgetOnly], budget).map((d) => d.id)).toEqual(['b']);
  });

  it('does not overlap other documents, other dates, or a period that ends as the next begins', () => {
    const letters = {
      startsAt: '2026-12-06T00:00:00Z',
      endsAt: '2026-12-11T00:00:00Z',
      documentTypes: ['letter'],
    };
    expect(overlapping([budgetOnly], letters)).toEqual([]);
    const february = {
      startsAt: '2027-02-01T00:00:00Z',
      endsAt: '2027-02-03T00:00:00Z',
      documentTypes: null,
    };
    expect(overlapping([budgetOnly, january], february)).toEqual([]);
    const after = { startsAt: '2027-01-10T00:00:00Z', endsAt: '2027-01-12T00:00:00Z', documentTypes: null };
    expect(overlapping([january], after)).toEqual([]);
  });

  it('does not count the same delegation made again (the server refuses that one)', () => {
    const again = { ...budgetOnly, toUserId: 'u1' };
    expect(overlapping([{ ...budgetOnly, toUserId: 'u1' }], again)).toEqual([]);
    expect(overlapping([{ ...budgetOnly, toUserId: 'u2' }], again).map((d) => d.id)).toEqual(['b']);
  });

  it('says nothing while the dates are not filled in', () => {
    expect(overlapping([budgetOnly], { startsAt: 'x', endsAt: '', documentTypes: null })).toEqual([]);
  });
});
