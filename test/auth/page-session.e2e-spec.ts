import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createAndSubmit,
  createDoc,
  decide,
  docType,
  makePerson,
  makeUnit,
  pendingTask,
  workflowType,
} from '../approvals/approvals-fixtures.js';
import { PageSessionService } from '../../src/auth/page-session.service.js';
import { RefreshTokensService } from '../../src/auth/refresh-tokens.service.js';
import { SignedInPageData } from '../../src/ops/signed-in-page-data.js';
import { createElection, setUpAssociation } from '../elections/election-fixtures.js';
import { createUser, pastRefreshGrace } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { waitFor } from '../support/wait.js';

/**
 * The `page_session` cookie (src/auth/page-session.service.ts): set beside the refresh cookie, it
 * lets the server render a signed-in page's first paint, and nothing else.
 */

const INDEX =
  '<!doctype html>\n<html lang="en">\n  <head>\n    <title>Ministry workflow</title>\n' +
  '    <script type="module" crossorigin src="/assets/index-Ab12Cd.js"></script>\n' +
  '  </head>\n  <body>\n    <div id="root"></div>\n  </body>\n</html>\n';
const HTML = { accept: 'text/html' };

/**
 * The build's server render (web/src/entry-server.tsx, built into `.server/`) stands in here as a
 * module that writes what it was given: the user's name and the page's data. What the real
 * components make of it is the browser tests' part (web/e2e/signed-in-pages.e2e.ts).
 */
const SERVER_RENDER = `
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => '&#' + c.charCodeAt(0) + ';');
export async function render({ url, language, user, queries }) {
  if (JSON.stringify(queries).includes('RENDER-FAILS')) throw new Error('a component failed');
  return '<main data-url="' + esc(url) + '" data-language="' + language + '"><p>' +
    esc(language === 'km' ? user.fullNameKm : user.fullName) + '</p><pre>' + esc(JSON.stringify(queries)) + '</pre></main>';
}
`;

/** What a rendered page carries for the app: its data (the JSON beside `#root`). */
function prerendered(raw: string): { signedIn: boolean; queries: { key: unknown[]; data: unknown }[] } {
  const json = /<script type="application\/json" id="prerendered">(.*?)<\/script>/s.exec(raw)?.[1];
  expect(json).toBeDefined();
  return JSON.parse(json!) as { signedIn: boolean; queries: { key: unknown[]; data: unknown }[] };
}

/**
 * The value with its signed links' expiry and signature left out: two answers made a second apart
 * sign the same link with another `exp` (now + the links' lifetime), so another `sig`.
 */
function unstamped(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value)
      .replace(/([?&])exp=\d+/g, '$1exp=_')
      .replace(/([?&])sig=[\w-]+/g, '$1sig=_'),
  );
}

