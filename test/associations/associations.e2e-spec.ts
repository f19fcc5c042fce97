import { adminToken, createUserWithToken, createUser } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

describe('associations', () => {
  let t: TestApp;
  let admin: string;
  let assocId: string;
  let assocAdmin: { user: { id: string; username: string }; token: string };
  let member: { user: { id: string; username: string }; token: string };
  let outsider: { user: { id: string }; token: string };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await adminToken(t);
    assocAdmin = await createUserWithToken(t, { fullNameKm: 'សុខ ស៊ាន' });
    member = await createUserWithToken(t);
    outsider = await createUserWithToken(t);
    const res = await t.post(
      '/api/v1/associations',
      { name: "Workers' Association", nameKm: 'សមាគមបុគ្គលិកក្រសួងប្រៃសណីយ៍និងទូរគមនាគមន៍', foundedOn: '2001-05-01' },
      { token: admin },
    );
    expect(res.status).toBe(201);
    assocId = res.body.id;
    expect(res.body.nameKm).toBe('សមាគមបុគ្គលិកក្រសួងប្រៃសណីយ៍និងទូរគមនាគមន៍');
    const add = await t.post(
      `/api/v1/associations/${assocId}/members`,
      {
        userId: assocAdmin.user.id,
        status: 'active',
        role: 'admin',
        memberNo: 'A-0001',
        joinedOn: '2010-01-01',
      },
      { token: admin },
    );
    expect(add.status).toBe(201);
  });
  afterAll(async () => {
    await t.close();
  });

  it('only an admin creates associations', async () => {
    const res = await t.post('/api/v1/associations', { name: 'X' }, { token: member.token });
    expect(res.status).toBe(403);
    expect((await t.post('/api/v1/associations', { name: 'X' })).status).toBe(401);
    expect((await t.post('/api/v1/associations', { name: 'X', extra: 1 }, { token: admin })).status).toBe(
      400,
    );
  });

  it('lets the association admin add members; refuses duplicates and non-admins', async () => {
    const url = `/api/v1/associations/${assocId}/members`;
    const ok = await t.post(
      url,
      { userId: member.user.id, status: 'retired', memberNo: 'A-0002' },
      { token: assocAdmin.token },
    );
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({
      userId: member.user.id,
      status: 'retired',
      role: 'member',
      memberNo: 'A-0002',
    });
    const again = await t.post(
      url,
      { userId: member.user.id, status: 'active' },
      { token: assocAdmin.token },
    );
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ALREADY_MEMBER');
    const other = await createUser(t);
    const takenNo = await t.post(
      url,
      { userId: other.user.id, status: 'active', memberNo: 'A-0002' },
      { token: assocAdmin.token },
    );
    expect(takenNo.body.code).toBe('MEMBER_NO_TAKEN');
    const byMember = await t.post(url, { userId: other.user.id, status: 'active' }, { token: member.token });
    expect(byMember.status).toBe(403);
    expect(byMember.body.code).toBe('NOT_ASSOCIATION_ADMIN');
    const byOutsider = await t.post(
      url,
      { userId: other.user.id, status: 'active' },
      { token: outsider.token },
    );
    expect(byOutsider.status).toBe(404);
  });

  it('hides the association and its members from non-members', async () => {
    expect((await t.get(`/api/v1/associations/${assocId}`, { token: outsider.token })).status).toBe(404);
    expect((await t.get(`/api/v1/associations/${assocId}/members`, { token: outsider.token })).status).toBe(
      404,
    );
    const mine = await t.get('/api/v1/associations', { token: outsider.token });
    expect(mine.body.items).toEqual([]);
    const asMember = await t.get('/api/v1/associations', { token: member.token });
    expect(asMember.body.items.map((a: { id: string }) => a.id)).toEqual([assocId]);
  });

  it('imports members from CSV all-or-nothing, with a report of rejected rows', async () => {
    const users = await Promise.all(
      Array.from({ length: 5 }, (_, i) => createUser(t, { fullNameKm: `សមាជិក ${i}` })),
    );
    const url = `/api/v1/associations/${assocId}/members/import`;
    const bad = [
      'username,status,memberNo,joinedOn,role',
      `${users[0].user.username},active,B-1,2012-01-01,`,
      `nobody-here,active,B-2,,`,
      `${users[1].user.username},sleeping,B-3,,`,
      `${users[2].user.username},active,B-1,,`,
      `${member.user.username},active,,,`,
    ].join('\n');
    const rejected = await t.post(url, bad, {
      token: assocAdmin.token,
      headers: { 'content-type': 'text/csv' },
    });
    expect(rejected.status).toBe(400);
    expect(rejected.body.code).toBe('MEMBER_IMPORT_REJECTED');
    expect(rejected.body.details.rejected).toEqual([
      { line: 3, reason: expect.stringContaining('unknown username') },
      { line: 4, reason: expect.stringContaining('status must be') },
      { line: 5, reason: expect.stringContaining('also on line 2') },
      { line: 6, reason: 'already a member' },
    ]);
    const none = await t.get(`/api/v1/associations/${assocId}/members`, { token: assocAdmin.token });
    expect(none.body.items).toHaveLength(2);

    const good = [
      'userId,status,member_no,joinedOn,role',
      ...users.map(
        (u, i) =>
          `${u.user.id},${i % 2 ? 'retired' : 'active'},B-${i + 1},2012-01-0${i + 1},${i === 0 ? 'committee' : ''}`,
      ),
    ].join('\r\n');
    const ok = await t.post(url, { csv: good }, { token: assocAdmin.token });
    expect(ok.status).toBe(201);
    expect(ok.body).toEqual({ imported: 5, rejected: [] });

    const retired = await t.get(`/api/v1/associations/${assocId}/members`, {
      token: member.token,
      query: { status: 'retired', limit: '2' },
    });
    expect(retired.status).toBe(200);
    expect(retired.body.items).toHaveLength(2);
    expect(retired.body.nextCursor).toBeTruthy();
    const next = await t.get(`/api/v1/associations/${assocId}/members`, {
      token: member.token,
      query: { status: 'retired', limit: '2', cursor: retired.body.nextCursor },
    });
    expect(next.body.items).toHaveLength(1);
    expect(next.body.nextCursor).toBeNull();
    const all = [...retired.body.items, ...next.body.items];
    expect(all.every((m: { status: string }) => m.status === 'retired')).toBe(true);
    expect(all.some((m: { fullNameKm: string }) => m.fullNameKm?.startsWith('សមាជិក'))).toBe(true);

    const garbage = await t.post(url, 'name\nx', {
      token: assocAdmin.token,
      headers: { 'content-type': 'text/csv' },
    });
    expect(garbage.status).toBe(400);
    expect(garbage.body.code).toBe('CSV_INVALID');
    const byMember = await t.post(url, { csv: good }, { token: member.token });
    expect(byMember.status).toBe(403);
  });

  it('creates terms (unique number) and shows an empty board to members', async () => {
    const url = `/api/v1/associations/${assocId}/terms`;
    const term = await t.post(
      url,
      { number: 7, startsOn: '2014-01-01', endsOn: '2015-12-31', boardSeats: 11 },
      { token: assocAdmin.token },
    );
    expect(term.status).toBe(201);
    const dup = await t.post(
      url,
      { number: 7, startsOn: '2014-01-01', endsOn: '2015-12-31', boardSeats: 11 },
      { token: assocAdmin.token },
    );
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('TERM_NUMBER_TAKEN');
    const backwards = await t.post(
      url,
      { number: 8, startsOn: '2016-01-01', endsOn: '2015-12-31', boardSeats: 11 },
      { token: assocAdmin.token },
    );
    expect(backwards.status).toBe(400);
    expect(
      (
        await t.post(
          url,
          { number: 9, startsOn: '2016-01-01', endsOn: '2017-12-31', boardSeats: 11 },
          { token: member.token },
        )
      ).status,
    ).toBe(403);
    const board = await t.get(`/api/v1/associations/${assocId}/terms/${term.body.id}/board`, {
      token: member.token,
    });
    expect(board.status).toBe(200);
    expect(board.body).toMatchObject({ term: { number: 7, boardSeats: 11 }, members: [], substitutes: [] });
    expect(
      (await t.get(`/api/v1/associations/${assocId}/terms/${term.body.id}/board`, { token: outsider.token }))
        .status,
    ).toBe(404);
  });
});
