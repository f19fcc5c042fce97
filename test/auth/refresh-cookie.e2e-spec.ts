import { createUser, pastRefreshGrace } from '../helpers/auth.js';
import { createTestApp, type TestApp, type TestResponse } from '../helpers/test-app.js';

const COOKIE = 'refresh_token';

/** The refresh cookie a response sets: its value and its attributes (lower-case names). */
function refreshCookie(res: TestResponse): { value: string; attributes: Record<string, string> } | undefined {
  const header = res.headers['set-cookie'];
  if (!header) return undefined;
  const line = header.split(/,(?=\s*\w+=)/).find((c) => c.trim().startsWith(`${COOKIE}=`));
  if (!line) return undefined;
  const [pair, ...attrs] = line.split(';').map((s) => s.trim());
  const attributes: Record<string, string> = {};
  for (const a of attrs) {
    const [name, ...rest] = a.split('=');
    attributes[name.toLowerCase()] = rest.join('=');
  }
  return { value: decodeURIComponent(pair.slice(COOKIE.length + 1)), attributes };
}

describe('#15.3 browser sign-in: the refresh token in an HttpOnly cookie scoped to the auth routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  async function browserLogin() {
    const { user, password } = await createUser(t);
    const res = await t.post('/api/v1/auth/login', { username: user.username, password });
    expect(res.status).toBe(200);
    const cookie = refreshCookie(res);
    expect(cookie).toBeDefined();
    return { user, res, cookie: cookie! };
  }
  const withCookie = (value: string, headers: Record<string, string> = {}) => ({
    headers: { cookie: `${COOKIE}=${encodeURIComponent(value)}`, ...headers },
  });

  it('login sets the cookie HttpOnly, Secure, SameSite=Strict, Path=/api/v1/auth; the body is as before', async () => {
    const { res, cookie } = await browserLogin();
    expect(cookie.value).toBe(res.body.refreshToken);
    expect(cookie.attributes).toMatchObject({
      httponly: '',
      secure: '',
      samesite: 'Strict',
      path: '/api/v1/auth',
      'max-age': String(t.config.JWT_REFRESH_TTL_SECONDS),
    });
    expect(res.body).toMatchObject({ tokenType: 'Bearer', accessToken: expect.any(String) });
  });

  it('refresh takes the cookie when the body has no token, rotates it and sets the next one', async () => {
    const { user, cookie } = await browserLogin();
    const res = await t.post('/api/v1/auth/refresh', {}, withCookie(cookie.value));
    expect(res.status).toBe(200);
    expect(res.body.user.id).toBe(user.id);
    const next = refreshCookie(res);
    expect(next?.value).toBe(res.body.refreshToken);
    expect(next?.value).not.toBe(cookie.value);
    expect(next?.attributes).toMatchObject({
      httponly: '',
      secure: '',
      samesite: 'Strict',
      path: '/api/v1/auth',
    });
    expect((await t.get('/api/v1/me', { token: res.body.accessToken })).status).toBe(200);
    // The old cookie was used once: using it again (past the grace of a lost response) is a reuse,
    // and the browser is told to drop it.
    await pastRefreshGrace(t, cookie.value);
    const replay = await t.post('/api/v1/auth/refresh', {}, withCookie(cookie.value));
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('REFRESH_TOKEN_REUSED');
    expect(refreshCookie(replay)?.attributes['max-age']).toBe('0');
  });

  it('CSRF: a cookie refresh without a JSON body is refused and rotates nothing', async () => {
    const { cookie } = await browserLogin();
    for (const [type, body] of [
      ['application/x-www-form-urlencoded', ''],
      ['multipart/form-data; boundary=x', '--x--\r\n'],
    ]) {
      const res = await t.request('POST', '/api/v1/auth/refresh', {
        body,
        headers: { 'content-type': type, cookie: `${COOKIE}=${encodeURIComponent(cookie.value)}` },
      });
      expect([type, res.status]).toEqual([type, 403]);
      expect(res.body.code).toBe('JSON_REQUIRED');
    }
    // A text/plain body is not an object: the validation refuses it before the handler.
    const text = await t.request('POST', '/api/v1/auth/refresh', {
      body: '{}',
      headers: { 'content-type': 'text/plain', cookie: `${COOKIE}=${encodeURIComponent(cookie.value)}` },
    });
    expect(text.status).toBe(400);
    const none = await t.request('POST', '/api/v1/auth/refresh', withCookie(cookie.value));
    expect(none.status).toBe(403);
    expect(none.body.code).toBe('JSON_REQUIRED');
    // Still unused: the JSON refresh works.
    expect((await t.post('/api/v1/auth/refresh', {}, withCookie(cookie.value))).status).toBe(200);
  });

  it('without a token in the body or a cookie, refresh is 401 REFRESH_TOKEN_MISSING', async () => {
    const res = await t.post('/api/v1/auth/refresh', {});
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('REFRESH_TOKEN_MISSING');
  });

  it('#15 ifPresent: no token at all is 204 (an anonymous page load logs no error); a token is checked as always', async () => {
    const none = await t.post('/api/v1/auth/refresh', { ifPresent: true });
    expect(none.status).toBe(204);
    expect(none.raw).toBe('');
    expect(refreshCookie(none)).toBeUndefined();

    const { user, cookie } = await browserLogin();
    const res = await t.post('/api/v1/auth/refresh', { ifPresent: true }, withCookie(cookie.value));
    expect(res.status).toBe(200);
    expect(res.body.user.id).toBe(user.id);
    expect(refreshCookie(res)?.value).toBe(res.body.refreshToken);

    const unknown = await t.post('/api/v1/auth/refresh', { ifPresent: true }, withCookie('x'.repeat(43)));
    expect([unknown.status, unknown.body.code]).toEqual([401, 'INVALID_REFRESH_TOKEN']);
    expect(refreshCookie(unknown)?.attributes['max-age']).toBe('0');
    const bad = await t.post('/api/v1/auth/refresh', { ifPresent: 'yes' });
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('API clients: the body token works as before and wins over a cookie', async () => {
    const a = await browserLogin();
    const b = await browserLogin();
    const res = await t.post(
      '/api/v1/auth/refresh',
      { refreshToken: a.res.body.refreshToken },
      withCookie(b.cookie.value),
    );
    expect(res.status).toBe(200);
    expect(res.body.user.id).toBe(a.user.id);
    // b's cookie token was not touched.
    expect((await t.post('/api/v1/auth/refresh', {}, withCookie(b.cookie.value))).body.user.id).toBe(
      b.user.id,
    );
    const bad = await t.post('/api/v1/auth/refresh', { refreshToken: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });

  it('logout revokes the cookie token and clears the cookie', async () => {
    const { res, cookie } = await browserLogin();
    const out = await t.post(
      '/api/v1/auth/logout',
      {},
      { token: res.body.accessToken, ...withCookie(cookie.value) },
    );
    expect(out.status).toBe(204);
    const cleared = refreshCookie(out);
    expect(cleared?.value).toBe('');
    expect(cleared?.attributes).toMatchObject({ path: '/api/v1/auth', 'max-age': '0' });
    const after = await t.post('/api/v1/auth/refresh', {}, withCookie(cookie.value));
    expect(after.status).toBe(401);
    // Logout still needs the access token: the cookie alone signs nobody out.
    const anon = await t.post('/api/v1/auth/logout', {}, withCookie(cookie.value));
    expect(anon.status).toBe(401);
  });
});
