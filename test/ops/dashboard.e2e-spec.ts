import { jest } from '@jest/globals';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { adminToken, createUserWithToken } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

// bull-board's @fastify/static requires content-disposition 3 (ESM only), which Jest cannot
// require on Node 20 (the real server can): stand in the CommonJS 1.x of the same function.
const contentDisposition = createRequire(import.meta.url)('content-disposition') as {
  (name?: string, opts?: object): string;
  parse: (header: string) => unknown;
};
jest.mock(resolve('node_modules/@bull-board/fastify/node_modules/content-disposition/dist/index.js'), () => ({
  create: contentDisposition,
  parse: contentDisposition.parse,
}));

describe('queue dashboard', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('is closed to anonymous callers and to users who are not admins', async () => {
    const anonymous = await t.get('/admin/queues');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('UNAUTHENTICATED');
    expect((await t.get('/admin/queues/api/queues')).status).toBe(401);
    expect((await t.get('/admin/queues', { token: 'not-a-token' })).status).toBe(401);
    const { token } = await createUserWithToken(t);
    const user = await t.get('/admin/queues/api/queues', { token });
    expect(user.status).toBe(403);
    expect(user.body.code).toBe('FORBIDDEN');
    // A user who is not an admin gets no dashboard session either.
    const session = await t.post('/api/v1/ops/dashboard-session', undefined, { token });
    expect(session.status).toBe(403);
    expect(session.headers['set-cookie']).toBeUndefined();
  });

  it('sends a browser that opens the page without the cookie to the web app, which opens it for an admin', async () => {
    const html = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
    for (const path of ['/admin/queues', '/admin/queues/', '/admin/queues/queue/workflow']) {
      const res = await fetch(`${t.baseUrl}${path}`, { headers: html, redirect: 'manual' });
      expect([path, res.status]).toEqual([path, 303]);
      expect(res.headers.get('location')).toBe('/admin?queues=open');
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
    // An expired or foreign cookie too; a non-admin's Bearer as well (the app says "not found").
    const stale = await fetch(`${t.baseUrl}/admin/queues`, {
      headers: { ...html, cookie: 'mwf_dashboard=expired.token.here' },
      redirect: 'manual',
    });
    expect(stale.status).toBe(303);
    // The page's data and files, and clients that do not ask for HTML, keep the JSON refusal.
    for (const path of ['/admin/queues/api/queues', '/admin/queues/static/js/main.js']) {
      const res = await fetch(`${t.baseUrl}${path}`, { headers: html, redirect: 'manual' });
      expect([path, res.status]).toEqual([path, 401]);
    }
    const json = await fetch(`${t.baseUrl}/admin/queues`, { redirect: 'manual' });
    expect(json.status).toBe(401);
    expect(((await json.json()) as { code: string }).code).toBe('UNAUTHENTICATED');
    const post = await fetch(`${t.baseUrl}/admin/queues`, {
      method: 'POST',
      headers: html,
      redirect: 'manual',
    });
    expect(post.status).not.toBe(303);
    // With the cookie, the page itself, with a way back to the app in its menu.
    const token = await adminToken(t);
    const cookie = (await t.post('/api/v1/ops/dashboard-session', undefined, { token })).headers[
      'set-cookie'
    ];
    const page = await fetch(`${t.baseUrl}/admin/queues`, {
      headers: { ...html, cookie: cookie.split(';')[0] },
      redirect: 'manual',
    });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/"miscLinks":\[\{"text":"Administration","url":"\/admin"\}\]/);
  });

  it('shows the queues to an admin', async () => {
    const token = await adminToken(t);
    const page = await t.get('/admin/queues', { token });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    // Nothing from a third party (bull-board's page links Google's fonts, which the CSP refuses).
    expect(page.raw).toContain('<link href="static/css/');
    expect(page.raw).not.toMatch(/(href|src)="(https?:)?\/\//);
    const script = /<script[^>]+src="([^"]+)"/.exec(page.raw)?.[1];
    const base = /<base href="([^"]+)"/.exec(page.raw)?.[1] ?? '/admin/queues/';
    expect(base).toBe('/admin/queues/');
    const asset = await t.get(new URL(script!, `http://x${base}`).pathname, { token });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    const api = await t.get('/admin/queues/api/queues', { token });
    expect(api.status).toBe(200);
    const names = (api.body.queues as { name: string }[]).map((q) => q.name);
    expect(names).toEqual(expect.arrayContaining(['workflow', 'notifications']));
  });

  it('#14.13 a browser opens it with a dashboard cookie from an authenticated call, never a token in the URL', async () => {
    const token = await adminToken(t);
    const res = await t.post('/api/v1/ops/dashboard-session', undefined, { token });
    expect(res.status).toBe(204);
    const cookie = res.headers['set-cookie'] ?? '';
    expect(cookie).toMatch(/^mwf_dashboard=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/admin\/queues/);
    expect(cookie).toMatch(/Max-Age=900/);
    const pair = cookie.split(';')[0];
    const page = await t.get('/admin/queues', { headers: { cookie: pair } });
    expect(page.status).toBe(200);
    expect((await t.get('/admin/queues/api/queues', { headers: { cookie: pair } })).status).toBe(200);

    // The token in the address is no way in any more, and the cookie's token is no access token.
    const query = await fetch(`${t.baseUrl}/admin/queues?access_token=${encodeURIComponent(token)}`, {
      redirect: 'manual',
    });
    expect(query.status).toBe(401);
    expect(query.headers.get('set-cookie')).toBeNull();
    const dashboardToken = pair.split('=').slice(1).join('=');
    expect((await t.get('/api/v1/me', { token: dashboardToken })).status).toBe(401);
    expect((await t.get('/admin/queues', { headers: { cookie: `mwf_dashboard=${token}` } })).status).toBe(
      401,
    );
    expect((await t.get('/admin/queues', { headers: { cookie: `access_token=${token}` } })).status).toBe(401);
  });
});
