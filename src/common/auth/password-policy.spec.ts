import { weakPasswordReason } from './password-policy.js';

describe('weakPasswordReason', () => {
  it.each([
    ['short', 'too_short'],
    ['ពាក្យ', 'too_short'],
    ['password', 'common'],
    ['Password2026!', 'common'],
    ['12345678', 'common'],
    ['!!Cambodia2026', 'common'],
    ['Demo@2026', 'common'],
    ['QWERTYUIOP', 'common'],
    ['sophea-2026-x', 'has_username'],
    ['my.STAFF.key9', 'has_username'],
    ['abababab', 'repetitive'],
    ['11112222', 'repetitive'],
  ])('refuses %j (%s)', (password, reason) => {
    expect(weakPasswordReason(password, 'staff.sophea')).toBe(reason);
  });

  it.each([
    'Second-Pass-2026',
    'another-password-2',
    'ពាក្យសម្ងាត់ថ្មី២០២៦',
    'correct horse battery',
    'MyOwnChoice@2026',
  ])('accepts %j', (password) => {
    expect(weakPasswordReason(password, 'staff.sophea')).toBeNull();
  });

  it('a short part of the username (under 3 characters) is no reason', () => {
    expect(weakPasswordReason('Ly-Harbour-77', 'uss.ly')).toBeNull();
  });
});
