import { describe, expect, it } from 'vitest';
import { receiptKey } from './receipt';

describe('a receipt as typed', () => {
  const published = 'VVF6N-YRB1M-S07PE-Z2KBH';
  it('matches whatever its case, spaces and dashes', () => {
    for (const typed of [
      published,
      'vvf6n-yrb1m-s07pe-z2kbh',
      'VVF6NYRB1MS07PEZ2KBH',
      ' vvf6n yrb1m s07pe z2kbh ',
      'VVF6N-YRBIM-SO7PE-Z2KBH',
    ]) {
      expect(receiptKey(typed)).toBe(receiptKey(published));
    }
  });
  it('does not match another receipt', () => {
    expect(receiptKey('VVF6N-YRB1M-S07PE-Z2KBJ')).not.toBe(receiptKey(published));
  });
});
