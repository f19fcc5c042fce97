import { adminToken, createUserWithToken } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

describe('GET /me', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await adminToken(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists the associations and working groups one belongs to, and nothing of others', async () => {
    const me = await createUserWithToken(t, { fullName: 'Sok Dara', fullNameKm: 'សុខ ដារ៉ា' });
    const other = await createUserWithToken(t);

    const assoc = await t.post(
      '/api/v1/associations',
      { name: 'Officials', nameKm: 'សមាគមមន្ត្រី' },
      { token: admin },
    );
    expect(assoc.status).toBe(201);
    const member = await t.post(
      `/api/v1/associations/${assoc.body.id}/members`,
      { userId: me.user.id, status: 'retired', memberNo: 'M-1' },
      { token: admin },
    );
    expect(member.status).toBe(201);
    const group = await t.post(
      '/api/v1/working-groups',
      { name: 'Digital government', nameKm: 'រដ្ឋាភិបាលឌីជីថល' },
      { token: admin },
    );
    expect(group.status).toBe(201);
    const role = await t.post(
      `/api/v1/working-groups/${group.body.id}/members`,
      { userId: me.user.id, role: 'secretary' },
      { token: admin },
    );
    expect(role.status).toBe(201);

    const res = await t.get('/api/v1/me', { token: me.token });
    expect(res.status).toBe(200);
    expect(res.body.fullNameKm).toBe('សុខ ដារ៉ា');
    expect(res.body.memberships.associations).toEqual([
      expect.objectContaining({
        associationId: assoc.body.id,
        nameKm: 'សមាគមមន្ត្រី',
        status: 'retired',
        memberNo: 'M-1',
      }),
    ]);
    expect(res.body.memberships.workingGroups).toEqual([
      expect.objectContaining({ groupId: group.body.id, nameKm: 'រដ្ឋាភិបាលឌីជីថល', roles: ['secretary'] }),
    ]);

    const theirs = await t.get('/api/v1/me', { token: other.token });
    expect(theirs.body.memberships).toEqual({ associations: [], workingGroups: [] });
  });

  it('shows an admin only the groups they are a member of', async () => {
    const res = await t.get('/api/v1/me', { token: admin });
    expect(res.status).toBe(200);
    expect(res.body.memberships.workingGroups).toEqual([]);
  });
});
