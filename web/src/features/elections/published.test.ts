import { describe, expect, it } from 'vitest';
import { inBallotOrder } from './published';

describe("a published ballot's choices", () => {
  const candidates = [
    { candidateId: 'f-id', ballotOrder: 3, fullName: 'Sok Dara' },
    { candidateId: 'a-id', ballotOrder: 12, fullName: 'Chan Thida' },
    { candidateId: 'c-id', ballotOrder: 1, fullName: 'Kim Sothea' },
    { candidateId: 'b-id', ballotOrder: null, fullName: 'Bun Rith' },
  ];
  it('are listed in ballot order, not in the order of their ids', () => {
    expect(inBallotOrder(['a-id', 'c-id', 'f-id'], candidates)).toEqual(['c-id', 'f-id', 'a-id']);
  });
  it('read the same whatever order they came in', () => {
    expect(inBallotOrder(['f-id', 'a-id', 'c-id'], candidates)).toEqual(
      inBallotOrder(['c-id', 'f-id', 'a-id'], candidates),
    );
  });
  it('put a candidate without a ballot place after the others, then by name', () => {
    expect(inBallotOrder(['b-id', 'a-id'], candidates)).toEqual(['a-id', 'b-id']);
  });
});
