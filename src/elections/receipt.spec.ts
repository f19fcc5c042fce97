import { newReceipt } from './receipt.js';

describe('receipt codes', () => {
  it('are 20 Crockford base32 characters (100 bits) in groups of five, all different', () => {
    const codes = Array.from({ length: 2000 }, newReceipt);
    for (const c of codes) expect(c).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$/);
    expect(new Set(codes).size).toBe(codes.length);
    // Every symbol turns up: the alphabet is used uniformly enough to carry its 5 bits.
    expect(new Set(codes.join('').replace(/-/g, '')).size).toBe(32);
  });
});