/** A POST as a browser sends it; `cookies`: every Set-Cookie line (fetch's headers merge them). */
async function browserPost(
  t: TestApp,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any; cookies: string[] }> {
  const res = await fetch(`${t.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, cookies: res.headers.getSetCookie() };
}

/** A cookie a response sets, by name: its value and attributes (lower-case names). */
function setCookie(
  res: { cookies: string[] },
  name: string,
): { value: string; attributes: Record<string, string> } | undefined {
  const line = res.cookies.find((c) => c.trim().startsWith(`${name}=`));
  if (!line) return undefined;
  const [pair, ...attrs] = line.split(';').map((s: string) => s.trim());
  const attributes: Record<string, string> = {};
  for (const a of attrs) {
    const [key, ...rest] = a.split('=');
    attributes[key.toLowerCase()] = rest.join('=');
  }
  return { value: decodeURIComponent(pair.slice(name.length + 1)), attributes };
}

describe('#15 the page cookie: signed-in pages rendered by the server, and no API credential', () => {
  let t: TestApp;
  let dist: string;
  let unitId: string;
  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'web-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), INDEX);
    writeFileSync(join(dist, 'assets', 'index-Ab12Cd.js'), 'console.log("app");');
    const strings = (language: string) =>
      Object.fromEntries(
        ['common', 'verify', 'home', 'inbox'].map((ns) => [
          ns,
          JSON.parse(readFileSync(join('web', 'src', 'i18n', language, `${ns}.json`), 'utf8')) as unknown,
        ]),
      );
    writeFileSync(join(dist, '.prerender.json'), JSON.stringify({ km: strings('km'), en: strings('en') }));
    mkdirSync(join(dist, '.server'));
    writeFileSync(join(dist, '.server', 'entry-server.js'), SERVER_RENDER);
    t = await createTestApp({ WEB_DIST_DIR: dist });
    unitId = (await makeUnit(t)).id;
  });
  afterAll(async () => {
    await t.close();
    rmSync(dist, { recursive: true, force: true });
  });

  /** A browser's sign-in: the answer, its two cookies, and the user. */
  async function signIn(locale: 'km' | 'en' = 'km', orgUnitId = unitId) {
    const { user, password } = await createUser(t, { orgUnitId, locale });
    const res = await browserPost(t, '/api/v1/auth/login', { username: user.username, password });
    expect(res.status).toBe(200);
    const page = setCookie(res, 'page_session')!;
    const refresh = setCookie(res, 'refresh_token')!;
    expect(page).toBeDefined();
    return { user, res, page, refresh, token: res.body.accessToken as string };
  }
  /** The frame's data on every page, as the API answers it: the unread notifications' count. */
  const unread = async (token: string) =>
    (await t.get('/api/v1/notifications/unread-count', { token })).body as unknown;
  const pageGet = (path: string, value: string) =>
    t.get(path, { headers: { ...HTML, cookie: `page_session=${encodeURIComponent(value)}` } });

  it('login sets it HttpOnly, Secure, SameSite=Strict, Path=/, as long as the refresh token; its value is no token', async () => {
    const { page, refresh, res } = await signIn();
    expect(page.attributes).toMatchObject({
      httponly: '',
      secure: '',
      samesite: 'Strict',
      path: '/',
      'max-age': String(t.config.JWT_REFRESH_TTL_SECONDS),
    });
    expect(refresh.attributes.path).toBe('/api/v1/auth');
    expect(page.value).not.toContain(res.body.refreshToken);
    expect(page.value).not.toContain(res.body.accessToken);
    expect(page.value.split('.')).toHaveLength(3);
    expect(page.value.startsWith('ps1.')).toBe(true);
  });

  it('refresh rotates it; the replaced one stops rendering once the refresh grace is over', async () => {
    const { user, page, refresh } = await signIn();
    const res = await browserPost(
      t,
      '/api/v1/auth/refresh',
      {},
      {
        cookie: `refresh_token=${encodeURIComponent(refresh.value)}`,
      },
    );
    expect(res.status).toBe(200);
    const next = setCookie(res, 'page_session')!;
    expect(next.attributes).toMatchObject({ httponly: '', secure: '', samesite: 'Strict', path: '/' });
    expect(next.value).not.toBe(page.value);
    const name = user.fullNameKm!;
    expect((await pageGet('/', next.value)).raw).toContain(name);
    // A reload whose refresh answer was lost still carries the old one: good within the grace.
    expect((await pageGet('/', page.value)).raw).toContain(name);
    await pastRefreshGrace(t, refresh.value);
    expect((await pageGet('/', page.value)).raw).toBe(INDEX);
    expect((await pageGet('/', next.value)).raw).toContain(name);
  });

  it('a refused refresh and a logout clear it, and its pages are plain again', async () => {
    const a = await signIn();
    const refused = await browserPost(t, '/api/v1/auth/refresh', {}, { cookie: `refresh_token=not-a-token` });
    expect(refused.status).toBe(401);
    expect(setCookie(refused, 'page_session')?.attributes).toMatchObject({ 'max-age': '0', path: '/' });

    expect((await pageGet('/', a.page.value)).raw).toContain(a.user.fullNameKm!);
    const out = await browserPost(
      t,
      '/api/v1/auth/logout',
      {},
      {
        authorization: `Bearer ${a.token}`,
        cookie: `refresh_token=${encodeURIComponent(a.refresh.value)}`,
      },
    );
    expect(out.status).toBe(204);
    expect(setCookie(out, 'page_session')?.attributes).toMatchObject({ 'max-age': '0', path: '/' });
    // The browser drops it; one that kept it (stolen, replayed) gets nothing either.
    expect((await pageGet('/', a.page.value)).raw).toBe(INDEX);
  });

  it('a session ended elsewhere (password change ends the other logins) renders no data', async () => {
    const a = await signIn();
    const other = await browserPost(t, '/api/v1/auth/login', {
      username: a.user.username,
      password: 'test-password-1',
    });
    const otherPage = setCookie(other, 'page_session')!;
    expect((await pageGet('/', otherPage.value)).raw).toContain(a.user.fullNameKm!);
    const changed = await t.post(
      '/api/v1/auth/password',
      { currentPassword: 'test-password-1', newPassword: 'another-password-2' },
      { token: a.token },
    );
    expect(changed.status).toBe(200);
    expect((await pageGet('/', otherPage.value)).raw).toBe(INDEX);
    expect((await pageGet('/', a.page.value)).raw).toContain(a.user.fullNameKm!);
  });

  it('while the password an administrator set is not yet replaced, pages show nothing of the account', async () => {
    const { user, password } = await createUser(t, { orgUnitId: unitId, mustChangePassword: true });
    const res = await browserPost(t, '/api/v1/auth/login', { username: user.username, password });
    expect(res.status).toBe(200);
    const page = setCookie(res, 'page_session')!;
    expect((await pageGet('/', page.value)).raw).toBe(INDEX);
    const changed = await t.post(
      '/api/v1/auth/password',
      { currentPassword: password, newPassword: 'my-own-password-3' },
      { token: res.body.accessToken },
    );
    expect(changed.status).toBe(200);
    expect((await pageGet('/', page.value)).raw).toContain(user.fullNameKm!);
  });

  it('a document page: rendered with what the API answers the user, its title escaped; else the plain app', async () => {
    const owner = await signIn('km');
    // Of another unit: the API does not show them the draft (404), nor does the page.
    const stranger = await signIn('en', (await makeUnit(t)).id);
    const title = 'ផែនការថវិកា <img src=x onerror=alert(1)> & "Budget"</script>';
    const doc = await createDoc(
      t,
      { id: owner.user.id, token: owner.token, username: owner.user.username },
      { documentType: docType(), title },
    );
    const mine = await pageGet(`/documents/${doc.id}`, owner.page.value);
    expect(mine.status).toBe(200);
    expect(mine.headers['cache-control']).toBe('private, no-cache');
    expect(mine.raw).toContain('<html lang="km"');
    expect(mine.raw).toContain(`<main data-url="/documents/${doc.id}" data-language="km">`);
    expect(mine.raw).toContain(
      '<title>ផែនការថវិកា &lt;img src=x onerror=alert(1)&gt; &amp; &quot;Budget&quot;&lt;/script&gt; · ',
    );
    expect(mine.raw).not.toContain('<img src=x');
    expect(mine.raw).not.toContain('"Budget"</script>');
    expect(mine.raw).toContain(owner.user.fullNameKm!);
    // The data the app hydrates with is what the API answers the same user.
    const answer = await t.get(`/api/v1/documents/${doc.id}`, { token: owner.token });
    const rendered = prerendered(mine.raw);
    expect(unstamped(rendered)).toEqual(
      unstamped({
        signedIn: true,
        queries: [
          { key: ['document', doc.id], data: answer.body },
          { key: ['notifications', 'unread-count'], data: await unread(owner.token) },
        ],
      }),
    );
    // The page's own link to the version's file works as the API's does.
    const { downloadUrl } = (rendered.queries[0].data as { versions: { downloadUrl: string }[] }).versions[0];
    expect(downloadUrl).toMatch(/[?&]exp=\d+.*[?&]sig=[\w-]+/);
    expect((await fetch(`${t.baseUrl}${downloadUrl}`)).status).toBe(200);

    expect((await t.get(`/api/v1/documents/${doc.id}`, { token: stranger.token })).status).toBe(404);
    // Someone who may not see it, an unknown id, a bad id, no cookie, a forged cookie: the plain app.
    const forged = `ps1.${owner.page.value.split('.')[1]}.${'A'.repeat(43)}`;
    for (const [path, value] of [
      [`/documents/${doc.id}`, stranger.page.value],
      [`/documents/${randomUUID()}`, owner.page.value],
      ['/documents/not-an-id', owner.page.value],
      [`/documents/${doc.id}`, forged],
      [`/documents/${doc.id}`, owner.refresh.value],
    ] as const) {
      const res = await pageGet(path, value);
      expect([path, res.status, res.raw]).toEqual([path, 200, INDEX]);
    }
    expect((await t.get(`/documents/${doc.id}`, { headers: HTML })).raw).toBe(INDEX);

    // A page the app's render fails on is the plain app too (and logged), never a 500.
    const failing = await createDoc(
      t,
      { id: owner.user.id, token: owner.token, username: owner.user.username },
      { documentType: docType(), title: 'RENDER-FAILS' },
    );
    const res = await pageGet(`/documents/${failing.id}`, owner.page.value);
    expect([res.status, res.raw]).toEqual([200, INDEX]);

    // So is a page whose data cannot be read now (the database away): the app asks and says why.
    const read = jest
      .spyOn(SignedInPageData.prototype, 'document')
      .mockRejectedValueOnce(new Error('Connection terminated unexpectedly'));
    const away = await pageGet(`/documents/${doc.id}`, owner.page.value);
    expect(read).toHaveBeenCalledTimes(1);
    read.mockRestore();
    expect([away.status, away.raw]).toEqual([200, INDEX]);
  });

  it('the home page: the greeting, and what waits as the API answers it, in the profile language', async () => {
    const a = await signIn('en');
    // One document returned to me for revision, one in review.
    const me = { id: a.user.id, token: a.token, username: a.user.username };
    const approver = await makePerson(t, unitId, 'Home Approver');
    const type = await workflowType(t, 'Home', [
      { name: 'Check', mode: 'all', approvers: [{ userId: approver.id }] },
    ]);
    const back = await createAndSubmit(t, me, type);
    await createAndSubmit(t, me, type);
    const task = await pendingTask(t, approver, back.id);
    expect((await decide(t, approver, task.id, 'return', { reason: 'Add the table' })).status).toBe(200);
    // Its notice comes in the background: the frame's count is read once it has come.
    await waitFor(
      'the notice of the return',
      async () => ((await unread(a.token)) as { count: number }).count,
    );

    const res = await pageGet('/', a.page.value);
    expect(res.raw).toContain('<html lang="en"');
    expect(res.raw).toContain(`<title>Welcome, ${a.user.fullName} · `);
    const inbox = await t.get('/api/v1/approvals/inbox?limit=100', { token: a.token });
    const returned = await t.get('/api/v1/documents?box=mine&status=returned&limit=5', { token: a.token });
    const inReview = await t.get('/api/v1/documents?box=mine&status=in_review&limit=5', { token: a.token });
    expect([returned.body.items.length, inReview.body.items.length]).toEqual([1, 1]);
    const begun = await t.get(`/api/v1/meetings?to=${new Date().toISOString()}&limit=20`, { token: a.token });
    expect(begun.body).toEqual({ items: [], nextCursor: null });
    // Not a member of an association: no elections (the page does not ask either).
    expect(prerendered(res.raw).queries).toEqual([
      { key: ['inbox', 'home'], data: inbox.body },
      { key: ['documents', 'mine', 'returned'], data: returned.body },
      { key: ['documents', 'mine', 'in_review'], data: inReview.body },
      // The latest meetings that began, for the card of minutes to write (none for this user).
      { key: ['meetings', 'begun'], data: begun.body },
      { key: ['notifications', 'unread-count'], data: await unread(a.token) },
    ]);
  });

  it('the inbox page: every waiting task as the API answers it, with whom a delegate acts for; in Khmer', async () => {
    const approver = await signIn('km');
    const me = { id: approver.user.id, token: approver.token, username: approver.user.username };
    const director = await makePerson(t, unitId, 'Director Away');
    const staff = await makePerson(t, unitId);
    const mine = await workflowType(t, 'Mine', [
      { name: 'Check', mode: 'all', approvers: [{ userId: me.id }] },
    ]);
    const delegated = await workflowType(t, 'Delegated', [
      { name: 'Director', mode: 'all', approvers: [{ userId: director.id }] },
    ]);
    const period = {
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
    };
    const delegation = await t.post(
      '/api/v1/delegations',
      { toUserId: me.id, ...period, documentTypes: [delegated] },
      { token: director.token },
    );
    expect(delegation.status).toBe(201);
    await createAndSubmit(t, staff, mine);
    await createAndSubmit(t, staff, delegated);

    const res = await pageGet('/inbox', approver.page.value);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-cache');
    expect(res.raw).toContain('<html lang="km"');
    expect(res.raw).toContain('<title>ប្រអប់ការងារ · ');
    const inbox = await t.get('/api/v1/approvals/inbox?limit=100', { token: approver.token });
    expect(inbox.body.items).toHaveLength(2);
    const directorAsSent = await t.get(`/api/v1/people/${director.id}`, { token: approver.token });
    // (The frame's unread count last: the tasks' notifications arrive through the outbox meanwhile.)
    expect(prerendered(res.raw).queries).toEqual([
      { key: ['inbox', 'all'], data: inbox.body.items },
      { key: ['user', director.id], data: directorAsSent.body },
      { key: ['notifications', 'unread-count'], data: { count: expect.any(Number) } },
    ]);
    // A search in the address is rendered as the app will read it (`?q=`).
    const q = `/inbox?q=${encodeURIComponent('ផែនការ')}`;
    const searched = await pageGet(q, approver.page.value);
    expect(searched.raw).toContain(`<main data-url="${q}" data-language="km">`);
    // Without a good cookie: the plain app.
    expect((await t.get('/inbox', { headers: HTML })).raw).toBe(INDEX);
  });

  /** A page cookie for a user of a new login, made as the login route makes it (no password needed). */
  async function pageCookieFor(userId: string): Promise<string> {
    const refreshTokens = t.service<RefreshTokensService>(RefreshTokensService);
    const { sessionId, token } = await t.dataSource.transaction(async (em) => {
      const session = await refreshTokens.startSession(em, userId);
      return { sessionId: session, token: await refreshTokens.issue(em, userId, session) };
    });
    return t.service<PageSessionService>(PageSessionService).valueFor(sessionId, token);
  }

  it('an election page: the election and its association as the API answers a member; the plain app for an outsider', async () => {
    const s = await setUpAssociation(t, { active: 2, retired: 0, seats: 1 });
    const [candidate, member] = s.active;
    const { electionId } = await createElection(t, s, [candidate]);
    const mine = await pageGet(`/elections/${electionId}`, await pageCookieFor(member.id));
    expect(mine.raw).toContain('<html lang="km"');
    expect(mine.raw).toContain('<title>ការបោះឆ្នោតជ្រើសរើសគណៈកម្មការ អាណត្តិទី៧ (2014-2015) · ');
    const election = await t.get(`/api/v1/elections/${electionId}`, { token: member.token });
    const association = await t.get(`/api/v1/associations/${s.associationId}`, { token: member.token });
    expect(prerendered(mine.raw).queries).toEqual([
      { key: ['election', electionId], data: election.body },
      { key: ['association', s.associationId], data: association.body },
      { key: ['notifications', 'unread-count'], data: await unread(member.token) },
    ]);

    expect((await t.get(`/api/v1/elections/${electionId}`, { token: s.outsider.token })).status).toBe(404);
    const outsider = await pageGet(`/elections/${electionId}`, await pageCookieFor(s.outsider.id));
    expect(outsider.raw).toBe(INDEX);
  });

  it('is no API credential: no /api/v1 route answers it as a cookie otherwise than no cookie, nor as a bearer otherwise than garbage', async () => {
    const a = await signIn();
    const spec = (await t.get('/docs-json')).body as { paths: Record<string, Record<string, unknown>> };
    const paths = Object.entries(spec.paths)
      .filter(([, ops]) => 'get' in ops)
      .map(([path]) => path.replace(/\{[^}]+\}/g, randomUUID()));
    expect(paths.length).toBeGreaterThan(20);
    for (const path of paths) {
      const anonymous = await t.get(path);
      const asCookie = await t.get(path, {
        headers: { cookie: `page_session=${encodeURIComponent(a.page.value)}` },
      });
      const asBearer = await t.get(path, { token: a.page.value });
      const garbage = await t.get(path, { token: 'garbage' });
      expect([path, asCookie.status]).toEqual([path, anonymous.status]);
      expect([path, asBearer.status]).toEqual([path, garbage.status]);
    }
    // Nor does it refresh: it is not the refresh token, in the body or as the refresh cookie.
    const asBody = await t.post('/api/v1/auth/refresh', { refreshToken: a.page.value });
    expect(asBody.status).toBe(401);
    const asRefreshCookie = await t.post(
      '/api/v1/auth/refresh',
      {},
      { headers: { cookie: `refresh_token=${encodeURIComponent(a.page.value)}` } },
    );
    expect(asRefreshCookie.status).toBe(401);
    const pageOnly = await t.post(
      '/api/v1/auth/refresh',
      {},
      { headers: { cookie: `page_session=${encodeURIComponent(a.page.value)}` } },
    );
    expect(pageOnly.body.code).toBe('REFRESH_TOKEN_MISSING');
  });
});
