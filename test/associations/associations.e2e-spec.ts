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

  it("lets the association admin change one member's status and role; keeps the last admin; a no-op writes nothing", async () => {
    const url = (userId: string) => `/api/v1/associations/${assocId}/members/${userId}`;
    const memberAudit = async () =>
      (
        await t.dataSource.query(
          `SELECT count(*)::int AS n FROM audit_log WHERE stream = $1 AND action = 'association.member_updated'`,
          [`association:${assocId}`],
        )
      )[0].n as number;
    const row = async (userId: string) =>
      (
        await t.dataSource.query(
          `SELECT status, role FROM association_members WHERE association_id = $1 AND user_id = $2`,
          [assocId, userId],
        )
      )[0];
    // Who may not: the member themself, an outsider (who learns nothing), nobody signed in.
    const byMember = await t.patch(url(member.user.id), { status: 'active' }, { token: member.token });
    expect([byMember.status, byMember.body.code]).toEqual([403, 'NOT_ASSOCIATION_ADMIN']);
    expect((await t.patch(url(member.user.id), { status: 'active' }, { token: outsider.token })).status).toBe(
      404,
    );
    expect((await t.patch(url(member.user.id), { status: 'active' })).status).toBe(401);
    const bad = await t.patch(url(member.user.id), { status: 'gone' }, { token: assocAdmin.token });
    expect(bad.status).toBe(400);
    const notMember = await t.patch(url(outsider.user.id), { status: 'active' }, { token: assocAdmin.token });
    expect([notMember.status, notMember.body.code]).toEqual([404, 'MEMBER_NOT_FOUND']);
    expect(await row(member.user.id)).toEqual({ status: 'retired', role: 'member' });

    const before = await memberAudit();
    const changed = await t.patch(
      url(member.user.id),
      { status: 'active', role: 'committee' },
      { token: assocAdmin.token },
    );
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ userId: member.user.id, status: 'active', role: 'committee' });
    expect(await memberAudit()).toBe(before + 1);
    // Sent again, it changes nothing and records nothing.
    const again = await t.patch(
      url(member.user.id),
      { status: 'active', role: 'committee' },
      { token: assocAdmin.token },
    );
    expect(again.body).toMatchObject({ status: 'active', role: 'committee' });
    expect(await memberAudit()).toBe(before + 1);

    // The association keeps an admin: its only one may not step down (nobody could add members).
    const lastAdmin = await t.patch(url(assocAdmin.user.id), { role: 'member' }, { token: assocAdmin.token });
    expect([lastAdmin.status, lastAdmin.body.code]).toEqual([409, 'LAST_ASSOCIATION_ADMIN']);
    expect(await row(assocAdmin.user.id)).toMatchObject({ role: 'admin' });
    // With a second admin, the first may.
    await t.patch(url(member.user.id), { role: 'admin' }, { token: assocAdmin.token });
    const stepDown = await t.patch(url(assocAdmin.user.id), { role: 'member' }, { token: assocAdmin.token });
    expect(stepDown.body.role).toBe('member');
    // Back as the test began: the member retired, assocAdmin the admin.
    await t.patch(url(assocAdmin.user.id), { role: 'admin' }, { token: member.token });
    await t.patch(url(member.user.id), { status: 'retired', role: 'member' }, { token: assocAdmin.token });
    expect(await row(member.user.id)).toEqual({ status: 'retired', role: 'member' });
    expect(await row(assocAdmin.user.id)).toMatchObject({ role: 'admin' });
  });

  it('two admins stepping down at once: one does, the other is refused; the association keeps an admin', async () => {
    const url = (userId: string) => `/api/v1/associations/${assocId}/members/${userId}`;
    expect((await t.patch(url(member.user.id), { role: 'admin' }, { token: assocAdmin.token })).status).toBe(
      200,
    );
    const [a, b] = await Promise.all([
      t.patch(url(assocAdmin.user.id), { role: 'member' }, { token: assocAdmin.token }),
      t.patch(url(member.user.id), { role: 'member' }, { token: member.token }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect([a, b].find((r) => r.status === 409)!.body.code).toBe('LAST_ASSOCIATION_ADMIN');
    const admins = await t.dataSource.query<{ user_id: string }[]>(
      `SELECT user_id FROM association_members WHERE association_id = $1 AND role = 'admin'`,
      [assocId],
    );
    expect(admins).toHaveLength(1);
    // Back as before: assocAdmin the admin, member a member.
    const stayed = admins[0].user_id === assocAdmin.user.id ? assocAdmin : member;
    await t.patch(url(assocAdmin.user.id), { role: 'admin' }, { token: stayed.token });
    await t.patch(url(member.user.id), { role: 'member' }, { token: assocAdmin.token });
    expect(
      await t.dataSource.query(
        `SELECT user_id FROM association_members WHERE association_id = $1 AND role = 'admin'`,
        [assocId],
      ),
    ).toEqual([{ user_id: assocAdmin.user.id }]);
  });

  it('shows sign-in names to those who manage members only; others find members by name or number', async () => {
    const url = `/api/v1/associations/${assocId}/members`;
    const byMember = await t.get(url, { token: member.token });
    expect(byMember.status).toBe(200);
    expect(byMember.body.items.length).toBeGreaterThanOrEqual(2);
    expect(byMember.body.items.map((m: { username: string | null }) => m.username)).toEqual(
      byMember.body.items.map(() => null),
    );
    expect(byMember.body.items[0]).toMatchObject({ unitName: null, unitNameKm: null, boardRole: null });
    // A username finds nobody for them (no probing for sign-in names); a name or number does.
    const probe = await t.get(url, { token: member.token, query: { search: assocAdmin.user.username } });
    expect(probe.body.items).toEqual([]);
    const byNumber = await t.get(url, { token: member.token, query: { search: 'A-0001' } });
    expect(byNumber.body.items.map((m: { userId: string }) => m.userId)).toEqual([assocAdmin.user.id]);
    for (const token of [assocAdmin.token, admin]) {
      const found = await t.get(url, { token, query: { search: assocAdmin.user.username } });
      expect(found.body.items).toEqual([
        expect.objectContaining({ userId: assocAdmin.user.id, username: assocAdmin.user.username }),
      ]);
    }
  });

  it('imports members from CSV row by row: good rows in, bad rows reported, a re-upload changes nothing', async () => {
    const users = await Promise.all(
      Array.from({ length: 5 }, (_, i) => createUser(t, { fullNameKm: `សមាជិក ${i}` })),
    );
    const url = `/api/v1/associations/${assocId}/members/import`;
    const mixed = [
      'username,status,memberNo,joinedOn,role',
      `${users[0].user.username},active,B-1,2012-01-01,`,
      `nobody-here,active,B-2,,`,
      `${users[1].user.username},sleeping,B-3,,`,
      `${users[2].user.username},active,B-1,,`,
      `${member.user.username},active,,,`,
      `${users[0].user.username},retired,,,`,
    ].join('\n');
    const first = await t.post(url, mixed, {
      token: assocAdmin.token,
      headers: { 'content-type': 'text/csv' },
    });
    expect(first.status).toBe(201);
    expect(first.body.imported).toBe(1);
    expect(first.body.unchanged).toBe(1);
    expect(first.body.rows).toEqual([
      { line: 2, outcome: 'imported', user: users[0].user.username, reason: null, problems: [] },
      {
        line: 3,
        outcome: 'rejected',
        user: 'nobody-here',
        reason: 'unknown username nobody-here',
        problems: [{ code: 'USERNAME_UNKNOWN', value: 'nobody-here', line: null }],
      },
      {
        line: 4,
        outcome: 'rejected',
        user: users[1].user.username,
        reason: expect.stringContaining('status must be'),
        problems: [{ code: 'STATUS_INVALID', value: 'sleeping', line: null }],
      },
      {
        line: 5,
        outcome: 'rejected',
        user: users[2].user.username,
        reason: 'member number B-1 is also on line 2',
        problems: [{ code: 'MEMBER_NO_REPEATED', value: 'B-1', line: 2 }],
      },
      {
        line: 6,
        outcome: 'unchanged',
        user: member.user.username,
        reason: 'already a member',
        problems: [{ code: 'ALREADY_MEMBER', value: null, line: null }],
      },
      {
        line: 7,
        outcome: 'rejected',
        user: users[0].user.username,
        reason: 'the same user is on line 2',
        problems: [{ code: 'USER_REPEATED', value: null, line: 2 }],
      },
    ]);
    expect(first.body.rejected.map((r: { line: number }) => r.line)).toEqual([3, 4, 5, 7]);
    const afterFirst = await t.get(`/api/v1/associations/${assocId}/members`, {
      token: assocAdmin.token,
      query: { limit: '100' },
    });
    expect(afterFirst.body.items).toHaveLength(3);
    expect(
      afterFirst.body.items.find((m: { userId: string }) => m.userId === users[0].user.id),
    ).toMatchObject({
      status: 'active',
      memberNo: 'B-1',
      joinedOn: '2012-01-01',
    });

    // The same file again: nothing imported twice, every row's outcome reported again.
    const again = await t.post(url, { csv: mixed }, { token: assocAdmin.token });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ imported: 0, unchanged: 2 });
    expect(again.body.rows.map((r: { outcome: string }) => r.outcome)).toEqual([
      'unchanged',
      'rejected',
      'rejected',
      'rejected',
      'unchanged',
      'rejected',
    ]);
    const count = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM association_members WHERE association_id = $1`,
      [assocId],
    );
    expect(count[0].n).toBe(3);

    // A part of a longer file: the report speaks of the whole file's lines.
    const part = await t.post(url, 'username,status\nnobody-else,active', {
      token: assocAdmin.token,
      headers: { 'content-type': 'text/csv' },
      query: { lineOffset: '500' },
    });
    expect(part.body.rows).toEqual([
      expect.objectContaining({ line: 502, outcome: 'rejected', user: 'nobody-else' }),
    ]);

    // Each import is audited once, with its counts.
    const audit = await t.dataSource.query<
      { data: { count: number; unchanged: number; rejected: number } }[]
    >(
      `SELECT data FROM audit_log WHERE stream = $1 AND action = 'association.members_imported' ORDER BY seq`,
      [`association:${assocId}`],
    );
    expect(audit.map((a) => [a.data.count, a.data.unchanged, a.data.rejected])).toEqual([
      [1, 1, 4],
      [0, 2, 4],
      [0, 0, 1],
    ]);

    const good = [
      'userId,status,member_no,joinedOn,role',
      ...users
        .slice(1)
        .map(
          (u, i) =>
            `${u.user.id},${i % 2 ? 'active' : 'retired'},B-${i + 2},2012-01-0${i + 2},${i === 0 ? 'committee' : ''}`,
        ),
    ].join('\r\n');
    const ok = await t.post(url, { csv: good }, { token: assocAdmin.token });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ imported: 4, unchanged: 0, rejected: [] });

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
    // In the register's order, by member number (those without one last), page after page.
    const everyone: { memberNo: string | null }[] = [];
    let cursor: string | undefined;
    do {
      const page = await t.get(`/api/v1/associations/${assocId}/members`, {
        token: member.token,
        query: { limit: '2', ...(cursor ? { cursor } : {}) },
      });
      expect(page.status).toBe(200);
      everyone.push(...page.body.items);
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    const numbers = everyone.map((m) => m.memberNo);
    const numbered = numbers.filter((n): n is string => n !== null);
    expect(numbered).toEqual([...numbered].sort());
    expect(numbers).toEqual([...numbered, ...numbers.filter((n) => n === null)]);
    expect(numbered.length).toBeGreaterThanOrEqual(4);
    for (const forged of [['x', 'not-a-uuid'], [1, crypto.randomUUID()], ['B-2']]) {
      const refused = await t.get(`/api/v1/associations/${assocId}/members`, {
        token: member.token,
        query: { cursor: Buffer.from(JSON.stringify(forged)).toString('base64url') },
      });
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe('INVALID_CURSOR');
    }
    expect(all.some((m: { fullNameKm: string }) => m.fullNameKm?.startsWith('សមាជិក'))).toBe(true);

    const garbage = await t.post(url, 'name\nx', {
      token: assocAdmin.token,
      headers: { 'content-type': 'text/csv' },
    });
    expect(garbage.status).toBe(400);
    expect(garbage.body.code).toBe('CSV_INVALID');
    const byMember = await t.post(url, { csv: good }, { token: member.token });
    expect(byMember.status).toBe(403);
    const byOutsider = await t.post(url, { csv: good }, { token: outsider.token });
    expect(byOutsider.status).toBe(404);

    const found = await t.get(`/api/v1/associations/${assocId}/members`, {
      token: member.token,
      query: { search: 'សមាជិក 3' },
    });
    expect(found.body.items.map((m: { userId: string }) => m.userId)).toEqual([users[3].user.id]);
    const byNumber = await t.get(`/api/v1/associations/${assocId}/members`, {
      token: member.token,
      query: { search: 'b-1', status: 'active' },
    });
    expect(byNumber.body.items.map((m: { userId: string }) => m.userId)).toEqual([users[0].user.id]);
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
