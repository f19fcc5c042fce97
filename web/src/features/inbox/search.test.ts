import { describe, expect, it } from 'vitest';
import { matches } from './search';

describe('inbox search', () => {
  it('finds a Khmer substring inside a title without spaces', () => {
    expect(matches('ថវិកា', 'ផែនការថវិកាឆ្នាំ២០២៧')).toBe(true);
    expect(matches('ប្រជុំ', 'ផែនការថវិកាឆ្នាំ២០២៧')).toBe(false);
  });
  it('ignores case and zero-width spaces', () => {
    expect(matches('budget', 'Annual BUDGET plan')).toBe(true);
    expect(matches('ថវិកា', 'ផែនការ\u200bថវិកា')).toBe(true);
  });
});
