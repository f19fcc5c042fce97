import { adminToken, createUser, login } from '../helpers/auth.js';
import { createHttpApp } from '../../src/bootstrap.js';
import { createTestApp, TEST_ADMIN, testConfig, type TestApp } from '../helpers/test-app.js';

describe('auth: login', () => {
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

  it('refuses a disabled account, and its tokens stop working at once', async () => {
    const { user, password } = await createUser(t);
    const tokens = await login(t, user.username, password);
    const admin = await adminToken(t);
    const patched = await t.patch(`/api/v1/users/${user.id}`, { status: 'disabled' }, { token: admin });
    expect(patched.status).toBe(200);
    expect((await t.get('/api/v1/me', { token: tokens.accessToken })).status).toBe(401);
    const refresh = await t.post('/api/v1/auth/refresh', { refreshToken: tokens.refreshToken });
    expect(refresh.status).toBe(401);
    expect([refresh.body.code, refresh.body.details]).toEqual(['SESSION_ENDED', { reason: 'disabled' }]);
    const again = await t.post('/api/v1/auth/login', { username: user.username, password });
    expect(again.status).toBe(403);
    expect(again.body.code).toBe('ACCOUNT_DISABLED');
    // The refusal is in the audit log: someone knows the password of a closed account.
    const failures = await t.dataSource.query(
      `SELECT data->>'reason' AS reason FROM audit_log WHERE stream = $1 AND action = 'auth.login_failed'`,
      [`user:${user.id}`],
    );
    expect(failures).toEqual([{ reason: 'account_disabled' }]);
  });
});

/** Two free failures per (username, address) pair, then 1 s, 2 s, 4 s... of waiting, at most 1 minute. */
const OVERRIDES = { LOGIN_MAX_FAILURES: '2', LOGIN_LOCK_MINUTES: '1', TRUST_PROXY: 'true' };

/** The answer of one login attempt, from a given client address (the app trusts X-Forwarded-For here). */
type Attempt = { status: number; body: any; headers: Record<string, string> };

