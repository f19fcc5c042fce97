import { createUser, login } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const NEW_PASSWORD = 'Another-Pass-2026';

/** #15 a signed-in user changes their own password; every other login of theirs ends at once. */
describe('#15 self-service password change: POST /auth/password', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Two free failures per (username, address) pair, as in the login tests; addresses from X-Forwarded-For.
    t = await createTestApp({ LOGIN_MAX_FAILURES: '2', LOGIN_LOCK_MINUTES: '1', TRUST_PROXY: 'true' });
  });
  afterAll(async () => {
    await t.close();
  });

  const change = (token: string | undefined, body: unknown, ip = '192.0.2.10') =>
    t.post('/api/v1/auth/password', body, { token, headers: { 'x-forwarded-for': ip } });
  const me = (token: string) => t.get('/api/v1/me', { token });
  const refresh = (refreshToken: string) => t.post('/api/v1/auth/refresh', { refreshToken });
  const auditOf = async (userId: string) =>
    (
      await t.dataSource.query<{ action: string; actor_id: string | null; data: Record<string, unknown> }[]>(
        'SELECT action, actor_id, data FROM audit_log WHERE stream = $1 ORDER BY id',
        [`user:${userId}`],
      )
    ).map((r) => ({ action: r.action, actorId: r.actor_id, data: r.data }));

  it('changes the password; every OTHER login of the user ends at once, this one goes on', async () => {
    const { user, password } = await createUser(t);
    const here = await login(t, user.username, password);
    const phone = await login(t, user.username, password);
    const tablet = await login(t, user.username, password);
    const someoneElse = await createUser(t);
    const theirs = await login(t, someoneElse.user.username, someoneElse.password);

    const res = await change(here.accessToken, { currentPassword: password, newPassword: NEW_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ otherSessionsEnded: 2 });

    // The other logins: access tokens refused from the next request, refresh tokens revoked.
    for (const other of [phone, tablet]) {
      const r = await me(other.accessToken);
      expect([r.status, r.body.code]).toEqual([401, 'UNAUTHENTICATED']);
      // Its refresh says why: the app tells its owner, who may not have changed it.
      const ended = await refresh(other.refreshToken);
      expect([ended.status, ended.body.code, ended.body.details]).toEqual([
        401,
        'SESSION_ENDED',
        { reason: 'password_changed' },
      ]);
    }
    // This login goes on, refresh included.
    expect((await me(here.accessToken)).status).toBe(200);
    const renewed = await refresh(here.refreshToken);
    expect(renewed.status).toBe(200);
    expect((await me(renewed.body.accessToken)).status).toBe(200);
    // Someone else's login is untouched.
    expect((await me(theirs.accessToken)).status).toBe(200);
    // The old password no longer signs in; the new one does.
    const old = await t.post('/api/v1/auth/login', { username: user.username, password });
    expect([old.status, old.body.code]).toEqual([401, 'INVALID_CREDENTIALS']);
    await login(t, user.username, NEW_PASSWORD);

    const audit = await auditOf(user.id);
    const changed = audit.find((a) => a.action === 'auth.password_changed');
    expect(changed).toMatchObject({ actorId: user.id, data: { otherSessionsEnded: 2 } });
    expect(JSON.stringify(audit)).not.toContain(NEW_PASSWORD);
  });

  it('may not: without a sign-in (401), or with an ended login (401); nothing changes', async () => {
    const { user, password } = await createUser(t);
    const anonymous = await change(undefined, { currentPassword: password, newPassword: NEW_PASSWORD });
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    const tokens = await login(t, user.username, password);
    await t.post('/api/v1/auth/logout', { refreshToken: tokens.refreshToken }, { token: tokens.accessToken });
    const ended = await change(tokens.accessToken, { currentPassword: password, newPassword: NEW_PASSWORD });
    expect([ended.status, ended.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    await login(t, user.username, password);
  });

  it('a wrong current password is 403 WRONG_CURRENT_PASSWORD, audited, and changes nothing', async () => {
    const { user, password } = await createUser(t);
    const here = await login(t, user.username, password);
    const other = await login(t, user.username, password);
    const res = await change(here.accessToken, {
      currentPassword: 'not-my-password',
      newPassword: NEW_PASSWORD,
    });
    expect([res.status, res.body.code]).toEqual([403, 'WRONG_CURRENT_PASSWORD']);
    expect((await me(other.accessToken)).status).toBe(200);
    expect((await me(here.accessToken)).status).toBe(200);
    await login(t, user.username, password);
    const audit = await auditOf(user.id);
    expect(audit.map((a) => a.action)).toContain('auth.password_change_failed');
    expect(audit.map((a) => a.action)).not.toContain('auth.password_changed');
  });

  it('a weak new password is 400 PASSWORD_TOO_WEAK (the rule of an admin reset), the same one 400 PASSWORD_UNCHANGED; nothing changes', async () => {
    const { user, password } = await createUser(t);
    const here = await login(t, user.username, password);
    const other = await login(t, user.username, password);
    const weak = await change(here.accessToken, { currentPassword: password, newPassword: 'short' });
    expect([weak.status, weak.body.code, weak.body.details]).toEqual([
      400,
      'PASSWORD_TOO_WEAK',
      { minLength: 8, reason: 'too_short' },
    ]);
    // Long enough, but guessed first, or holding the username.
    for (const [newPassword, reason] of [
      ['Password2026!', 'common'],
      [`${user.username}-2026`, 'has_username'],
    ]) {
      const refused = await change(here.accessToken, { currentPassword: password, newPassword });
      expect([refused.status, refused.body.code, refused.body.details]).toEqual([
        400,
        'PASSWORD_TOO_WEAK',
        { minLength: 8, reason },
      ]);
    }
    const same = await change(here.accessToken, { currentPassword: password, newPassword: password });
    expect([same.status, same.body.code]).toEqual([400, 'PASSWORD_UNCHANGED']);
    for (const body of [
      {},
      { currentPassword: password },
      { currentPassword: '', newPassword: NEW_PASSWORD },
    ]) {
      const bad = await change(here.accessToken, body);
      expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
    const form = await t.request('POST', '/api/v1/auth/password', {
      token: here.accessToken,
      body: `currentPassword=${password}&newPassword=${NEW_PASSWORD}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect([form.status, form.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    expect((await me(other.accessToken)).status).toBe(200);
    await login(t, user.username, password);
  });

  it('is throttled like login, on the same counter: a guesser with a stolen session waits (429)', async () => {
    const { user, password } = await createUser(t);
    const here = await login(t, user.username, password);
    const ip = '198.51.100.23';
    // One wrong login and one wrong current password from this address use the two free attempts...
    const wrongLogin = await t.post(
      '/api/v1/auth/login',
      { username: user.username, password: 'guess-1-wrong' },
      { headers: { 'x-forwarded-for': ip } },
    );
    expect(wrongLogin.status).toBe(401);
    const wrong = await change(
      here.accessToken,
      { currentPassword: 'guess-2-wrong', newPassword: NEW_PASSWORD },
      ip,
    );
    expect(wrong.status).toBe(403);
    // ...then the pair waits, even with the right password (it is not checked).
    const waiting = await change(
      here.accessToken,
      { currentPassword: password, newPassword: NEW_PASSWORD },
      ip,
    );
    expect([waiting.status, waiting.body.code]).toEqual([429, 'TOO_MANY_REQUESTS']);
    expect(waiting.body.details.retryAfterSeconds).toBeGreaterThan(0);
    // Nothing changed; the owner elsewhere is not slowed down.
    const elsewhere = await change(
      here.accessToken,
      { currentPassword: password, newPassword: NEW_PASSWORD },
      '203.0.113.99',
    );
    expect(elsewhere.status).toBe(200);
  });
});
