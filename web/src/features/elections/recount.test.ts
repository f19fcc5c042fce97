import { describe, expect, it } from 'vitest';
import { recountBallots } from './recount';

const published = {
  ballotsCast: 4,
  blankBallots: 1,
  candidates: [
    { candidateId: 'a', votes: 3 },
    { candidateId: 'b', votes: 1 },
    { candidateId: 'c', votes: 0 },
  ],
};

describe('a recount from the published ballots', () => {
  it('agrees when every count, the ballots and the blank ones are the published ones', () => {
    const ballots = [{ choices: ['a', 'b'] }, { choices: ['a'] }, { choices: ['a'] }, { choices: [] }];
    expect(recountBallots(ballots, published)).toEqual({
      ballots: 4,
      blank: 1,
      differences: [],
      agrees: true,
    });
  });

  it('names each candidate whose votes differ, and a candidate the results leave out', () => {
    const ballots = [{ choices: ['a', 'b'] }, { choices: ['b'] }, { choices: ['a', 'x'] }, { choices: [] }];
    const r = recountBallots(ballots, published);
    expect(r.agrees).toBe(false);
    expect(r.differences).toEqual([
      { candidateId: 'a', published: 3, counted: 2 },
      { candidateId: 'b', published: 1, counted: 2 },
      { candidateId: 'x', published: 0, counted: 1 },
    ]);
  });

  it('does not agree when a ballot is missing or a blank one is not counted as blank', () => {
    expect(
      recountBallots([{ choices: ['a', 'b'] }, { choices: ['a'] }, { choices: ['a'] }], published).agrees,
    ).toBe(false);
    const noBlank = [{ choices: ['a', 'b'] }, { choices: ['a'] }, { choices: ['a'] }, { choices: ['c'] }];
    expect(recountBallots(noBlank, published)).toMatchObject({ blank: 0, agrees: false });
  });

  it('counts a candidate named twice on one ballot once', () => {
    const ballots = [{ choices: ['a', 'a', 'b'] }, { choices: ['a'] }, { choices: ['a'] }, { choices: [] }];
    expect(recountBallots(ballots, published).agrees).toBe(true);
  });
});
