import { adminToken, createUser, login } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

describe('auth: refresh tokens and logout', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  async function freshLogin() {
    const { user, password } = await createUser(t);
    return { user, tokens: await login(t, user.username, password) };
  }

  it('rotates: a refresh token gives a new pair, and the new refresh token works in turn', async () => {
    const { user, tokens } = await freshLogin();
    const first = await t.post('/api/v1/auth/refresh', { refreshToken: tokens.refreshToken });
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(tokens.refreshToken);
    expect(first.body.user.id).toBe(user.id);
    expect((await t.get('/api/v1/me', { token: first.body.accessToken })).status).toBe(200);
    const second = await t.post('/api/v1/auth/refresh', { refreshToken: first.body.refreshToken });
    expect(second.status).toBe(200);

    // Only hashes are stored, all in one family.
    const rows: { token_hash: string; family_id: string }[] = await t.dataSource.query(
      'SELECT token_hash, family_id FROM refresh_tokens WHERE user_id = $1',
      [user.id],
    );
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((r) => r.family_id)).size).toBe(1);
    for (const r of rows) expect(r.token_hash).toMatch(/^[0-9a-f]{64}$/);
    const raw = JSON.stringify(rows);
    expect(raw).not.toContain(tokens.refreshToken);
  });

  it('a reused refresh token revokes its whole family: the newer token stops working too', async () => {
    const { user, tokens } = await freshLogin();
    const rotated = await t.post('/api/v1/auth/refresh', { refreshToken: tokens.refreshToken });
    expect(rotated.status).toBe(200);

    const replay = await t.post('/api/v1/auth/refresh', { refreshToken: tokens.refreshToken });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('REFRESH_TOKEN_REUSED');

    const newer = await t.post('/api/v1/auth/refresh', { refreshToken: rotated.body.refreshToken });
    expect(newer.status).toBe(401);
    expect(newer.body.code).toBe('INVALID_REFRESH_TOKEN');

    const audit: { action: string }[] = await t.dataSource.query(
      'SELECT action FROM audit_log WHERE stream = $1',
      [`user:${user.id}`],
    );
    expect(audit.map((a) => a.action)).toContain('auth.refresh_token_reused');

    // Another login of the same user (another family) is not affected.
    const other = await freshLogin();
    expect((await t.post('/api/v1/auth/refresh', { refreshToken: other.tokens.refreshToken })).status).toBe(
      200,
    );
  });

  it('two concurrent refreshes with one token: one wins, the other is treated as reuse', async () => {
    const { tokens } = await freshLogin();
    const [a, b] = await Promise.all([
      t.post('/api/v1/auth/refresh', { refreshToken: tokens.refreshToken }),
      t.post('/api/v1/auth/refresh', { refreshToken: tokens.refreshToken }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 401]);
    const loser = a.status === 401 ? a : b;
    expect(loser.body.code).toBe('REFRESH_TOKEN_REUSED');
  });

  it('refuses unknown, expired and malformed refresh tokens', async () => {
    const unknown = await t.post('/api/v1/auth/refresh', { refreshToken: 'x'.repeat(43) });
    expect(unknown.status).toBe(401);
    expect(unknown.body.code).toBe('INVALID_REFRESH_TOKEN');

    const { user, tokens } = await freshLogin();
    await t.dataSource.query(
      `UPDATE refresh_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
      [user.id],
    );
    const expired = await t.post('/api/v1/auth/refresh', { refreshToken: tokens.refreshToken });
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe('INVALID_REFRESH_TOKEN');

    const bad = await t.post('/api/v1/auth/refresh', { refreshToken: 42 });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.details[0].field).toBe('refreshToken');
  });

  it('logout revokes the family (204); it needs an access token', async () => {
    const { tokens } = await freshLogin();
    const rotated = await t.post('/api/v1/auth/refresh', { refreshToken: tokens.refreshToken });
    const anonymous = await t.post('/api/v1/auth/logout', { refreshToken: rotated.body.refreshToken });
    expect(anonymous.status).toBe(401);

    const out = await t.post(
      '/api/v1/auth/logout',
      { refreshToken: rotated.body.refreshToken },
      { token: rotated.body.accessToken },
    );
    expect(out.status).toBe(204);
    expect(out.raw).toBe('');
    const after = await t.post('/api/v1/auth/refresh', { refreshToken: rotated.body.refreshToken });
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('INVALID_REFRESH_TOKEN');
  });

  it("logout with someone else's refresh token changes nothing", async () => {
    const mine = await freshLogin();
    const theirs = await freshLogin();
    const out = await t.post(
      '/api/v1/auth/logout',
      { refreshToken: theirs.tokens.refreshToken },
      { token: mine.tokens.accessToken },
    );
    expect(out.status).toBe(204);
    expect((await t.post('/api/v1/auth/refresh', { refreshToken: theirs.tokens.refreshToken })).status).toBe(
      200,
    );
  });

  it("an admin's password reset ends the sessions begun with the old password", async () => {
    const { user, tokens } = await freshLogin();
    // Access tokens carry whole seconds: one issued a second before the reset is from before it.
    await new Promise((r) => setTimeout(r, 1100));
    const reset = await t.patch(
      `/api/v1/users/${user.id}`,
      { password: 'N3w-Passw0rd-2026' },
      { token: await adminToken(t) },
    );
    expect(reset.status).toBe(200);
    const oldAccess = await t.get('/api/v1/me', { token: tokens.accessToken });
    expect(oldAccess.status).toBe(401);
    expect(oldAccess.body.code).toBe('UNAUTHENTICATED');
    const oldRefresh = await t.post('/api/v1/auth/refresh', { refreshToken: tokens.refreshToken });
    expect(oldRefresh.status).toBe(401);

    const fresh = await login(t, user.username, 'N3w-Passw0rd-2026');
    expect((await t.get('/api/v1/me', { token: fresh.accessToken })).status).toBe(200);
    expect((await t.post('/api/v1/auth/refresh', { refreshToken: fresh.refreshToken })).status).toBe(200);
  });
});