describe('#14.10 login neither reveals accounts nor locks others out', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(OVERRIDES);
  });
  afterAll(async () => {
    await t.close();
  });

  const from = (ip: string, username: string, password: string): Promise<Attempt> =>
    t.post('/api/v1/auth/login', { username, password }, { headers: { 'x-forwarded-for': ip } });
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('#14.10 an unknown and a known username get the same answers, attempt after attempt', async () => {
    const { user } = await createUser(t);
    // Each name's attempts in a row (the first wait is 1 s: the third attempt must come within it).
    const attempts = async (username: string) => {
      const answers: Attempt[] = [];
      for (let i = 0; i < 3; i++) answers.push(await from('203.0.113.1', username, 'wrong-password'));
      return answers;
    };
    const known = await attempts(user.username);
    const unknown = await attempts(`nobody-${user.username}`);
    for (let i = 0; i < 3; i++) {
      expect(unknown[i].status).toBe(known[i].status);
      expect(unknown[i].headers['retry-after']).toBe(known[i].headers['retry-after']);
      expect(unknown[i].body).toEqual(known[i].body);
    }
    // Two failures answer 401; then the pair waits (429), whether the account exists or not.
    expect(known.map((a) => [a.status, a.body.code])).toEqual([
      [401, 'INVALID_CREDENTIALS'],
      [401, 'INVALID_CREDENTIALS'],
      [429, 'TOO_MANY_REQUESTS'],
    ]);
  });

  it('#14.10 failures slow down the attacking address only: the owner signs in from elsewhere', async () => {
    const { user, password } = await createUser(t);
    for (let i = 0; i < 6; i++) await from('198.51.100.7', user.username, `wrong-${i}-pass`);
    // The attacking address waits, even with the right password (it learns nothing).
    const attacker = await from('198.51.100.7', user.username, password);
    expect(attacker.status).toBe(429);
    expect(attacker.body.code).toBe('TOO_MANY_REQUESTS');
    // The owner, from another address, signs in at once.
    const owner = await from('192.0.2.44', user.username, password);
    expect(owner.status).toBe(200);
    // And nothing on the account itself was locked.
    const [row] = await t.dataSource.query('SELECT locked_until FROM users WHERE id = $1', [user.id]);
    expect(row.locked_until).toBeNull();
  });

  it('#14.10 the wait doubles with each further failure of the pair, and a success clears it', async () => {
    const { user, password } = await createUser(t);
    const ip = '203.0.113.9';
    expect((await from(ip, user.username, 'wrong-pass-1')).status).toBe(401);
    expect((await from(ip, user.username, 'wrong-pass-2')).status).toBe(401);
    const first = await from(ip, user.username, 'wrong-pass-3');
    expect(first.status).toBe(429);
    expect(first.body.details.retryAfterSeconds).toBe(1);
    expect(first.headers['retry-after']).toBe('1');
    await pause(1100);
    // The wait is over: one more try, which fails and doubles the wait.
    expect((await from(ip, user.username, 'wrong-pass-4')).status).toBe(401);
    const second = await from(ip, user.username, password);
    expect(second.status).toBe(429);
    expect(second.body.details.retryAfterSeconds).toBe(2);
    await pause(2100);
    expect((await from(ip, user.username, password)).status).toBe(200);
    // The success forgot the pair's failures: two free failures again.
    expect((await from(ip, user.username, 'wrong-pass-5')).status).toBe(401);
    expect((await from(ip, user.username, 'wrong-pass-6')).status).toBe(401);
    expect((await from(ip, user.username, password)).status).toBe(429);
  });

  it('#14.10 a burst of parallel guesses gets no more password checks than the free attempts', async () => {
    const { user } = await createUser(t);
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => from('198.51.100.99', user.username, `guess-${i}-pass`)),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([401, 401, 429, 429, 429, 429, 429, 429]);
  });

  it('#14.10 API processes share the count (Redis): another process makes the pair wait too', async () => {
    const config = testConfig(t.db.url, { ...OVERRIDES, QUEUE_PREFIX: t.config.QUEUE_PREFIX });
    const other = await createHttpApp(config, { quiet: true });
    try {
      await other.listen({ port: 0, host: '127.0.0.1' });
      const { port } = other.getHttpServer().address() as { port: number };
      const { user, password } = await createUser(t);
      const ip = '203.0.113.150';
      expect((await from(ip, user.username, 'wrong-pass-1')).status).toBe(401);
      expect((await from(ip, user.username, 'wrong-pass-2')).status).toBe(401);
      const elsewhere = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
        body: JSON.stringify({ username: user.username, password }),
      });
      expect(elsewhere.status).toBe(429);
    } finally {
      await other.close();
    }
  });

  it('#14.10 many failures from one address over many usernames never refuse a right password there', async () => {
    const ip = '198.51.100.200';
    for (let i = 0; i < 35; i++) {
      const res = await from(ip, `spray-${i}`, 'Password1');
      expect(res.status).toBe(401);
    }
    const { user, password } = await createUser(t);
    expect((await from(ip, user.username, password)).status).toBe(200);
  });

  it('#14.10 a login that is not JSON is a 415 that counts as nothing', async () => {
    const { user, password } = await createUser(t);
    const ip = '203.0.113.77';
    const bodies: [string, string][] = [
      ['application/x-www-form-urlencoded', `username=${user.username}&password=wrong-password`],
      ['text/plain', JSON.stringify({ username: user.username, password: 'wrong-password' })],
      [
        'multipart/form-data; boundary=x',
        `--x\r\nContent-Disposition: form-data; name="username"\r\n\r\n${user.username}\r\n--x--\r\n`,
      ],
    ];
    for (let i = 0; i < 3; i++) {
      for (const [contentType, body] of bodies) {
        const res = await t.post('/api/v1/auth/login', body, {
          headers: { 'content-type': contentType, 'x-forwarded-for': ip },
        });
        expect([res.status, res.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
      }
    }
    // Nothing was counted: no failure in the audit log, and the pair still has its free failures.
    const audit = await t.dataSource.query('SELECT action FROM audit_log WHERE stream = $1', [
      `user:${user.id}`,
    ]);
    expect(audit).toEqual([]);
    expect((await from(ip, user.username, 'wrong-password')).status).toBe(401);
    expect((await from(ip, user.username, password)).status).toBe(200);
  });
});
