import { adminToken } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import {
  createDoc,
  decide,
  docStatus,
  getDoc,
  makePerson,
  makePost,
  makeUnit,
  type Person,
  submit,
  workflowType,
} from './approvals-fixtures.js';

/** Revoking an approved document: who may, what changes, and what the public verification says. */
describe('approvals: revoking a signed document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  /** A unit with its head, deputy and a staff member, and an approved document of the staff member. */
  async function approvedDoc() {
    const unit = await makeUnit(t);
    const head = await makePerson(t, unit.id, 'Unit head');
    await makePost(t, unit.id, head.id, 'head', 'Director');
    const deputy = await makePerson(t, unit.id, 'Deputy');
    await makePost(t, unit.id, deputy.id, 'deputy', 'Deputy director');
    const staff = await makePerson(t, unit.id, 'Staff');
    const approver = await makePerson(t, null, 'Approver');
    const type = await workflowType(t, 'wf', [
      { name: 'Approver', mode: 'any', approvers: [{ userId: approver.id }] },
    ]);
    const doc = await createDoc(t, staff, { documentType: type });
    const submitted = await submit(t, staff, doc.id);
    expect((await decide(t, approver, submitted.tasks[0].id, 'approve')).status).toBe(200);
    const approved = await docStatus(t, doc.id, 'approved');
    return { unit, head, deputy, staff, approver, doc: approved };
  }

  const revoke = (who: Person | string, id: string, body: unknown = { reason: 'Issued in error' }) =>
    t.post(`/api/v1/documents/${id}/revoke`, body, { token: typeof who === 'string' ? who : who.token });

  it('the issuing unit’s head revokes with a reason: one change with its audit entry and the submitter’s notification; the verification answers revoked', async () => {
    const { head, deputy, staff, approver, doc } = await approvedDoc();
    const before = await t.get(`/api/v1/verify/${doc.verificationCode}`);
    expect(before.status).toBe(200);
    expect([before.body.status, before.body.revokedAt, before.body.revocationReason]).toEqual([
      'approved',
      null,
      null,
    ]);
    expect((await getDoc(t, head, doc.id)).mayRevoke).toBe(true);
    expect((await getDoc(t, staff, doc.id)).mayRevoke).toBe(false);

    // Who may not: the submitter, the approver, the deputy head (403); a stranger who cannot see it (404).
    for (const who of [staff, approver, deputy]) {
      const res = await revoke(who, doc.id);
      expect([res.status, res.body.code]).toEqual([403, 'NOT_ALLOWED_TO_REVOKE']);
    }
    const stranger = await makePerson(t, (await makeUnit(t)).id);
    expect((await revoke(stranger, doc.id)).body.code).toBe('DOCUMENT_NOT_FOUND');
    // A reason is required.
    for (const body of [{}, { reason: '   ' }, { reason: 'x', extra: 1 }]) {
      const res = await revoke(head, doc.id, body);
      expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
    const unchanged = await getDoc(t, staff, doc.id);
    expect([unchanged.revokedAt, unchanged.revocationReason]).toEqual([null, null]);
    expect((await t.get(`/api/v1/verify/${doc.verificationCode}`)).body.status).toBe('approved');

    const res = await revoke(head, doc.id, { reason: 'ចេញដោយច្រឡំ / Issued in error' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('approved');
    expect(res.body.revokedAt).toEqual(expect.any(String));
    expect(res.body.revocationReason).toBe('ចេញដោយច្រឡំ / Issued in error');
    expect(res.body.mayRevoke).toBe(false);

    const after = await t.get(`/api/v1/verify/${doc.verificationCode}`);
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({
      status: 'revoked',
      revokedAt: res.body.revokedAt,
      revocationReason: 'ចេញដោយច្រឡំ / Issued in error',
      referenceNumber: doc.referenceNumber,
      sha256: doc.versions[0].sha256,
    });
    expect(after.body.signature).toBe(before.body.signature);
    // The submitter's list says it too (the app showed "Approved" there beside nothing else).
    const listed = await t.get(`/api/v1/documents?box=mine`, { token: staff.token });
    expect(listed.body.items.find((d: any) => d.id === doc.id)).toMatchObject({
      status: 'approved',
      revokedAt: res.body.revokedAt,
    });

    const audit = await t.get(`/api/v1/documents/${doc.id}/audit`, { token: staff.token });
    const entry = audit.body.items.find((e: any) => e.action === 'document.revoked');
    expect(entry).toMatchObject({ actorId: head.id });
    const events = await t.dataSource.query(
      `SELECT payload FROM outbox_events WHERE name = 'notifications.dispatch' AND payload->>'eventKey' = $1`,
      [`document:${doc.id}:revoked`],
    );
    expect(events).toHaveLength(1);
    expect(events[0].payload).toMatchObject({ template: 'approval.revoked', userIds: [staff.id] });

    // Once only.
    const again = await revoke(head, doc.id);
    expect([again.status, again.body.code]).toEqual([409, 'DOCUMENT_ALREADY_REVOKED']);
    expect((await t.get(`/api/v1/verify/${doc.verificationCode}`)).body.revocationReason).toBe(
      'ចេញដោយច្រឡំ / Issued in error',
    );
  });

  it('an admin may revoke too; a document that is not approved cannot be revoked', async () => {
    const { staff, doc } = await approvedDoc();
    const admin = await adminToken(t);
    expect((await revoke(admin, doc.id)).status).toBe(200);
    expect((await t.get(`/api/v1/verify/${doc.verificationCode}`)).body.status).toBe('revoked');

    const draft = await createDoc(t, staff, { documentType: doc.documentType });
    const res = await revoke(admin, draft.id);
    expect([res.status, res.body.code]).toEqual([409, 'DOCUMENT_NOT_APPROVED']);
    expect((await revoke(admin, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await t.post(`/api/v1/documents/${doc.id}/revoke`, { reason: 'x' })).status).toBe(401);
  });
});
