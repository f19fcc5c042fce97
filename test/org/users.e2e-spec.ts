import { adminToken, createUser, createUserWithToken, login } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

describe('org: users', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await adminToken(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('an admin creates a user (username lower-cased); the user can log in; 409 USERNAME_TAKEN on a second', async () => {
    const body = {
      username: 'Sokha.Sean',
      password: 'password-123',
      fullName: 'Sean Sokha',
      fullNameKm: 'ស៊ាន សុខា',
      email: 'sokha@example.gov.kh',
      locale: 'en',
    };
    const res = await t.post('/api/v1/users', body, { token: admin });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      username: 'sokha.sean',
      fullNameKm: 'ស៊ាន សុខា',
      locale: 'en',
      status: 'active',
      roles: [],
      orgUnitId: null,
    });
    expect(res.body.passwordHash).toBeUndefined();
    expect(res.raw).not.toMatch(/argon2|password/i);

    const [row] = await t.dataSource.query('SELECT password_hash FROM users WHERE id = $1', [res.body.id]);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect((await login(t, 'sokha.sean', 'password-123')).user.id).toBe(res.body.id);

    const again = await t.post('/api/v1/users', { ...body, username: 'SOKHA.SEAN' }, { token: admin });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('USERNAME_TAKEN');

    const audit = await t.dataSource.query('SELECT action, actor_id FROM audit_log WHERE stream = $1', [
      `user:${res.body.id}`,
    ]);
    expect(audit).toEqual([{ action: 'user.created', actor_id: expect.any(String) }]);
  });

  it('refuses unknown fields and bad types with 400 VALIDATION_FAILED, field by field', async () => {
    const res = await t.post(
      '/api/v1/users',
      {
        username: 'a b',
        password: 'short',
        fullName: 42,
        locale: 'fr',
        roles: ['root'],
        orgUnitId: 'not-a-uuid',
        isSuperuser: true,
      },
      { token: admin },
    );
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const fields = (res.body.details as { field: string; problems: string[] }[]).map((d) => d.field).sort();
    expect(fields).toEqual([
      'fullName',
      'isSuperuser',
      'locale',
      'orgUnitId',
      'password',
      'roles',
      'username',
    ]);
    for (const d of res.body.details) expect(d.problems.length).toBeGreaterThan(0);
    const none = await t.dataSource.query(`SELECT 1 FROM users WHERE username = 'a b'`);
    expect(none).toEqual([]);
  });

  it('refuses an unknown org unit (400 ORG_UNIT_NOT_FOUND)', async () => {
    const res = await t.post(
      '/api/v1/users',
      {
        username: 'no-unit',
        password: 'password-123',
        fullName: 'No Unit',
        orgUnitId: '00000000-0000-4000-8000-000000000000',
      },
      { token: admin },
    );
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('ORG_UNIT_NOT_FOUND');
  });

  it('finds a user by a Khmer substring, and by Latin substrings in any case', async () => {
    const { user } = await createUser(t, {
      username: 'khmer.search',
      fullName: 'Sean Sokha',
      fullNameKm: 'ស៊ាន សុខា',
    });
    const { user: other } = await createUser(t, { fullName: 'Chan Dara', fullNameKm: 'ចាន់ ដារា' });
    const search = async (term: string) => {
      const res = await t.get('/api/v1/users', { token: admin, query: { search: term } });
      expect(res.status).toBe(200);
      return res.body.items as {
        id: string;
        username: string;
        fullName: string;
        fullNameKm: string | null;
      }[];
    };

    // Other tests' users may match too; every hit must contain the term, and ours must be there.
    for (const term of ['ស៊ាន', 'សុខា', 'ន សុ']) {
      const items = await search(term);
      expect(items.map((u) => u.id)).toContain(user.id);
      expect(items.map((u) => u.id)).not.toContain(other.id);
      for (const u of items) expect(u.fullNameKm).toContain(term);
    }
    expect((await search('ដារា')).map((u) => u.id)).toEqual([other.id]);

    const byLatin = await search('SOKH');
    expect(byLatin.map((u) => u.id)).toContain(user.id);
    for (const u of byLatin) expect(`${u.username} ${u.fullName}`.toLowerCase()).toContain('sokh');
    expect((await search('r.sea')).map((u) => u.id)).toEqual([user.id]);
    expect(await search('nobody-has-this-name')).toEqual([]);
    expect((await search('  ')).length).toBeGreaterThan(2);
  });

  it('treats % and _ in a search literally', async () => {
    await createUser(t, { fullName: 'Percent 100% Sure' });
    const token = admin;
    const pct = await t.get('/api/v1/users', { token, query: { search: '100%' } });
    expect(pct.body.items).toHaveLength(1);
    const all = await t.get('/api/v1/users', { token, query: { search: '%' } });
    expect(all.body.items).toHaveLength(1);
    const underscore = await t.get('/api/v1/users', { token, query: { search: '_' } });
    // Only usernames with an underscore (the u_<hex> test users), not every user.
    for (const u of underscore.body.items) expect(`${u.username}${u.fullName}`).toContain('_');
  });

  it('pages with a cursor, without repeats or gaps, and filters by unit and status', async () => {
    const unit = await t.post('/api/v1/org-units', { code: 'PAGE', name: 'Paging unit' }, { token: admin });
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { user } = await createUser(t, { username: `page-${i}`, orgUnitId: unit.body.id });
      made.push(user.id);
    }
    await createUser(t, { username: 'page-retired', orgUnitId: unit.body.id, status: 'retired' });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: Record<string, string> = { orgUnitId: unit.body.id, status: 'active', limit: '2' };
      if (cursor) query.cursor = cursor;
      const res = await t.get('/api/v1/users', { token: admin, query });
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((u: { id: string }) => u.id));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(made);

    const bad = await t.get('/api/v1/users', { token: admin, query: { cursor: 'garbage' } });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('INVALID_CURSOR');
    const badLimit = await t.get('/api/v1/users', { token: admin, query: { limit: 'many' } });
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.code).toBe('VALIDATION_FAILED');
  });

  it('inUnit=true lists only people of a unit, not the administrator nor others of no unit', async () => {
    const unit = await t.post('/api/v1/org-units', { code: 'INU', name: 'In a unit' }, { token: admin });
    const { user: member } = await createUser(t, { username: 'inunit-member', orgUnitId: unit.body.id });
    const { user: loose } = await createUser(t, { username: 'inunit-loose' });
    const list = async (query: Record<string, string>) => {
      const res = await t.get('/api/v1/users', { token: admin, query: { limit: '100', ...query } });
      expect(res.status).toBe(200);
      return res.body.items as { id: string; username: string; orgUnitId: string | null }[];
    };
    const inUnit = await list({ inUnit: 'true' });
    expect(inUnit.map((u) => u.id)).toContain(member.id);
    expect(inUnit.map((u) => u.id)).not.toContain(loose.id);
    expect(inUnit.map((u) => u.username)).not.toContain('admin');
    for (const u of inUnit) expect(u.orgUnitId).not.toBeNull();
    // false (or absent) filters nothing.
    expect((await list({ inUnit: 'false' })).map((u) => u.id)).toEqual(
      expect.arrayContaining([member.id, loose.id]),
    );
    const bad = await t.get('/api/v1/users', { token: admin, query: { inUnit: 'yes' } });
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('GET /users/:id: 200, 404 USER_NOT_FOUND, 400 for a malformed id', async () => {
    const { user } = await createUserWithToken(t);
    const token = admin;
    const ok = await t.get(`/api/v1/users/${user.id}`, { token });
    expect(ok.status).toBe(200);
    expect(ok.body.passwordHash).toBeUndefined();
    const missing = await t.get('/api/v1/users/00000000-0000-4000-8000-000000000000', { token });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('USER_NOT_FOUND');
    const malformed = await t.get('/api/v1/users/123', { token });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('VALIDATION_FAILED');
  });

  it('PATCH /users/:id: an admin changes a user; a non-admin may not, not even themselves', async () => {
    const { user, token } = await createUserWithToken(t);
    const self = await t.patch(`/api/v1/users/${user.id}`, { roles: ['admin'] }, { token });
    expect(self.status).toBe(403);

    const res = await t.patch(
      `/api/v1/users/${user.id}`,
      { fullNameKm: 'សុខ ស៊ាន', status: 'retired', email: null },
      { token: admin },
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ fullNameKm: 'សុខ ស៊ាន', status: 'retired', email: null });

    const badNull = await t.patch(`/api/v1/users/${user.id}`, { fullName: null }, { token: admin });
    expect(badNull.status).toBe(400);
    expect(badNull.body.details[0].field).toBe('fullName');
    const unknown = await t.patch(`/api/v1/users/${user.id}`, { username: 'renamed' }, { token: admin });
    expect(unknown.status).toBe(400);
  });

  it('an admin resets a password (and the lockout with it)', async () => {
    const { user, password } = await createUser(t);
    const before = await login(t, user.username, password);
    await t.dataSource.query(`UPDATE users SET locked_until = now() + interval '1 hour' WHERE id = $1`, [
      user.id,
    ]);
    const res = await t.patch(
      `/api/v1/users/${user.id}`,
      { password: 'brand-new-password' },
      { token: admin },
    );
    expect(res.status).toBe(200);
    expect((await login(t, user.username, 'brand-new-password')).user.id).toBe(user.id);
    // A login from before the reset ends, and its browser is told why.
    const ended = await t.post('/api/v1/auth/refresh', { refreshToken: before.refreshToken });
    expect([ended.status, ended.body.code, ended.body.details]).toEqual([
      401,
      'SESSION_ENDED',
      { reason: 'password_changed' },
    ]);
    const audit = await t.dataSource.query(
      `SELECT data FROM audit_log WHERE stream = $1 AND action = 'user.updated'`,
      [`user:${user.id}`],
    );
    expect(audit).toEqual([{ data: { passwordReset: true, mustChangePassword: true } }]);
  });

  it('refuses an admin disabling their own account (409 CANNOT_DISABLE_SELF); another admin may', async () => {
    const second = await createUserWithToken(t, { roles: ['admin'] });
    const self = await t.patch(
      `/api/v1/users/${second.user.id}`,
      { status: 'disabled' },
      { token: second.token },
    );
    expect(self.status).toBe(409);
    expect(self.body.code).toBe('CANNOT_DISABLE_SELF');
    const [row] = await t.dataSource.query('SELECT status FROM users WHERE id = $1', [second.user.id]);
    expect(row.status).toBe('active');
    // Their own other changes still go through; and another admin may disable them.
    expect(
      (await t.patch(`/api/v1/users/${second.user.id}`, { locale: 'en' }, { token: second.token })).status,
    ).toBe(200);
    const byOther = await t.patch(
      `/api/v1/users/${second.user.id}`,
      { status: 'disabled' },
      { token: admin },
    );
    expect(byOther.status).toBe(200);
    expect(byOther.body.status).toBe('disabled');
  });

  it('refuses to demote or disable the last active admin (409 LAST_ADMIN)', async () => {
    const me = await t.get('/api/v1/me', { token: admin });
    const others: { id: string }[] = await t.dataSource.query(
      `SELECT id FROM users WHERE 'admin' = ANY(roles) AND id <> $1`,
      [me.body.id],
    );
    // Other tests of this file may have made admins: demote them first.
    for (const o of others) {
      await t.dataSource.query(`UPDATE users SET roles = '{}' WHERE id = $1`, [o.id]);
    }
    const demote = await t.patch(`/api/v1/users/${me.body.id}`, { roles: [] }, { token: admin });
    expect(demote.status).toBe(409);
    expect(demote.body.code).toBe('LAST_ADMIN');
    const disable = await t.patch(`/api/v1/users/${me.body.id}`, { status: 'disabled' }, { token: admin });
    expect(disable.status).toBe(409);
  });

  it('GET /me and PATCH /me: the caller sees themselves and changes their own locale and e-mail only', async () => {
    const { user, token } = await createUserWithToken(t, { locale: 'km' });
    const me = await t.get('/api/v1/me', { token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: user.id, locale: 'km', roles: [], orgUnit: null, posts: [] });
    expect(me.body.passwordHash).toBeUndefined();

    const patched = await t.patch('/api/v1/me', { locale: 'en', email: 'me@example.gov.kh' }, { token });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ locale: 'en', email: 'me@example.gov.kh' });

    const sneaky = await t.patch('/api/v1/me', { roles: ['admin'] }, { token });
    expect(sneaky.status).toBe(400);
    expect(sneaky.body.details[0].field).toBe('roles');
    const badLocale = await t.patch('/api/v1/me', { locale: 'fr' }, { token });
    expect(badLocale.status).toBe(400);
  });
});
