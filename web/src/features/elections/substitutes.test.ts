import { describe, expect, it } from 'vitest';
import { substituteRuns } from './substitutes';

describe('the substitutes list', () => {
  it('puts substitutes tied on votes in one run of places, the others alone', () => {
    expect(
      substituteRuns([
        { candidateId: 'a', rank: 1, tied: false },
        { candidateId: 'b', rank: 2, tied: true },
        { candidateId: 'c', rank: 2, tied: true },
        { candidateId: 'd', rank: 2, tied: true },
        { candidateId: 'e', rank: 5, tied: true },
        { candidateId: 'f', rank: 5, tied: true },
      ]),
    ).toEqual([
      { from: 1, to: 1, candidateIds: ['a'], tied: false },
      { from: 2, to: 4, candidateIds: ['b', 'c', 'd'], tied: true },
      { from: 5, to: 6, candidateIds: ['e', 'f'], tied: true },
    ]);
  });

  it('lists substitutes the lot has ordered one by one', () => {
    expect(
      substituteRuns([
        { candidateId: 'b', rank: 1, tied: true },
        { candidateId: 'c', rank: 2, tied: true },
      ]).map((r) => [r.from, r.to]),
    ).toEqual([
      [1, 1],
      [2, 2],
    ]);
  });
});
