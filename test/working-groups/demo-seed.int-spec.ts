import { TransactionService } from '../../src/database/transaction.service.js';
import { seedWorkingGroupsDemo } from '../../src/working-groups/demo-seed.js';
import { createUserWithToken } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

describe('working groups demo seed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('builds the project group with sub-groups, roles and an open request', async () => {
    const names = ['uss.ly', 'dir.ict', 'staff.dara', 'head.sys', 'head.dig'];
    for (let i = 1; i <= 12; i++) names.push(`official${String(i).padStart(2, '0')}`);
    const users = new Map<string, string>();
    const tokens = new Map<string, string>();
    for (const n of names) {
      const { user, token } = await createUserWithToken(t, { username: n });
      users.set(n, user.id);
      tokens.set(n, token);
    }
    const rootId = await t
      .service<TransactionService>(TransactionService)
      .run((em) => seedWorkingGroupsDemo(em, users, new Map()));
    const page = await t.get(`/api/v1/working-groups/${rootId}`, { token: tokens.get('uss.ly') });
    expect(page.status).toBe(200);
    expect(page.body.myRoles).toEqual(['chair']);
    expect(page.body.members).toHaveLength(14);
    expect(page.body.subGroups).toHaveLength(2);
    const reports = await t.get(`/api/v1/working-groups/${rootId}/progress-reports`, {
      token: tokens.get('uss.ly'),
    });
    const request = reports.body.reports[0].requests[0];
    expect(request.status).toBe('open');
    const answer = await t.post(
      `/api/v1/requests/${request.id}/respond`,
      { response: 'យល់ព្រម', status: 'accepted' },
      { token: tokens.get('uss.ly') },
    );
    expect(answer.status).toBe(200);
  });
});
