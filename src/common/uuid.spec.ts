import { isUuid } from './uuid.js';

describe('isUuid', () => {
  it('takes the text form of any version, in either case', () => {
    expect(isUuid('00000000-0000-0000-0000-000000000000')).toBe(true);
    expect(isUuid('3F2504E0-4F89-11D3-9A0C-0305E82C3301')).toBe(true);
    expect(isUuid(crypto.randomUUID())).toBe(true);
  });

  it('refuses anything else, other types included', () => {
    for (const v of [
      '',
      'not-a-uuid',
      '3f2504e0-4f89-11d3-9a0c-0305e82c330',
      '3f2504e04f8911d39a0c0305e82c3301',
    ]) {
      expect(isUuid(v)).toBe(false);
    }
    expect(isUuid(` ${crypto.randomUUID()}`)).toBe(false);
    expect(isUuid(undefined)).toBe(false);
    expect(isUuid(42)).toBe(false);
  });
});
