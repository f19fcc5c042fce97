import { describe, expect, it } from 'vitest';
import { entryTitle } from './audit-actions';

describe("an audit entry's title", () => {
  it('says what an account change was: a password reset, a disabled or enabled account', () => {
    expect(
      entryTitle({ action: 'user.updated', data: { passwordReset: true, mustChangePassword: true } }),
    ).toBe('user.password_reset');
    expect(entryTitle({ action: 'user.updated', data: { status: 'disabled' } })).toBe('user.disabled');
    expect(entryTitle({ action: 'user.updated', data: { status: 'active' } })).toBe('user.enabled');
    expect(entryTitle({ action: 'user.updated', data: { fullName: 'Sok' } })).toBe('user.updated');
  });

  it('says a refused sign-in to a disabled account apart from a wrong password', () => {
    expect(entryTitle({ action: 'auth.login_failed', data: { reason: 'account_disabled' } })).toBe(
      'auth.login_refused_disabled',
    );
    expect(entryTitle({ action: 'auth.login_failed', data: { reason: 'wrong_password' } })).toBe(
      'auth.login_failed',
    );
    expect(entryTitle({ action: 'task.approved', data: {} })).toBe('task.approved');
  });
});
