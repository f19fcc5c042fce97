import { brotliCompressSync, gzipSync } from 'node:zlib';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { get as httpGet } from 'node:http';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const INDEX =
  '<!doctype html><html><head><script type="module" src="/assets/index-Ab12Cd.js"></script></head><body><div id="root"></div></body></html>';
const SCRIPT = 'console.log("app");';
const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** A GET with exactly these headers (fetch would add `accept: *\/*`): what curl or a QR app sends. */
function rawGet(
  base: string,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpGet(`${base}${path}`, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
  });
}

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

  it('a missing file is a 404 and not the app', async () => {
    for (const path of ['/assets/gone-123.js', '/assets/gone', '/robots.txt', '/documents/x/photo.png']) {
      const res = await t.get(path, { headers: { accept: '*/*' } });
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.raw).not.toContain('<div id="root">');
    }
  });

  it('#16 an app path asked for without text/html (curl, a QR scanner) still gets the app, not a JSON 404', async () => {
    for (const accept of [undefined, '*/*', 'application/json']) {
      for (const path of ['/documents/x', '/verify/ABCD-1234', '/login']) {
        const res = await rawGet(t.baseUrl, path, accept ? { accept } : {});
        expect([accept, path, res.status]).toEqual([accept, path, 200]);
        expect(res.headers['content-type']).toMatch(/^text\/html/);
        expect(res.body).toBe(INDEX);
      }
    }
    // The API keeps its JSON 404.
    const api = await rawGet(t.baseUrl, '/api/v1/no-such-route', {});
    expect(api.status).toBe(404);
    expect(JSON.parse(api.body)).toMatchObject({ code: 'NOT_FOUND' });
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

describe('#15 the login and verification pages come rendered, in the visitor language, styles inline', () => {
  const VITE_INDEX =
    '<!doctype html>\n<html lang="en">\n  <head>\n    <title>Ministry workflow</title>\n' +
    '    <script type="module" crossorigin src="/assets/index-Ab12Cd.js"></script>\n' +
    '    <link rel="stylesheet" crossorigin href="/assets/index-Ef34Gh.css">\n  </head>\n' +
    '  <body>\n    <div id="root"></div>\n  </body>\n</html>\n';
  const CSS = 'body{font-family:Noto Sans Khmer Variable,sans-serif}.verdict{font-size:2rem}';
  const strings = (language: string) =>
    Object.fromEntries(
      ['common', 'verify'].map((ns) => [
        ns,
        JSON.parse(readFileSync(join('web', 'src', 'i18n', language, `${ns}.json`), 'utf8')) as unknown,
      ]),
    );
  const km = strings('km') as {
    common: { login: { title: string } };
    verify: { notFound: string; notACode: string };
  };
  const en = strings('en') as {
    common: { login: { title: string } };
    verify: { notFound: string; notACode: string };
  };
  let t: TestApp;
  let dist: string;
  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'web-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), VITE_INDEX);
    writeFileSync(join(dist, 'assets', 'index-Ab12Cd.js'), SCRIPT);
    writeFileSync(join(dist, 'assets', 'index-Ef34Gh.css'), CSS);
    writeFileSync(join(dist, '.prerender.json'), JSON.stringify({ km, en }));
    t = await createTestApp({ WEB_DIST_DIR: dist });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('the login page in Khmer for a browser that prefers Khmer, its form in the HTML, its CSS inline and allowed by hash', async () => {
    const res = await t.get('/login', { headers: { ...HTML, 'accept-language': 'km-KH,km;q=0.9,en;q=0.5' } });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers.vary).toMatch(/Accept-Language/);
    expect(res.raw).toContain('<html lang="km"');
    expect(res.raw).toContain(`<h1>${km.common.login.title}</h1>`);
    expect(res.raw).toMatch(/<input id="username"[^>]*>/);
    expect(res.raw).toMatch(/<input id="password"[^>]*type="password"/);
    // The form posts (a password never lands in an address) and waits for the app to sign in.
    expect(res.raw).toContain('<form class="form" method="post" action="/login">');
    expect(res.raw).toMatch(/<button type="submit" class="button-primary" disabled>/);
    // The stylesheet is inline (no round trip before the first paint) and nothing else is.
    expect(res.raw).toContain(`<style>${CSS}</style>`);
    expect(res.raw).not.toContain('rel="stylesheet"');
    expect(res.raw).toContain('<script type="module" crossorigin src="/assets/index-Ab12Cd.js"></script>');
    const policy = csp(res.headers['content-security-policy']);
    const hash = createHash('sha256').update(CSS).digest('base64');
    expect(policy['style-src']).toBe(`'self' 'sha256-${hash}'`);
    expect(policy['script-src']).toBe("'self'");
    expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
  });

  it('the language cookie the app sets wins over the browser preference; English otherwise', async () => {
    const chosen = await t.get('/login', {
      headers: { ...HTML, 'accept-language': 'km', cookie: 'other=1; lang=en' },
    });
    expect(chosen.raw).toContain('<html lang="en"');
    expect(chosen.raw).toContain(`<h1>${en.common.login.title}</h1>`);
    const french = await t.get('/login?expired=1', { headers: { ...HTML, 'accept-language': 'fr-FR,fr' } });
    expect(french.raw).toContain('<html lang="en"');
    expect(french.raw).toContain('role="status"');
    const khmerLater = await t.get('/login', { headers: { ...HTML, 'accept-language': 'fr;q=1, km;q=0.8' } });
    expect(khmerLater.raw).toContain('<html lang="km"');
  });

  it('/verify/<code> says "Not found" in the HTML itself, without any script, whatever the client accepts', async () => {
    const res = await rawGet(t.baseUrl, '/verify/ABCD-EFGH-JKMN-PQRS', {});
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain(`<p class="verdict verdict-bad" role="status">${en.verify.notFound}</p>`);
    expect(res.body).toContain('value="ABCD-EFGH-JKMN-PQRS"');
    // The answer for the app, as data (the CSP runs no inline script).
    expect(res.body).toContain(
      '<script type="application/json" id="prerendered">{"verify":{"code":"ABCD-EFGH-JKMN-PQRS","status":404}}</script>',
    );
    const khmer = await t.get('/verify/ABCD-EFGH-JKMN-PQRS', { headers: { ...HTML, cookie: 'lang=km' } });
    expect(khmer.raw).toContain(`>${km.verify.notFound}</p>`);
    // A code of the wrong length is a typing slip: not called "not found".
    const short = await rawGet(t.baseUrl, '/verify/ABCD-EFGH-JKMN-PQR', {});
    expect(short.body).toContain(`<p class="verdict verdict-bad" role="status">${en.verify.notACode}</p>`);
    expect(short.body).not.toContain(en.verify.notFound);
  });

  it('the code form works without script: /verify?code= goes on to the code page; markup in a code is text', async () => {
    const res = await fetch(`${t.baseUrl}/verify?code=%20ab%2Fc%20`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/verify/ab%2Fc');
    // A code typed loosely (small letters, spaces) goes on written as codes are shown.
    const loose = await fetch(`${t.baseUrl}/verify?code=${encodeURIComponent(' bb6p b923 h543 2nv5 ')}`, {
      redirect: 'manual',
    });
    expect(loose.headers.get('location')).toBe('/verify/BB6P-B923-H543-2NV5');
    const plain = await t.get('/verify', { headers: HTML });
    expect(plain.raw).toContain('id="verify-code" name="code"');
    expect(plain.raw).not.toContain('id="prerendered"');
    const evil = await t.get(`/verify/${encodeURIComponent('"><script>alert(1)</script>')}`, {
      headers: HTML,
    });
    expect(evil.raw).not.toContain('<script>alert(1)');
    expect(evil.raw).toContain('&quot;&gt;&lt;script&gt;');
    expect(evil.raw).toContain('\\u003cscript>alert(1)\\u003c/script>');
  });

  it('sends the page compressed to a browser that takes brotli', async () => {
    const res = await fetch(`${t.baseUrl}/login`, { headers: { ...HTML, 'accept-encoding': 'br' } });
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(await res.text()).toContain('<div id="root"><main id="main" class="standalone login">');
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
