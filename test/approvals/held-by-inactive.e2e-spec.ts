import { adminToken } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import {
  createAndSubmit,
  decide,
  docStatus,
  makePerson,
  makeUnit,
  type Person,
  workflowType,
} from './approvals-fixtures.js';

/**
 * A task held by an account that can no longer sign in waits on nobody: a walk disabled an
 * approver and found the administrator's "Stuck approvals" said nothing was stuck until the
 * task's deadline had passed, days later.
 */
describe('approvals: tasks held by a disabled or retired account', () => {
  let t: TestApp;
  let staff: Person;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    staff = await makePerson(t, (await makeUnit(t)).id, 'Staff');
    admin = await adminToken(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const held = async () => {
    const res = await t.get('/api/v1/approvals/held-by-inactive', { token: admin });
    expect(res.status).toBe(200);
    return res.body as { items: any[]; more: boolean };
  };

  it('lists them for administrators at once, whatever the deadline; reassigned, they are decided', async () => {
    const away = await makePerson(t, null, 'Gone approver');
    const other = await makePerson(t, null, 'Present approver');
    const type = await workflowType(t, 'held', [
      { name: 'Only', nameKm: 'តែមួយ', mode: 'any', approvers: [{ userId: away.id }], slaHours: 72 },
    ]);
    const s = await createAndSubmit(t, staff, type);
    const taskId = s.tasks[0].id;
    // While its holder can sign in, it is nobody's concern but theirs.
    expect((await held()).items.map((i) => i.id)).not.toContain(taskId);

    const off = await t.patch(`/api/v1/users/${away.id}`, { status: 'disabled' }, { token: admin });
    expect(off.status).toBe(200);
    const listed = (await held()).items.find((i) => i.id === taskId);
    expect(listed).toMatchObject({
      id: taskId,
      documentId: s.id,
      assigneeId: away.id,
      assigneeName: 'Gone approver',
      assigneeStatus: 'disabled',
      stageName: 'Only',
    });
    // Not overdue: the overdue list does not have it.
    const overdue = await t.get('/api/v1/approvals/overdue', { token: admin });
    expect(overdue.body.items.map((i: any) => i.id)).not.toContain(taskId);
    // The overdue list now says whose account it is, too.
    for (const item of overdue.body.items) expect(item.assigneeStatus).toMatch(/^(active|retired|disabled)$/);

    const moved = await t.post(
      `/api/v1/approval-tasks/${taskId}/reassign`,
      { userId: other.id, reason: 'His account is closed' },
      { token: admin },
    );
    expect(moved.status).toBe(200);
    expect((await held()).items.map((i) => i.id)).not.toContain(taskId);
    expect((await decide(t, other, taskId, 'approve')).status).toBe(200);
    await docStatus(t, s.id, 'approved');
  });

  it('a retired holder counts too; only administrators may ask', async () => {
    const retiring = await makePerson(t, null, 'Retiring approver');
    const type = await workflowType(t, 'retired', [
      { name: 'Only', mode: 'any', approvers: [{ userId: retiring.id }] },
    ]);
    const s = await createAndSubmit(t, staff, type);
    await t.patch(`/api/v1/users/${retiring.id}`, { status: 'retired' }, { token: admin });
    expect((await held()).items.find((i) => i.id === s.tasks[0].id)).toMatchObject({
      assigneeStatus: 'retired',
    });
    expect((await t.get('/api/v1/approvals/held-by-inactive', { token: staff.token })).status).toBe(403);
    expect((await t.get('/api/v1/approvals/held-by-inactive')).status).toBe(401);
  });
});
