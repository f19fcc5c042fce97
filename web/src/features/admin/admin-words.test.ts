import { describe, expect, it } from 'vitest';
import en from '../../i18n/en/admin.json';
import km from '../../i18n/km/admin.json';

describe('the administration pages’ words', () => {
  it('name kinds of post as words, capitalised in English', () => {
    expect(en.units.kind).toEqual({ head: 'Head', deputy: 'Deputy head', member: 'Member' });
    expect(Object.values(km.units.kind).every((w) => /^[\u1780-\u17ff ]+$/.test(w))).toBe(true);
  });
});
