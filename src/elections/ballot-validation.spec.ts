import { validateBallot } from './ballot-validation.js';

const cands = new Set(['c1', 'c2', 'c3', 'c4']);

describe('validateBallot', () => {
  it('accepts a blank ballot', () => {
    expect(validateBallot([], cands, 2)).toEqual([]);
  });
  it('accepts up to maxChoices distinct candidates and sorts them', () => {
    expect(validateBallot(['c3', 'c1'], cands, 2)).toEqual(['c1', 'c3']);
  });
  it('refuses too many choices', () => {
    expect(() => validateBallot(['c1', 'c2', 'c3'], cands, 2)).toThrow(
      expect.objectContaining({ code: 'TOO_MANY_CHOICES', status: 400 }),
    );
  });
  it('refuses a duplicate', () => {
    expect(() => validateBallot(['c1', 'c1'], cands, 3)).toThrow(
      expect.objectContaining({ code: 'DUPLICATE_CANDIDATE' }),
    );
  });
  it('refuses an unknown or withdrawn candidate', () => {
    expect(() => validateBallot(['c1', 'zz'], cands, 3)).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_CANDIDATE' }),
    );
  });
});
