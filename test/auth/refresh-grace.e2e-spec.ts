import { createUser, login, pastRefreshGrace, sessionOf } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * #15 a reload during a silent refresh: the server rotated the token, but the response (and its
 * Set-Cookie) never reached the browser, whose next refresh presents the token just replaced. Within
 * the grace that rotates again in the same login; any older token, or this one after the grace,
 * still ends the login (#14.11).
 */
describe('#15 refresh-token reuse grace for the immediate predecessor', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const refresh = (refreshToken: string) => t.post('/api/v1/auth/refresh', { refreshToken });
  const me = (token: string) => t.get('/api/v1/me', { token });
  const sessionRevoked = async (sid: string): Promise<boolean> => {
    const [row] = await t.dataSource.query<{ revoked: boolean }[]>(
      'SELECT revoked_at IS NOT NULL AS revoked FROM auth_sessions WHERE id = $1',
      [sid],
    );
    return row.revoked;
  };

  async function rotatedOnce() {
    const { user, password } = await createUser(t);
    const first = await login(t, user.username, password);
    const lost = await refresh(first.refreshToken); // the response the reload lost
    expect(lost.status).toBe(200);
    return { user, first, lost: lost.body, sid: sessionOf(t, first.accessToken) };
  }

  it('the predecessor within the grace gets a new token of the same login, which stays alive', async () => {
    const { user, first, lost, sid } = await rotatedOnce();
    const again = await refresh(first.refreshToken);
    expect(again.status).toBe(200);
    expect(again.body.refreshToken).not.toBe(lost.refreshToken);
    expect(sessionOf(t, again.body.accessToken)).toBe(sid);
    expect(await sessionRevoked(sid)).toBe(false);
    // Every access token of the login still works, and the new refresh token rotates normally.
    for (const token of [first.accessToken, lost.accessToken, again.body.accessToken]) {
      expect((await me(token)).status).toBe(200);
    }
    const next = await refresh(again.body.refreshToken);
    expect(next.status).toBe(200);
    expect(sessionOf(t, next.body.accessToken)).toBe(sid);

    const audit: { action: string }[] = await t.dataSource.query(
      'SELECT action FROM audit_log WHERE stream = $1 ORDER BY id',
      [`user:${user.id}`],
    );
    expect(audit.map((a) => a.action)).toContain('auth.refresh_token_grace');
    expect(audit.map((a) => a.action)).not.toContain('auth.refresh_token_reused');
  });

  it('a reload that loses the answer again and again: the same predecessor keeps working within the grace', async () => {
    const { first, sid } = await rotatedOnce();
    let last = '';
    for (let i = 0; i < 3; i++) {
      const again = await refresh(first.refreshToken);
      expect(again.status).toBe(200);
      last = again.body.refreshToken;
    }
    const next = await refresh(last);
    expect(next.status).toBe(200);
    expect(sessionOf(t, next.body.accessToken)).toBe(sid);
    expect(await sessionRevoked(sid)).toBe(false);
  });

  it('two tabs without a shared lock: the token replaced in between is a predecessor of the newest too', async () => {
    const { first, lost, sid } = await rotatedOnce(); // tab A got `lost`
    const tabB = await refresh(first.refreshToken); // tab B presented the same token a moment later
    expect(tabB.status).toBe(200);
    // The cookie jar may keep either answer: `lost` rotates too.
    const fromLost = await refresh(lost.refreshToken);
    expect(fromLost.status).toBe(200);
    expect(sessionOf(t, fromLost.body.accessToken)).toBe(sid);
    expect(await sessionRevoked(sid)).toBe(false);
  });

  it('the predecessor after the grace ends the login', async () => {
    const { first, lost, sid } = await rotatedOnce();
    await pastRefreshGrace(t, first.refreshToken);
    const replay = await refresh(first.refreshToken);
    expect([replay.status, replay.body.code]).toEqual([401, 'REFRESH_TOKEN_REUSED']);
    expect(await sessionRevoked(sid)).toBe(true);
    expect((await refresh(lost.refreshToken)).status).toBe(401);
    for (const token of [first.accessToken, lost.accessToken]) {
      expect([(await me(token)).status]).toEqual([401]);
    }
  });

  it('the grand-predecessor (two rotations old) ends the login, within the grace or not', async () => {
    const { first, lost, sid } = await rotatedOnce();
    const current = await refresh(lost.refreshToken);
    expect(current.status).toBe(200);
    const replay = await refresh(first.refreshToken);
    expect([replay.status, replay.body.code]).toEqual([401, 'REFRESH_TOKEN_REUSED']);
    expect(await sessionRevoked(sid)).toBe(true);
    expect((await refresh(current.body.refreshToken)).status).toBe(401);
    expect((await me(current.body.accessToken)).status).toBe(401);
  });

  it('the predecessor of an ended login rotates nothing', async () => {
    const { first, lost } = await rotatedOnce();
    const out = await t.post(
      '/api/v1/auth/logout',
      { refreshToken: lost.refreshToken },
      { token: lost.accessToken },
    );
    expect(out.status).toBe(204);
    const replay = await refresh(first.refreshToken);
    expect(replay.status).toBe(401);
    expect((await me(first.accessToken)).status).toBe(401);
  });

  it('a disabled account gets no token through the grace either', async () => {
    const { user, first } = await rotatedOnce();
    await t.dataSource.query(`UPDATE users SET status = 'disabled' WHERE id = $1`, [user.id]);
    const replay = await refresh(first.refreshToken);
    expect([replay.status, replay.body.code, replay.body.details]).toEqual([
      401,
      'SESSION_ENDED',
      { reason: 'disabled' },
    ]);
  });
});
