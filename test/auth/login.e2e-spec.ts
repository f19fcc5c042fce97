import { adminToken, createUser, login } from '../helpers/auth.js';
import { createTestApp, TEST_ADMIN, type TestApp } from '../helpers/test-app.js';

describe('auth: login, lockout, rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ LOGIN_MAX_FAILURES: '5', LOGIN_LOCK_MINUTES: '15' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('logs in the first admin created from configuration', async () => {
    const res = await login(t, TEST_ADMIN.username, TEST_ADMIN.password);
    expect(res.accessToken).toEqual(expect.any(String));
    expect(res.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(res.user).toMatchObject({ username: 'admin', roles: ['admin'], status: 'active' });
    expect(res.user.passwordHash).toBeUndefined();
    expect(res.user.failedLoginCount).toBeUndefined();
  });

  it('logs in a user, case-insensitively in the username, and returns the user without secrets', async () => {
    const { user, password } = await createUser(t, { fullNameKm: 'ស៊ាន សុខា' });
    const res = await t.post('/api/v1/auth/login', { username: user.username.toUpperCase(), password });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    expect(res.body.user).toMatchObject({ id: user.id, fullNameKm: 'ស៊ាន សុខា' });
    expect(res.raw).not.toContain('argon2');
    const me = await t.get('/api/v1/me', { token: res.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(user.id);
  });

  it('answers a wrong password and an unknown user alike: 401 INVALID_CREDENTIALS', async () => {
    const { user } = await createUser(t);
    const wrong = await t.post('/api/v1/auth/login', {
      username: user.username,
      password: 'not-the-password',
    });
    const unknown = await t.post('/api/v1/auth/login', { username: 'nobody-here', password: 'whatever-1' });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual({
        statusCode: 401,
        code: 'INVALID_CREDENTIALS',
        message: 'Wrong username or password',
      });
    }
  });

  it('refuses bad bodies with 400 VALIDATION_FAILED naming the field', async () => {
    const res = await t.post('/api/v1/auth/login', { username: 5, password: 'x', extra: true });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const fields = (res.body.details as { field: string }[]).map((d) => d.field).sort();
    expect(fields).toEqual(['extra', 'username']);
  });

  it('locks the account after five wrong passwords: the sixth try fails even with the right password', async () => {
    const { user, password } = await createUser(t);
    for (let i = 0; i < 5; i++) {
      const res = await t.post('/api/v1/auth/login', {
        username: user.username,
        password: `wrong-${i}-pass`,
      });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('INVALID_CREDENTIALS');
    }
    const sixth = await t.post('/api/v1/auth/login', { username: user.username, password });
    expect(sixth.status).toBe(423);
    expect(sixth.body.code).toBe('ACCOUNT_LOCKED');
    expect(new Date(sixth.body.details.lockedUntil).getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);

    // The failures and the lock are in the audit log.
    const actions: { action: string }[] = await t.dataSource.query(
      'SELECT action FROM audit_log WHERE stream = $1 ORDER BY seq',
      [`user:${user.id}`],
    );
    expect(actions.map((a) => a.action)).toEqual([
      ...Array(5).fill('auth.login_failed'),
      'auth.account_locked',
    ]);

    // When the lock has run out, the right password works again and the count starts over.
    await t.dataSource.query(`UPDATE users SET locked_until = now() - interval '1 second' WHERE id = $1`, [
      user.id,
    ]);
    const after = await t.post('/api/v1/auth/login', { username: user.username, password });
    expect(after.status).toBe(200);
    const [row] = await t.dataSource.query(
      'SELECT failed_login_count, locked_until FROM users WHERE id = $1',
      [user.id],
    );
    expect(row).toEqual({ failed_login_count: 0, locked_until: null });
  });

  it('a success in between resets the count of consecutive failures', async () => {
    const { user, password } = await createUser(t);
    for (let i = 0; i < 4; i++) {
      expect(
        (await t.post('/api/v1/auth/login', { username: user.username, password: 'wrong-pass' })).status,
      ).toBe(401);
    }
    await login(t, user.username, password);
    for (let i = 0; i < 4; i++) {
      expect(
        (await t.post('/api/v1/auth/login', { username: user.username, password: 'wrong-pass' })).status,
      ).toBe(401);
    }
    expect((await t.post('/api/v1/auth/login', { username: user.username, password })).status).toBe(200);
  });

  it('refuses a disabled account, and its tokens stop working at once', async () => {
    const { user, password } = await createUser(t);
    const tokens = await login(t, user.username, password);
    const admin = await adminToken(t);
    const patched = await t.patch(`/api/v1/users/${user.id}`, { status: 'disabled' }, { token: admin });
    expect(patched.status).toBe(200);
    expect((await t.get('/api/v1/me', { token: tokens.accessToken })).status).toBe(401);
    const refresh = await t.post('/api/v1/auth/refresh', { refreshToken: tokens.refreshToken });
    expect(refresh.status).toBe(401);
    expect(refresh.body.code).toBe('INVALID_REFRESH_TOKEN');
    const again = await t.post('/api/v1/auth/login', { username: user.username, password });
    expect(again.status).toBe(403);
    expect(again.body.code).toBe('ACCOUNT_DISABLED');
  });
});

describe('auth: login rate limit per IP and per username (Redis)', () => {
  let t: TestApp;
  beforeAll(async () => {
    // A high lockout threshold, so the rate limit is what stops the attempts.
    t = await createTestApp({ LOGIN_MAX_FAILURES: '1000' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 429 after too many failures for one username, even with the right password', async () => {
    const { user, password } = await createUser(t);
    let status = 0;
    let tries = 0;
    while (tries < 20) {
      tries++;
      status = (await t.post('/api/v1/auth/login', { username: user.username, password: 'wrong-pass' }))
        .status;
      if (status !== 401) break;
    }
    expect(status).toBe(429);
    expect(tries).toBe(11);
    const right = await t.post('/api/v1/auth/login', { username: user.username, password });
    expect(right.status).toBe(429);
    expect(right.body.code).toBe('TOO_MANY_REQUESTS');
  });

  it('answers 429 after too many failures from one IP over many usernames', async () => {
    // 11 failures already counted for this IP above; spray over unknown usernames.
    let status = 0;
    let tries = 0;
    while (tries < 40) {
      tries++;
      status = (await t.post('/api/v1/auth/login', { username: `spray-${tries}`, password: 'Password1' }))
        .status;
      if (status !== 401) break;
    }
    expect(status).toBe(429);
    const { user, password } = await createUser(t);
    expect((await t.post('/api/v1/auth/login', { username: user.username, password })).status).toBe(429);
  });
});
