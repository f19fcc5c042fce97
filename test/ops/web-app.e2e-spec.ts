import { brotliCompressSync, gzipSync } from 'node:zlib';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const INDEX =
  '<!doctype html><html><head><script type="module" src="/assets/index-Ab12Cd.js"></script></head><body><div id="root"></div></body></html>';
const SCRIPT = 'console.log("app");';
const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** The directives of a CSP header, by name. */
function csp(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out[name] = values.join(' ');
  }
  return out;
}

describe('#15.1 the built web app is served at / with an index.html fallback', () => {
  let t: TestApp;
  let dist: string;
  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'web-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), INDEX);
    writeFileSync(join(dist, 'assets', 'index-Ab12Cd.js'), SCRIPT);
    writeFileSync(join(dist, 'assets', 'index-Ab12Cd.js.br'), brotliCompressSync(SCRIPT));
    writeFileSync(join(dist, 'assets', 'index-Ab12Cd.js.gz'), gzipSync(SCRIPT));
    writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    t = await createTestApp({ WEB_DIST_DIR: dist });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves index.html at / (never cached) and for app paths a browser opens', async () => {
    for (const path of [
      '/',
      '/documents/5b0c7e1e-2a4f-4f8e-9a51-0d6b1f7c1a11',
      '/verify/ABCD-1234',
      '/login',
      '/admin/users',
    ]) {
      const res = await t.get(path, { headers: HTML });
      expect([path, res.status]).toEqual([path, 200]);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.raw).toBe(INDEX);
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves hashed assets with a long immutable cache, other files revalidated', async () => {
    const js = await t.get('/assets/index-Ab12Cd.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.raw).toBe(SCRIPT);
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const icon = await t.get('/favicon.svg');
    expect(icon.status).toBe(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('#15 a browser that accepts brotli or gzip gets the compressed file the build wrote (phones on slow networks)', async () => {
    for (const encoding of ['br', 'gzip']) {
      const res = await fetch(`${t.baseUrl}/assets/index-Ab12Cd.js`, {
        headers: { 'accept-encoding': encoding },
      });
      expect([encoding, res.status, res.headers.get('content-encoding')]).toEqual([encoding, 200, encoding]);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      // fetch decodes what it asked for: the bytes arrive as the script itself.
      expect(await res.text()).toBe(SCRIPT);
    }
  });

  it('a missing asset, or a path asked for without text/html, is a 404 and not the app', async () => {
    const asset = await t.get('/assets/gone-123.js', { headers: { accept: '*/*' } });
    expect(asset.status).toBe(404);
    expect(asset.raw).not.toContain('<div id="root">');
    const json = await t.get('/documents/x', { headers: { accept: 'application/json' } });
    expect(json.status).toBe(404);
    expect(json.body.code).toBe('NOT_FOUND');
  });

  it('API, docs, health and metrics keep their routes and their JSON 404', async () => {
    for (const headers of [HTML, { accept: 'application/json' }]) {
      const unknown = await t.get('/api/v1/no-such-route', { headers });
      expect(unknown.status).toBe(404);
      expect(unknown.headers['content-type']).toMatch(/application\/json/);
      expect(unknown.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
      expect(unknown.headers['content-security-policy']).toBe(API_CSP);
      const deep = await t.get('/api/v1/documents/5b0c7e1e-2a4f-4f8e-9a51-0d6b1f7c1a11/nothing', { headers });
      expect(deep.status).toBe(404);
      expect(deep.body.code).toBe('NOT_FOUND');
    }
    const bare = await t.get('/api', { headers: HTML });
    expect(bare.status).toBe(404);
    expect(bare.body.code).toBe('NOT_FOUND');

    const live = await t.get('/health/live', { headers: HTML });
    expect(live.status).toBe(200);
    expect(live.headers['content-type']).toMatch(/application\/json/);
    expect((await t.get('/health/nothing', { headers: HTML })).body.code).toBe('NOT_FOUND');
    expect((await t.get('/docs-json', { headers: HTML })).body.openapi).toMatch(/^3\./);
    const docs = await t.get('/docs', { headers: HTML });
    expect(docs.status).toBe(200);
    expect(docs.raw).toMatch(/swagger/i);
    // /metrics is for admins on this port: refused, in JSON, not the app.
    const metrics = await t.get('/metrics', { headers: HTML });
    expect(metrics.status).toBe(401);
    expect(metrics.body.code).toBe('UNAUTHENTICATED');
    const login = await t.post('/documents', {});
    expect(login.status).toBe(404);
    expect(login.body.code).toBe('NOT_FOUND');
  });

  it('#15.2 the app has a CSP of its own: scripts from the origin only, no inline script or style', async () => {
    for (const path of ['/', '/documents/x', '/assets/index-Ab12Cd.js']) {
      const res = await t.get(path, { headers: HTML });
      const policy = csp(res.headers['content-security-policy']);
      expect(policy).toEqual({
        'default-src': "'self'",
        'script-src': "'self'",
        'style-src': "'self'",
        'img-src': "'self' data: blob:",
        'font-src': "'self'",
        'connect-src': "'self'",
        'object-src': "'none'",
        'frame-ancestors': "'none'",
        'base-uri': "'self'",
        'form-action': "'self'",
      });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it('#15.2 API answers keep the strict API headers; the docs keep their own page headers', async () => {
    const me = await t.get('/api/v1/me', { headers: HTML });
    expect(me.status).toBe(401);
    expect(me.headers['content-security-policy']).toBe(API_CSP);
    expect(me.headers['x-frame-options']).toBeUndefined();
    expect((await t.get('/health/live')).headers['content-security-policy']).toBe(API_CSP);
    expect((await t.get('/docs-json')).headers['content-security-policy']).toBe(API_CSP);
    const docs = csp((await t.get('/docs')).headers['content-security-policy']);
    expect(docs['script-src']).toContain("'unsafe-inline'");
  });
});

describe('#15.1 without a built web app (API-only deployments)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ WEB_DIST_DIR: join(tmpdir(), 'no-such-web-dist-dir') });
  });
  afterAll(async () => {
    await t.close();
  });

  it('/ says the web app is not built and how to build it; the API answers as before', async () => {
    const home = await t.get('/', { headers: HTML });
    expect(home.status).toBe(200);
    expect(home.headers['content-type']).toMatch(/^text\/html/);
    expect(home.raw).toContain('not built');
    expect(home.raw).toContain('npm run build');
    expect(csp(home.headers['content-security-policy'])['script-src']).toBe("'self'");
    const deep = await t.get('/documents/x', { headers: HTML });
    expect(deep.status).toBe(200);
    expect(deep.raw).toContain('npm run build');
    expect((await t.get('/api/v1/nothing', { headers: HTML })).body.code).toBe('NOT_FOUND');
    expect((await t.get('/health/live')).status).toBe(200);
  });
});
