import { describe, expect, it } from 'vitest';
import type { TFunction } from 'i18next';
import { memberMarks, sharedNames } from './tell-apart';

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

describe('what tells a member apart', () => {
  const t = ((key: string, o: { number: string }) =>
    `${key}:${o.number}`) as unknown as TFunction<'elections'>;
  const m = {
    unitName: 'Department of ICT',
    unitNameKm: 'នាយកដ្ឋានព័ត៌មានវិទ្យា',
    memberNo: 'A-7',
    username: null,
  };
  it('is their unit (in the language shown) and member number; no sign-in name unless the API gave one', () => {
    expect(memberMarks(m, t, 'en')).toBe('Department of ICT · members.numberIs:A-7');
    expect(memberMarks(m, t, 'km')).toBe('នាយកដ្ឋានព័ត៌មានវិទ្យា · members.numberIs:A-7');
    expect(memberMarks({ ...m, username: 'dir.ict' }, t, 'en')).toBe(
      'Department of ICT · members.numberIs:A-7 · dir.ict',
    );
    expect(memberMarks({ unitName: null, unitNameKm: null, memberNo: null, username: null }, t, 'en')).toBe(
      '',
    );
  });
  it('keeps "No. A-7" together on a narrow screen: the space before the number does not break', () => {
    const said = ((_: string, o: { number: string }) =>
      `Member No. ${o.number}`) as unknown as TFunction<'elections'>;
    expect(memberMarks(m, said, 'en')).toBe('Department of ICT · Member No.\u00a0A-7');
  });
});
