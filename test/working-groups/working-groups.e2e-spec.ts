import { jest } from '@jest/globals';
import { adminToken, createUserWithToken } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

// Under a loaded CI machine the app, the queue and the DWF round trips need more than the default.
jest.setTimeout(60_000);

const API = '/api/v1';

describe('working groups', () => {
  let t: TestApp;
  let admin: string;
  const u: Record<string, { id: string; token: string }> = {};
  let root: any;
  let subA: any;
  let subA1: any;

  const user = async (key: string, fullNameKm: string) => {
    const { user: created, token } = await createUserWithToken(t, { fullNameKm });
    u[key] = { id: created.id, token };
  };
  const addMember = (groupId: string, token: string, userId: string, role: string) =>
    t.post(`${API}/working-groups/${groupId}/members`, { userId, role }, { token });

  beforeAll(async () => {
    t = await createTestApp();
    admin = await adminToken(t);
    await user('rootChair', 'ឯកឧត្តម សុខ ស៊ាន');
    await user('rootMember', 'ចាន់ ដារា');
    await user('aChair', 'លី សុភា');
    await user('aMember', 'ហេង វណ្ណា');
    await user('a1Member', 'កែវ មុន្នី');
    await user('a1Secretary', 'សុខ ចាន់ថា');
    await user('outsider', 'មាស សុខា');
    const create = async (body: Record<string, unknown>) => {
      const res = await t.post(`${API}/working-groups`, body, { token: admin });
      expect(res.status).toBe(201);
      return res.body;
    };
    root = await create({ name: 'Digital Government Project', nameKm: 'ក្រុមការងារគម្រោងរដ្ឋាភិបាលឌីជីថល' });
    subA = await create({ name: 'Infrastructure', nameKm: 'ក្រុមការងាររងហេដ្ឋារចនាសម្ព័ន្ធ', parentId: root.id });
    subA1 = await create({ name: 'Data centre', parentId: subA.id });
    expect((await addMember(root.id, admin, u.rootChair.id, 'chair')).status).toBe(201);
    expect((await addMember(root.id, u.rootChair.token, u.rootMember.id, 'member')).status).toBe(201);
    expect((await addMember(subA.id, admin, u.aChair.id, 'chair')).status).toBe(201);
    expect((await addMember(subA.id, u.aChair.token, u.aMember.id, 'member')).status).toBe(201);
    expect((await addMember(subA1.id, admin, u.a1Member.id, 'member')).status).toBe(201);
    expect((await addMember(subA1.id, admin, u.a1Secretary.id, 'secretary')).status).toBe(201);
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('only admins create groups; unknown parents are refused', async () => {
    expect((await t.post(`${API}/working-groups`, { name: 'x' }, { token: u.rootChair.token })).status).toBe(
      403,
    );
    const bad = await t.post(
      `${API}/working-groups`,
      { name: 'x', parentId: '00000000-0000-4000-8000-000000000000' },
      { token: admin },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('PARENT_GROUP_NOT_FOUND');
    const unknownField = await t.post(
      `${API}/working-groups`,
      { name: 'x', colour: 'red' },
      { token: admin },
    );
    expect(unknownField.status).toBe(400);
  });

  it('shows a group to its members and to members of its parent; 404 to others', async () => {
    const page = await t.get(`${API}/working-groups/${root.id}`, { token: u.rootMember.token });
    expect(page.status).toBe(200);
    expect(page.body.nameKm).toBe('ក្រុមការងារគម្រោងរដ្ឋាភិបាលឌីជីថល');
    expect(page.body.subGroups.map((g: any) => g.id)).toEqual([subA.id]);
    expect(page.body.members[0]).toMatchObject({
      userId: u.rootChair.id,
      role: 'chair',
      fullNameKm: 'ឯកឧត្តម សុខ ស៊ាន',
    });
    expect(page.body).toHaveProperty('meetings');
    expect(page.body).toHaveProperty('openActionItems');
    expect(page.body.myRoles).toEqual(['member']);
    expect(page.body.parentViewable).toBe(false); // it has none
    // A member of the parent sees the sub-group, and may open the parent from it.
    const fromParent = await t.get(`${API}/working-groups/${subA.id}`, { token: u.rootMember.token });
    expect(fromParent.status).toBe(200);
    expect(fromParent.body.parent).toMatchObject({ id: root.id });
    expect(fromParent.body.parentViewable).toBe(true);
    // The sub-group's own member reads the parent's name, but may not open it: no link to "not found".
    const own = await t.get(`${API}/working-groups/${subA.id}`, { token: u.aMember.token });
    expect(own.body.parent).toMatchObject({ id: root.id });
    expect(own.body.parentViewable).toBe(false);
    // Not the grandparent's members, nor the sub-group's members looking up, nor outsiders.
    expect((await t.get(`${API}/working-groups/${subA1.id}`, { token: u.rootMember.token })).status).toBe(
      404,
    );
    expect((await t.get(`${API}/working-groups/${root.id}`, { token: u.aMember.token })).status).toBe(404);
    const out = await t.get(`${API}/working-groups/${root.id}`, { token: u.outsider.token });
    expect(out.status).toBe(404);
    expect(out.body.code).toBe('WORKING_GROUP_NOT_FOUND');
  });

  it('only the chair (or an admin) adds members; a role is held once', async () => {
    const denied = await addMember(root.id, u.rootMember.token, u.outsider.id, 'member');
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('NOT_GROUP_CHAIR');
    expect((await addMember(root.id, u.outsider.token, u.outsider.id, 'member')).status).toBe(404);
    const dup = await addMember(root.id, u.rootChair.token, u.rootMember.id, 'member');
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('ALREADY_MEMBER');
    const badRole = await addMember(root.id, u.rootChair.token, u.outsider.id, 'king');
    expect(badRole.status).toBe(400);
  });

  it('members report progress once per period; requests go to the parent chair, can be raised, and are answered', async () => {
    const report = await t.post(
      `${API}/working-groups/${subA1.id}/progress-reports`,
      {
        period: '2026-Q3',
        progressPercent: 60,
        achievements: 'បានដំឡើងម៉ាស៊ីនមេចំនួន ១០',
        challenges: 'ខ្វះអ្នកបច្ចេកទេស',
        requests: [{ text: 'សូមបន្ថែមថវិកាសម្រាប់ការបណ្តុះបណ្តាល' }, { text: 'សូមជួលអ្នកជំនាញ' }],
      },
      { token: u.a1Member.token },
    );
    expect(report.status).toBe(201);
    expect(report.body.requests).toHaveLength(2);
    expect(report.body.requests[0]).toMatchObject({ status: 'open', addresseeGroupId: subA.id });

    const again = await t.post(
      `${API}/working-groups/${subA1.id}/progress-reports`,
      { period: '2026-Q3', progressPercent: 70 },
      { token: u.a1Member.token },
    );
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('PROGRESS_REPORT_EXISTS');
    const bad = await t.post(
      `${API}/working-groups/${subA1.id}/progress-reports`,
      { period: '2026-Q5', progressPercent: 101 },
      { token: u.a1Member.token },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: any) => d.field).sort()).toEqual(['period', 'progressPercent']);
    // The parent's chair sees the sub-group but is not its member: no reporting for it.
    const notMember = await t.post(
      `${API}/working-groups/${subA1.id}/progress-reports`,
      { period: '2026-11', progressPercent: 10 },
      { token: u.aChair.token },
    );
    expect(notMember.status).toBe(403);

    await t.post(
      `${API}/working-groups/${subA.id}/progress-reports`,
      { period: '2026-Q3', progressPercent: 40 },
      { token: u.aMember.token },
    );

    const [first, second] = report.body.requests;
    // Someone other than the addressee's chair may not answer.
    const wrong = await t.post(
      `${API}/requests/${first.id}/respond`,
      { response: 'OK', status: 'accepted' },
      { token: u.aMember.token },
    );
    expect(wrong.status).toBe(403);
    expect(
      (
        await t.post(
          `${API}/requests/${first.id}/respond`,
          { response: 'x', status: 'accepted' },
          { token: u.outsider.token },
        )
      ).status,
    ).toBe(404);
    const answered = await t.post(
      `${API}/requests/${first.id}/respond`,
      { response: 'យល់ព្រម នឹងដាក់ក្នុងថវិកាឆ្នាំក្រោយ', status: 'accepted' },
      { token: u.aChair.token },
    );
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ status: 'accepted', respondedById: u.aChair.id });
    const twice = await t.post(
      `${API}/requests/${first.id}/respond`,
      { response: 'no', status: 'declined' },
      { token: u.aChair.token },
    );
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('REQUEST_ALREADY_ANSWERED');
    expect(
      (await t.post(`${API}/requests/${first.id}/raise`, {}, { token: u.a1Secretary.token })).status,
    ).toBe(409);

    // The second one goes unanswered: raised to the project group, whose chair answers it. Only the
    // reporting group's chair or secretary raises it: not a plain member, not the addressee's chair,
    // and someone who cannot see it learns nothing (404). A refusal changes nothing.
    for (const [who, status, code] of [
      [u.a1Member, 403, 'NOT_GROUP_LEAD'],
      [u.aChair, 403, 'NOT_GROUP_LEAD'],
      [u.outsider, 404, 'REQUEST_NOT_FOUND'],
    ] as const) {
      const res = await t.post(`${API}/requests/${second.id}/raise`, {}, { token: who.token });
      expect([res.status, res.body.code]).toEqual([status, code]);
    }
    const [unraised] = await t.dataSource.query(
      `SELECT status, addressee_group_id FROM report_requests WHERE id = $1`,
      [second.id],
    );
    expect(unraised).toEqual({ status: 'open', addressee_group_id: subA.id });
    const listed = await t.get(`${API}/working-groups/${subA1.id}/progress-reports`, {
      token: u.a1Secretary.token,
    });
    expect(listed.body.reports[0].requests.find((q: any) => q.id === second.id)).toMatchObject({
      addresseeGroupName: 'Infrastructure',
      addresseeGroupNameKm: 'ក្រុមការងាររងហេដ្ឋារចនាសម្ព័ន្ធ',
      raisable: true,
    });
    const raised = await t.post(`${API}/requests/${second.id}/raise`, {}, { token: u.a1Secretary.token });
    expect(raised.status).toBe(200);
    expect(raised.body).toMatchObject({
      status: 'raised',
      addresseeGroupId: root.id,
      addresseeGroupName: 'Digital Government Project',
      raisedToGroupId: root.id,
      raisable: false,
    });
    // The project group's chair hears of it (through the outbox, in the same transaction).
    const notices = await t.dataSource.query(
      `SELECT payload FROM outbox_events WHERE name = 'notifications.dispatch' AND payload->>'eventKey' = $1`,
      [`request:${second.id}:raised:${root.id}`],
    );
    expect(notices).toHaveLength(1);
    expect(notices[0].payload).toMatchObject({
      template: 'working_group.request_received',
      userIds: [u.rootChair.id],
    });
    expect(
      (
        await t.post(
          `${API}/requests/${second.id}/respond`,
          { response: 'x', status: 'done' },
          { token: u.aChair.token },
        )
      ).status,
    ).toBe(403);
    const top = await t.post(`${API}/requests/${second.id}/raise`, {}, { token: u.a1Secretary.token });
    expect(top.status).toBe(409);
    expect(top.body.code).toBe('NO_PARENT_GROUP');
    const done = await t.post(
      `${API}/requests/${second.id}/respond`,
      { response: 'បានជួលរួចហើយ', status: 'done' },
      { token: u.rootChair.token },
    );
    expect(done.status).toBe(200);

    const list = await t.get(`${API}/working-groups/${root.id}/progress-reports`, {
      token: u.rootChair.token,
    });
    expect(list.status).toBe(200);
    expect(list.body.reports.map((r: any) => r.groupId).sort()).toEqual([subA.id, subA1.id].sort());
    const roll = new Map(list.body.rollUp.map((e: any) => [e.groupId, e]));
    expect(roll.get(subA1.id)).toMatchObject({ latestPercent: 60, rolledUpPercent: 60 });
    expect(roll.get(subA.id)).toMatchObject({ latestPercent: 40, rolledUpPercent: 60 });
    expect(roll.get(root.id)).toMatchObject({ latestPercent: null, rolledUpPercent: 60 });
    const filtered = await t.get(`${API}/working-groups/${root.id}/progress-reports`, {
      token: u.rootChair.token,
      query: { period: '2026-11' },
    });
    expect(filtered.body.reports).toEqual([]);
    expect(
      (await t.get(`${API}/working-groups/${root.id}/progress-reports`, { token: u.outsider.token })).status,
    ).toBe(404);

    const audit = await t.dataSource.query(`SELECT action FROM audit_log WHERE stream = $1 ORDER BY seq`, [
      `working_group:${subA1.id}`,
    ]);
    expect(audit.map((a: any) => a.action)).toEqual([
      'working_group.created',
      'working_group.member_added',
      'working_group.member_added',
      'progress_report.created',
      'request.answered',
      'request.raised',
      'request.answered',
    ]);
    const page = await t.get(`${API}/working-groups/${subA.id}`, { token: u.aChair.token });
    expect(page.body.latestProgress).toMatchObject({ period: '2026-Q3', progressPercent: 40 });
    expect(page.body.subGroups[0].latestProgress).toMatchObject({ progressPercent: 60 });
  });

  it('lists my groups with my roles; admins see every group', async () => {
    const mine = await t.get(`${API}/working-groups`, { token: u.aChair.token });
    expect(mine.status).toBe(200);
    expect(mine.body.map((g: any) => [g.id, g.myRoles])).toEqual([[subA.id, ['chair']]]);
    expect((await t.get(`${API}/working-groups`, { token: u.outsider.token })).body).toEqual([]);
    const all = await t.get(`${API}/working-groups`, { token: admin });
    expect(all.body.map((g: any) => g.id)).toEqual(expect.arrayContaining([root.id, subA.id, subA1.id]));
  });

  it('documents its routes in the OpenAPI spec', async () => {
    const spec = await t.get('/docs-json');
    expect(spec.status).toBe(200);
    for (const path of [
      '/api/v1/working-groups',
      '/api/v1/working-groups/{id}',
      '/api/v1/working-groups/{id}/members',
      '/api/v1/working-groups/{id}/progress-reports',
      '/api/v1/requests/{id}/respond',
      '/api/v1/requests/{id}/raise',
      '/api/v1/meetings',
      '/api/v1/meetings/{id}',
      '/api/v1/meetings/{id}/attendance',
      '/api/v1/meetings/{id}/minutes',
      '/api/v1/meetings/{id}/minutes/diff',
      '/api/v1/meetings/{id}/minutes/submit',
      '/api/v1/meetings/{id}/minutes.pdf',
      '/api/v1/meetings/{id}/minutes.html',
      '/api/v1/meetings/{id}/errata',
      '/api/v1/meetings/{id}/cancel',
      '/api/v1/action-items',
      '/api/v1/action-items/{id}',
    ]) {
      expect(spec.body.paths).toHaveProperty([path]);
    }
  });

  it('takes texts of spaces only as none: no blank request, no blank paragraph, no blank answer', async () => {
    const open = await t.post(
      `${API}/working-groups/${subA1.id}/progress-reports`,
      { period: '2025-11', progressPercent: 5, requests: [{ text: 'សូមផ្តល់កុំព្យូទ័រ' }] },
      { token: u.a1Member.token },
    );
    expect(open.status).toBe(201);
    // A request of spaces only is no request: refused, and nothing is filed.
    const blank = await t.post(
      `${API}/working-groups/${subA1.id}/progress-reports`,
      { period: '2025-12', progressPercent: 10, requests: [{ text: '  \n ' }] },
      { token: u.a1Member.token },
    );
    expect(blank.status).toBe(400);
    expect(blank.body.details.map((d: any) => d.field)).toEqual(['requests.0.text']);
    // Achievements and challenges of spaces only are none (not a blank paragraph in the report).
    const spaces = await t.post(
      `${API}/working-groups/${subA1.id}/progress-reports`,
      { period: '2025-12', progressPercent: 10, achievements: '   ', challenges: ' \n\t ' },
      { token: u.a1Member.token },
    );
    expect(spaces.status).toBe(201);
    expect(spaces.body).toMatchObject({ achievements: null, challenges: null, requests: [] });
    // An answer of spaces only is no answer either.
    const blankAnswer = await t.post(
      `${API}/requests/${open.body.requests[0].id}/respond`,
      { response: '   ', status: 'accepted' },
      { token: u.aChair.token },
    );
    expect(blankAnswer.status).toBe(400);
  });
});
