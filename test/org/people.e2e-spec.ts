import { adminToken, createUser, createUserWithToken } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * The directory as colleagues see it: names and units, never sign-in names, e-mail, roles or
 * status (a walk found `GET /users` gave any signed-in member all of them, although members of an
 * association are promised they see no one's sign-in name).
 */
describe('org: the people directory', () => {
  let t: TestApp;
  let admin: string;
  let unitId: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await adminToken(t);
    unitId = (
      await t.post(
        '/api/v1/org-units',
        { code: 'PPL', name: 'People unit', nameKm: 'អង្គភាពបុគ្គល' },
        { token: admin },
      )
    ).body.id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('accounts are for administrators only: a member gets 403 on GET /users and GET /users/:id', async () => {
    const { user, token } = await createUserWithToken(t);
    for (const path of ['/api/v1/users', `/api/v1/users/${user.id}`, '/api/v1/users?search=admin']) {
      const res = await t.get(path, { token });
      expect([path, res.status, res.body.code]).toEqual([path, 403, 'FORBIDDEN']);
    }
    expect((await t.get('/api/v1/users', { token: admin })).status).toBe(200);
    expect((await t.get('/api/v1/people')).status).toBe(401);
  });

  it('a colleague finds others by Latin or Khmer name, with their unit, and nothing of their account', async () => {
    const { user: sokha } = await createUser(t, {
      username: 'people.sokha',
      fullName: 'Peoplesearch Sokha',
      fullNameKm: 'ស៊ានជន សុខា',
      email: 'people.sokha@example.gov.kh',
      roles: ['admin'],
      orgUnitId: unitId,
    });
    const { token } = await createUserWithToken(t);
    const find = async (search: string) =>
      (await t.get('/api/v1/people', { token, query: { search } })).body.items as Record<string, unknown>[];
    const [found] = await find('peoplesearch');
    expect(found).toEqual({
      id: sokha.id,
      fullName: 'Peoplesearch Sokha',
      fullNameKm: 'ស៊ានជន សុខា',
      orgUnit: { id: unitId, code: 'PPL', name: 'People unit', nameKm: 'អង្គភាពបុគ្គល' },
    });
    expect((await find('ស៊ានជន')).map((p) => p.id)).toEqual([sokha.id]);
    // A sign-in name finds nobody (it would tell whose it is).
    expect(await find('people.sokha')).toEqual([]);
    const one = await t.get(`/api/v1/people/${sokha.id}`, { token });
    expect(one.status).toBe(200);
    expect(one.body).toEqual(found);
    expect(one.raw).not.toMatch(/people\.sokha|example\.gov\.kh|admin/);
  });

  it('lists active accounts only, by name, a page at a time without repeats; names a disabled one by id', async () => {
    const made: string[] = [];
    for (const n of ['Ca', 'Aa', 'Ba', 'Ba']) {
      const { user } = await createUser(t, { fullName: `Pagedpeople ${n}`, orgUnitId: unitId });
      made.push(user.id);
    }
    const { user: gone } = await createUser(t, { fullName: 'Pagedpeople Zz', status: 'disabled' });
    const { token } = await createUserWithToken(t);
    const seen: { id: string; fullName: string }[] = [];
    let cursor: string | null = null;
    do {
      const query: Record<string, string> = { search: 'Pagedpeople', limit: '1' };
      if (cursor) query.cursor = cursor;
      const res = await t.get('/api/v1/people', { token, query });
      expect(res.status).toBe(200);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen.map((p) => p.fullName)).toEqual([
      'Pagedpeople Aa',
      'Pagedpeople Ba',
      'Pagedpeople Ba',
      'Pagedpeople Ca',
    ]);
    expect(new Set(seen.map((p) => p.id))).toEqual(new Set(made));
    const named = await t.get(`/api/v1/people/${gone.id}`, { token });
    expect(named.status).toBe(200);
    expect(named.body).toMatchObject({ fullName: 'Pagedpeople Zz', orgUnit: null });
  });

  it('bad input: 404 USER_NOT_FOUND, 400 for a malformed id or cursor', async () => {
    const { token } = await createUserWithToken(t);
    const missing = await t.get('/api/v1/people/00000000-0000-4000-8000-000000000000', { token });
    expect([missing.status, missing.body.code]).toEqual([404, 'USER_NOT_FOUND']);
    const malformed = await t.get('/api/v1/people/123', { token });
    expect([malformed.status, malformed.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const cursor = Buffer.from(JSON.stringify(['x', 'not-a-uuid'])).toString('base64url');
    const bad = await t.get('/api/v1/people', { token, query: { cursor } });
    expect([bad.status, bad.body.code]).toEqual([400, 'INVALID_CURSOR']);
  });
});
