import { adminToken } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { waitFor } from '../support/wait.js';
import {
  createAndSubmit,
  decide,
  makePerson,
  makeUnit,
  type Person,
  workflowType,
} from './approvals-fixtures.js';

/**
 * Revoking a delegation (the settings page said "your approvals come to you again"). The pending tasks the
 * delegate holds for the approver under it come back to the approver, in the revocation's
 * transaction; what the delegate decided already, and what another delegation to them still covers,
 * stay. Before, the tasks stayed with the delegate, and the approver could not decide them.
 */
describe('approvals: a revoked delegation gives its pending tasks back', () => {
  let t: TestApp;
  let staff: Person;
  beforeAll(async () => {
    t = await createTestApp();
    staff = await makePerson(t, (await makeUnit(t)).id, 'Staff');
  });
  afterAll(async () => {
    await t.close();
  });

  const delegate = (t: TestApp, from: Person, to: Person, documentTypes: string[]) =>
    t.post(
      '/api/v1/delegations',
      {
        toUserId: to.id,
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        documentTypes,
      },
      { token: from.token },
    );
  const inboxIds = async (who: Person) =>
    ((await t.get('/api/v1/approvals/inbox', { token: who.token })).body.items as any[])
      .map((i) => i.id)
      .sort();

  it('the pending tasks of the revoked delegation come back; decided ones and other delegations stay', async () => {
    const director = await makePerson(t, null, 'Director');
    const deputy = await makePerson(t, null, 'Deputy');
    const letters = await workflowType(t, 'letters', [
      { name: 'Director', mode: 'all', approvers: [{ userId: director.id }] },
    ]);
    const budgets = await workflowType(t, 'budgets', [
      { name: 'Director', mode: 'all', approvers: [{ userId: director.id }] },
    ]);
    const forLetters = await delegate(t, director, deputy, [letters]);
    const forBudgets = await delegate(t, director, deputy, [budgets]);
    expect([forLetters.status, forBudgets.status]).toEqual([201, 201]);
    const [first, second, decided, budget] = [
      await createAndSubmit(t, staff, letters),
      await createAndSubmit(t, staff, letters),
      await createAndSubmit(t, staff, letters),
      await createAndSubmit(t, staff, budgets),
    ];
    for (const s of [first, second, decided, budget]) {
      expect(s.tasks[0]).toMatchObject({ assigneeId: deputy.id, actingForId: director.id });
    }
    expect((await decide(t, deputy, decided.tasks[0].id, 'approve')).status).toBe(200);
    // Nobody else revokes it (not found to them); the director's own revocation takes back two.
    const stranger = await makePerson(t, null, 'Stranger');
    expect(
      (await t.post(`/api/v1/delegations/${forLetters.body.id}/revoke`, {}, { token: stranger.token }))
        .status,
    ).toBe(404);
    expect(
      (await t.post(`/api/v1/delegations/${forLetters.body.id}/revoke`, {}, { token: deputy.token })).status,
    ).toBe(404);
    const revoked = await t.post(
      `/api/v1/delegations/${forLetters.body.id}/revoke`,
      {},
      { token: director.token },
    );
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id: forLetters.body.id, takenBack: 2 });
    expect(revoked.body.revokedAt).not.toBeNull();

    const back = [first.tasks[0].id, second.tasks[0].id].sort();
    expect(await inboxIds(director)).toEqual(back);
    expect(await inboxIds(deputy)).toEqual([budget.tasks[0].id]);
    const [task] = await t.dataSource.query(
      `SELECT assignee_id, acting_for_id, status FROM approval_tasks WHERE id = $1`,
      [first.tasks[0].id],
    );
    expect(task).toEqual({ assignee_id: director.id, acting_for_id: null, status: 'pending' });
    // The route says the director took it back from the deputy.
    const [{ routing_notes: notes }] = await t.dataSource.query(
      `SELECT s.routing_notes FROM approval_stages s JOIN approval_tasks t ON t.stage_id = s.id WHERE t.id = $1`,
      [first.tasks[0].id],
    );
    expect(notes).toContainEqual({
      approver: { userId: director.id },
      outcome: 'taken_back',
      userId: director.id,
      fromUserId: deputy.id,
    });
    // The decided one is as it was: approved by the deputy for the director.
    const [kept] = await t.dataSource.query(
      `SELECT assignee_id, acting_for_id, status FROM approval_tasks WHERE id = $1`,
      [decided.tasks[0].id],
    );
    expect(kept).toEqual({ assignee_id: deputy.id, acting_for_id: director.id, status: 'approved' });

    // The director decides what came back; the deputy no longer may.
    // (Not theirs, and the document is no longer theirs to see: not found.)
    const refused = await decide(t, deputy, first.tasks[0].id, 'approve');
    expect([refused.status, refused.body.code]).toEqual([404, 'TASK_NOT_FOUND']);
    expect((await decide(t, director, first.tasks[0].id, 'approve')).status).toBe(200);

    // Recorded on each document, and the deputy is told, in their language, who took it back.
    const audit = await t.get(`/api/v1/documents/${second.id}/audit`, { token: staff.token });
    expect(audit.body.items.find((e: any) => e.action === 'task.taken_back')?.data).toEqual({
      taskId: second.tasks[0].id,
      fromUserId: deputy.id,
      toUserId: director.id,
      delegationId: forLetters.body.id,
    });
    const [{ full_name_km: directorKm }] = await t.dataSource.query(
      `SELECT full_name_km FROM users WHERE id = $1`,
      [director.id],
    );
    const told = await waitFor('the deputy is told', async () => {
      const items = (await t.get('/api/v1/notifications', { token: deputy.token })).body.items as any[];
      const notices = items.filter((n) => n.kind === 'approval.taken_back');
      return notices.length === 2 ? notices : undefined;
    });
    expect(told.map((n: any) => n.link).sort()).toEqual(
      [`/documents/${first.id}`, `/documents/${second.id}`].sort(),
    );
    expect(told[0].body).toContain(`${directorKm} បានដកហូតការផ្ទេរសិទ្ធិ`);

    // Revoked twice: 409, and nothing moves.
    const again = await t.post(
      `/api/v1/delegations/${forLetters.body.id}/revoke`,
      {},
      { token: director.token },
    );
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('DELEGATION_REVOKED');
    expect(await inboxIds(deputy)).toEqual([budget.tasks[0].id]);
  });

  it("an administrator's revocation gives them back to the approver too", async () => {
    const director = await makePerson(t, null, 'Director');
    const deputy = await makePerson(t, null, 'Deputy');
    const type = await workflowType(t, 'admin-revoke', [
      { name: 'Director', mode: 'all', approvers: [{ userId: director.id }] },
    ]);
    const d = await delegate(t, director, deputy, [type]);
    const s = await createAndSubmit(t, staff, type);
    expect(s.tasks[0]).toMatchObject({ assigneeId: deputy.id, actingForId: director.id });
    const revoked = await t.post(
      `/api/v1/delegations/${d.body.id}/revoke`,
      {},
      { token: await adminToken(t) },
    );
    expect(revoked.body.takenBack).toBe(1);
    expect(await inboxIds(director)).toEqual([s.tasks[0].id]);
  });
});
