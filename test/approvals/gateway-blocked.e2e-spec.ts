import { ApprovalsGateway } from '../../src/approvals/approvals-gateway.service.js';
import { TransactionService } from '../../src/database/transaction.service.js';
import { adminToken } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import {
  createAndSubmit,
  decide,
  docStatus,
  getDoc,
  makePerson,
  makePost,
  makeUnit,
  workflowType,
} from './approvals-fixtures.js';
import { waitFor } from '../support/wait.js';

describe('approvals: other modules and blocked requests', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('lets another module submit its own document in its transaction, and reports the outcome back', async () => {
    const unit = await makeUnit(t);
    const secretary = await makePerson(t, unit.id, 'Secretary');
    const chair = await makePerson(t, null, 'Chair');
    const gateway = t.service<ApprovalsGateway>(ApprovalsGateway);
    const html = '<h1>កំណត់ហេតុប្រជុំ</h1><p>Minutes</p>';
    const { documentId, referenceNumber } = await t
      .service<TransactionService>(TransactionService)
      .run((em) =>
        gateway.submitForApproval(em, {
          submitterId: secretary.id,
          title: 'កំណត់ហេតុប្រជុំ Minutes',
          documentType: 'minutes',
          content: { text: html, mime: 'text/html', fileName: 'minutes.html' },
          approverIds: [chair.id],
          stageName: 'Chair',
        }),
      );
    expect(referenceNumber).toMatch(new RegExp(`^${unit.code}/`));
    const doc = await getDoc(t, secretary, documentId);
    expect(doc.status).toBe('in_review');
    expect(doc.versions[0]).toMatchObject({ mime: 'text/html', fileName: 'minutes.html' });
    expect(doc.tasks[0].assigneeId).toBe(chair.id);
    await decide(t, chair, doc.tasks[0].id, 'approve');
    const done = await docStatus(t, documentId, 'approved');
    const reported = await waitFor('the minutes decision reported to meetings', async () => {
      const rows = await t.dataSource.query(
        `SELECT payload FROM outbox_events WHERE name = 'meetings.minutes_decided' AND payload->>'documentId' = $1`,
        [documentId],
      );
      return rows.length ? rows : undefined;
    });
    expect(reported).toHaveLength(1);
    expect(reported[0].payload).toMatchObject({
      status: 'approved',
      verificationCode: done.verificationCode,
    });
    // A second submission with the same chair reuses the ad-hoc template (no new version pile-up).
    await t.service<TransactionService>(TransactionService).run((em) =>
      gateway.submitForApproval(em, {
        submitterId: secretary.id,
        title: 'second',
        documentType: 'minutes',
        content: { text: 'x' },
        approverIds: [chair.id],
        stageName: 'Chair',
      }),
    );
    const templates = await t.dataSource.query(
      `SELECT name FROM workflow_templates WHERE name LIKE 'adhoc:minutes:%'`,
    );
    expect(templates).toHaveLength(1);
  });

  it('blocks a later stage whose post fell vacant, lists it for admins, and lets an admin route it', async () => {
    const unit = await makeUnit(t);
    const staff = await makePerson(t, unit.id);
    const first = await makePerson(t);
    const directorate = await makeUnit(t);
    const director = await makePerson(t);
    const post = await makePost(t, directorate.id, director.id, 'head', 'Director');
    const type = await workflowType(t, 'later', [
      { name: 'First', mode: 'any', approvers: [{ userId: first.id }] },
      { name: 'Director', mode: 'any', approvers: [{ orgUnitId: directorate.id, post: 'head' }] },
    ]);
    const s = await createAndSubmit(t, staff, type);
    // The director leaves before the second stage starts.
    await t.dataSource.query(`UPDATE org_posts SET valid_to = current_date - 1 WHERE id = $1`, [post.id]);
    await decide(t, first, s.tasks[0].id, 'approve');
    const admin = await adminToken(t);
    const blocked = await waitFor('the blocked request listed', async () => {
      const res = await t.get('/api/v1/approvals/blocked', { token: admin });
      return res.body.find((b: any) => b.documentId === s.id);
    });
    expect(blocked).toMatchObject({
      stageName: 'Director',
      routingNotes: [expect.objectContaining({ outcome: 'vacant_no_escalation' })],
    });
    const doc = await getDoc(t, staff, s.id);
    expect(doc.request.status).toBe('blocked');
    expect(doc.stages[1].status).toBe('blocked');
    expect((await t.get('/api/v1/approvals/blocked', { token: staff.token })).status).toBe(403);
    const acting = await makePerson(t, null, 'Acting director');
    const routed = await t.post(
      `/api/v1/approval-requests/${blocked.requestId}/route`,
      { userId: acting.id, reason: 'acting director' },
      { token: admin },
    );
    expect(routed.status).toBe(200);
    expect(routed.body.tasks[0]).toMatchObject({ assigneeId: acting.id, origin: 'admin_route' });
    await decide(t, acting, routed.body.tasks[0].id, 'approve');
    await docStatus(t, s.id, 'approved');
  });

  it('follows only active, unrevoked delegations', async () => {
    const staff = await makePerson(t, (await makeUnit(t)).id);
    const boss = await makePerson(t, null, 'Boss');
    const past = await makePerson(t, null, 'Past delegate');
    const revoked = await makePerson(t, null, 'Revoked delegate');
    const type = await workflowType(t, 'deleg', [
      { name: 'Boss', mode: 'all', approvers: [{ userId: boss.id }] },
    ]);
    const hour = 3_600_000;
    const expired = await t.post(
      '/api/v1/delegations',
      {
        toUserId: past.id,
        startsAt: new Date(Date.now() - 3 * hour).toISOString(),
        endsAt: new Date(Date.now() - hour).toISOString(),
      },
      { token: boss.token },
    );
    expect(expired.status).toBe(201);
    const d = await t.post(
      '/api/v1/delegations',
      {
        toUserId: revoked.id,
        startsAt: new Date(Date.now() - hour).toISOString(),
        endsAt: new Date(Date.now() + hour).toISOString(),
      },
      { token: boss.token },
    );
    // The same again (a second click, a second tab), even at once: refused, one is kept. Other dates,
    // or other document types, are another delegation.
    const sameAgain = { toUserId: revoked.id, startsAt: d.body.startsAt, endsAt: d.body.endsAt };
    const twice = await Promise.all([
      t.post('/api/v1/delegations', sameAgain, { token: boss.token }),
      t.post('/api/v1/delegations', sameAgain, { token: boss.token }),
    ]);
    expect(twice.map((r) => [r.status, r.body.code])).toEqual([
      [409, 'DELEGATION_EXISTS'],
      [409, 'DELEGATION_EXISTS'],
    ]);
    const scoped = await t.post(
      '/api/v1/delegations',
      { ...sameAgain, documentTypes: [type] },
      { token: boss.token },
    );
    expect(scoped.status).toBe(201);
    expect(
      (await t.post(`/api/v1/delegations/${scoped.body.id}/revoke`, {}, { token: boss.token })).status,
    ).toBe(200);
    // Only its author (or an admin) revokes it; others do not even see it.
    expect((await t.post(`/api/v1/delegations/${d.body.id}/revoke`, {}, { token: staff.token })).status).toBe(
      404,
    );
    expect((await t.post(`/api/v1/delegations/${d.body.id}/revoke`, {}, { token: boss.token })).status).toBe(
      200,
    );
    const mine = await t.get('/api/v1/delegations', { token: boss.token });
    expect(mine.body).toHaveLength(3);
    const s = await createAndSubmit(t, staff, type);
    expect(s.tasks[0]).toMatchObject({ assigneeId: boss.id, actingForId: null });
  });
});
