import { describe, expect, it } from 'vitest';
import { sharedNames } from './tell-apart';

describe('names shown for more than one person', () => {
  const people = [
    { userId: 'u1', fullName: 'Kim Sothea', fullNameKm: 'គីម សុធា' },
    { userId: 'u2', fullName: 'Kim Sothea', fullNameKm: 'គីម សុធា' },
    { userId: 'u3', fullName: 'Chan Dara', fullNameKm: 'ចាន់ ដារ៉ា' },
    { userId: 'u4', fullName: 'Chan Dara', fullNameKm: null },
  ];
  it('are the names two people share, in the language shown', () => {
    expect([...sharedNames(people, 'en')].sort()).toEqual(['Chan Dara', 'Kim Sothea']);
    // In Khmer one Chan Dara is 'ចាន់ ដារ៉ា' and the other (no Khmer name) 'Chan Dara': not shared.
    expect([...sharedNames(people, 'km')]).toEqual(['គីម សុធា']);
  });
  it('leave out one person listed twice', () => {
    expect(sharedNames([people[0]!, people[0]!], 'en').size).toBe(0);
  });
});
