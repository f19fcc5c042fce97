import { adminToken, createUser, createUserWithToken } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

describe('org: units and posts', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await adminToken(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const unit = async (code: string, name: string, parentId?: string, nameKm?: string) => {
    const res = await t.post('/api/v1/org-units', { code, name, parentId, nameKm }, { token: admin });
    expect(res.status).toBe(201);
    return res.body as { id: string; code: string };
  };

  it('builds the tree: ministry > general department > departments > office', async () => {
    const ministry = await unit(
      'MPTC',
      'Ministry of Posts and Telecommunications',
      undefined,
      'ក្រសួងប្រៃសណីយ៍និងទូរគមនាគមន៍',
    );
    const gd = await unit('GDICT', 'General Department of ICT', ministry.id);
    const ict = await unit('ict', 'Department of ICT', gd.id, 'នាយកដ្ឋានព័ត៌មានវិទ្យា');
    const admin2 = await unit('ADM', 'Department of Administration', gd.id);
    const office = await unit('ICT-NET', 'Network Office', ict.id);
    expect(ict.code).toBe('ICT');

    const { token } = await createUserWithToken(t);
    const res = await t.get('/api/v1/org-units', { token });
    expect(res.status).toBe(200);
    const root = res.body.find((n: { id: string }) => n.id === ministry.id);
    expect(root).toMatchObject({
      code: 'MPTC',
      nameKm: 'ក្រសួងប្រៃសណីយ៍និងទូរគមនាគមន៍',
      parentId: null,
      children: [
        {
          id: gd.id,
          children: [
            { id: admin2.id, children: [] },
            { id: ict.id, nameKm: 'នាយកដ្ឋានព័ត៌មានវិទ្យា', children: [{ id: office.id, children: [] }] },
          ],
        },
      ],
    });

    const one = await t.get(`/api/v1/org-units/${office.id}`, { token });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ code: 'ICT-NET', parentId: ict.id });
    expect((await t.get('/api/v1/org-units/00000000-0000-4000-8000-000000000000', { token })).status).toBe(
      404,
    );
  });

  it('refuses a taken code (409 ORG_UNIT_CODE_TAKEN), an unknown parent, and bad codes', async () => {
    await unit('DUP', 'First');
    const dup = await t.post('/api/v1/org-units', { code: 'dup', name: 'Second' }, { token: admin });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('ORG_UNIT_CODE_TAKEN');

    const orphan = await t.post(
      '/api/v1/org-units',
      { code: 'ORPHAN', name: 'Orphan', parentId: '00000000-0000-4000-8000-000000000000' },
      { token: admin },
    );
    expect(orphan.status).toBe(400);
    expect(orphan.body.code).toBe('PARENT_NOT_FOUND');

    const bad = await t.post(
      '/api/v1/org-units',
      { code: '1 BAD', name: '', colour: 'red' },
      { token: admin },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'code',
      'colour',
      'name',
    ]);
  });

  it('records posts with dates and lists them, all or those held on a date', async () => {
    const u = await unit('POSTS', 'Posts unit');
    const { user: director } = await createUser(t, { fullNameKm: 'ស៊ាន សុខា' });
    const { user: former } = await createUser(t);
    const created = await t.post(
      `/api/v1/org-units/${u.id}/posts`,
      { title: 'Director', titleKm: 'ប្រធាននាយកដ្ឋាន', kind: 'head', userId: director.id, from: '2026-01-01' },
      { token: admin },
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      orgUnitId: u.id,
      kind: 'head',
      titleKm: 'ប្រធាននាយកដ្ឋាន',
      validFrom: '2026-01-01',
      validTo: null,
      user: { id: director.id, fullNameKm: 'ស៊ាន សុខា' },
    });
    await t.post(
      `/api/v1/org-units/${u.id}/posts`,
      { title: 'Director', kind: 'head', userId: former.id, from: '2020-01-01', to: '2025-12-31' },
      { token: admin },
    );
    const { token } = await createUserWithToken(t);
    const all = await t.get(`/api/v1/org-units/${u.id}/posts`, { token });
    expect(all.body.map((p: { userId: string }) => p.userId)).toEqual([director.id, former.id]);
    const in2024 = await t.get(`/api/v1/org-units/${u.id}/posts`, { token, query: { at: '2024-06-01' } });
    expect(in2024.body.map((p: { userId: string }) => p.userId)).toEqual([former.id]);
    const lastDay = await t.get(`/api/v1/org-units/${u.id}/posts`, { token, query: { at: '2025-12-31' } });
    expect(lastDay.body.map((p: { userId: string }) => p.userId)).toEqual([former.id]);

    const me = await t.get('/api/v1/me', { token: await tokenOf(director) });
    expect(me.body.posts).toEqual([
      expect.objectContaining({
        kind: 'head',
        title: 'Director',
        orgUnit: expect.objectContaining({ code: 'POSTS' }),
      }),
    ]);
  });

  const tokenOf = async (user: { id: string; username: string }) =>
    (await import('../helpers/auth.js')).tokenFor(t, user);

  it('refuses bad posts: unknown unit (404), unknown user, bad kind or dates, to before from', async () => {
    const u = await unit('BADPOST', 'Bad posts');
    const { user } = await createUser(t);
    const post = (id: string, body: Record<string, unknown>) =>
      t.post(`/api/v1/org-units/${id}/posts`, body, { token: admin });
    const base = { title: 'Head', kind: 'head', userId: user.id };

    const noUnit = await post('00000000-0000-4000-8000-000000000000', base);
    expect(noUnit.status).toBe(404);
    expect(noUnit.body.code).toBe('ORG_UNIT_NOT_FOUND');
    const noUser = await post(u.id, { ...base, userId: '00000000-0000-4000-8000-000000000000' });
    expect(noUser.status).toBe(400);
    expect(noUser.body.code).toBe('USER_NOT_FOUND');
    const badKind = await post(u.id, { ...base, kind: 'boss' });
    expect(badKind.status).toBe(400);
    expect(badKind.body.details[0].field).toBe('kind');
    const badDate = await post(u.id, { ...base, from: '2026-02-30' });
    expect(badDate.status).toBe(400);
    expect(badDate.body.details[0].field).toBe('from');
    const backwards = await post(u.id, { ...base, from: '2026-05-01', to: '2026-04-30' });
    expect(backwards.status).toBe(400);
    expect(backwards.body.details[0].field).toBe('to');
  });

  it('only admins create units and posts; any user reads', async () => {
    const u = await unit('READ', 'Readable');
    const { user, token } = await createUserWithToken(t);
    const post = await t.post(
      `/api/v1/org-units/${u.id}/posts`,
      { title: 'Head', kind: 'head', userId: user.id },
      { token },
    );
    expect(post.status).toBe(403);
    expect((await t.get(`/api/v1/org-units/${u.id}/posts`, { token })).status).toBe(200);
    expect((await t.get('/api/v1/org-units')).status).toBe(401);
  });

  it('ends a holding once (audited); refuses a second end, an end before the start, a post of another unit, and non-admins', async () => {
    const u = await unit('ENDS', 'Ending holdings');
    const other = await unit('ENDS2', 'Another unit');
    const { user } = await createUser(t);
    const created = await t.post(
      `/api/v1/org-units/${u.id}/posts`,
      { title: 'Head', kind: 'head', userId: user.id, from: '2026-02-01' },
      { token: admin },
    );
    const postId = created.body.id as string;
    const end = (unitId: string, body: Record<string, unknown>, token = admin) =>
      t.post(`/api/v1/org-units/${unitId}/posts/${postId}/end`, body, { token });

    const { token: member } = await createUserWithToken(t);
    const denied = await end(u.id, { to: '2026-06-30' }, member);
    expect(denied.status).toBe(403);
    const elsewhere = await end(other.id, { to: '2026-06-30' });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.code).toBe('ORG_POST_NOT_FOUND');
    const early = await end(u.id, { to: '2026-01-31' });
    expect(early.status).toBe(400);
    expect(early.body.details[0].field).toBe('to');
    const badDate = await end(u.id, { to: '2026-13-01' });
    expect(badDate.status).toBe(400);
    expect(badDate.body.code).toBe('VALIDATION_FAILED');
    const posts = await t.get(`/api/v1/org-units/${u.id}/posts`, { token: admin });
    expect(posts.body[0].validTo).toBeNull();

    const ended = await end(u.id, { to: '2026-06-30' });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ id: postId, validFrom: '2026-02-01', validTo: '2026-06-30' });
    const again = await end(u.id, { to: '2026-07-31' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ORG_POST_ALREADY_ENDED');
    const july = await t.get(`/api/v1/org-units/${u.id}/posts`, {
      token: admin,
      query: { at: '2026-07-01' },
    });
    expect(july.body).toEqual([]);
    const audit: { action: string; data: { to: string } }[] = await t.dataSource.query(
      `SELECT action, data FROM audit_log WHERE entity_id = $1 ORDER BY seq`,
      [postId],
    );
    expect(audit.map((a) => a.action)).toEqual(['org_post.created', 'org_post.ended']);
    expect(audit[1].data.to).toBe('2026-06-30');
  });
});
