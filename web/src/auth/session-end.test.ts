import { describe, expect, it } from 'vitest';
import { endReasonOf, loginNotice } from './session-end';

describe('why a session ended', () => {
  it('reads the reason of a SESSION_ENDED answer only', () => {
    expect(endReasonOf({ code: 'SESSION_ENDED', details: { reason: 'password_changed' } })).toBe(
      'password_changed',
    );
    expect(endReasonOf({ code: 'SESSION_ENDED', details: { reason: 'made-up' } })).toBeUndefined();
    expect(endReasonOf({ code: 'INVALID_REFRESH_TOKEN' })).toBeUndefined();
    expect(endReasonOf(null)).toBeUndefined();
  });

  it('names the sign-in page notice: the reason when known, else that the session expired', () => {
    expect(loginNotice(null, null)).toBeNull();
    expect(loginNotice(null, 'password_changed')).toBeNull();
    expect(loginNotice('1', null)).toBe('login.expired');
    expect(loginNotice('1', '<script>')).toBe('login.expired');
    expect(loginNotice('1', 'logout')).toBe('login.ended.logout');
  });
});
