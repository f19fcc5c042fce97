import { secureShuffle } from './secure-shuffle.js';

describe('secureShuffle', () => {
  it('returns a permutation of a copy, leaving the input as it was', () => {
    const input = Object.freeze(Array.from({ length: 50 }, (_, i) => i));
    const out = secureShuffle(input);
    expect(out).not.toBe(input);
    expect([...out].sort((a, b) => a - b)).toEqual(input);
  });

  it('puts every item first about equally often', () => {
    const firsts = [0, 0, 0, 0];
    for (let k = 0; k < 4000; k++) firsts[secureShuffle([0, 1, 2, 3])[0]]++;
    for (const n of firsts) expect(n).toBeGreaterThan(800); // 1000 expected; 800 is > 6 sigma away
  });
});
