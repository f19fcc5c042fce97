import { ActedBeforeBackfill1796184855850 } from '../../migrations/1796184855850-ActedBeforeBackfill.js';
import { adminToken } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import {
  actedBefore,
  createAndSubmit,
  createDoc,
  decide,
  docOnceTask,
  docStatus,
  docType,
  getDoc,
  makePerson,
  makeUnit,
  pendingTask,
  type Person,
  saveWorkflow,
  submit,
  submitThroughSlaStage,
  workflowType,
} from './approvals-fixtures.js';
import { waitFor } from '../support/wait.js';
import { runEvents } from '../support/jobs.js';

describe('approvals: decisions', () => {
  let t: TestApp;
  let staff: Person;
  beforeAll(async () => {
    t = await createTestApp();
    staff = await makePerson(t, (await makeUnit(t)).id, 'Staff');
  });
  afterAll(async () => {
    await t.close();
  });

  async function twoStages() {
    const a = await makePerson(t, null, 'Approver A');
    const b = await makePerson(t, null, 'Approver B');
    const type = await workflowType(t, 'two', [
      { name: 'First', mode: 'any', approvers: [{ userId: a.id }] },
      { name: 'Second', mode: 'any', approvers: [{ userId: b.id }] },
    ]);
    return { a, b, type };
  }

  it('reject needs a reason and ends the request', async () => {
    const { a, type } = await twoStages();
    const s = await createAndSubmit(t, staff, type);
    const task = s.tasks[0];
    expect((await decide(t, a, task.id, 'reject', {})).status).toBe(400);
    expect((await decide(t, a, task.id, 'reject', { reason: '   ' })).status).toBe(400);
    const res = await decide(t, a, task.id, 'reject', { reason: 'មិនត្រឹមត្រូវ' });
    expect(res.status).toBe(200);
    expect(res.body.document.status).toBe('rejected');
    expect(res.body.task.comment).toBe('មិនត្រឹមត្រូវ');
    expect((await t.post(`/api/v1/documents/${s.id}/submit`, {}, { token: staff.token })).body.code).toBe(
      'DOCUMENT_NOT_SUBMITTABLE',
    );
  });

  it('return + resubmit unchanged restarts at the returning stage; earlier approvals stand', async () => {
    const { a, b, type } = await twoStages();
    const doc = await createDoc(t, staff, { documentType: type, metadata: { amount: 100 } });
    const s = await submit(t, staff, doc.id);
    expect((await decide(t, a, s.tasks[0].id, 'approve')).status).toBe(200);
    const bt = await pendingTask(t, b, doc.id);
    const ret = await decide(t, b, bt.id, 'return', { reason: 'Attach the annex' });
    expect(ret.body.document.status).toBe('returned');
    // Same content as a new version (same bytes, same metadata).
    const v2 = await t.post(
      `/api/v1/documents/${doc.id}/versions`,
      { body: 'text v1', note: 'no change' },
      { token: staff.token },
    );
    expect(v2.status).toBe(201);
    const again = await submit(t, staff, doc.id);
    expect(again.request.round).toBe(2);
    expect(again.request.currentStage).toBe(1);
    // One audit entry a submission: the resubmission's says where the route resumed.
    const submissions = await t.dataSource.query(
      `SELECT action, data FROM audit_log WHERE stream = $1 AND action LIKE 'document.%submitted' ORDER BY seq`,
      [`document:${doc.id}`],
    );
    expect(submissions).toEqual([
      { action: 'document.submitted', data: expect.objectContaining({ round: 1, versionNo: 1 }) },
      {
        action: 'document.resubmitted',
        data: expect.objectContaining({ round: 2, versionNo: 2, contentUnchanged: true, restartAt: 1 }),
      },
    ]);
    expect(again.stages[0].status).toBe('approved');
    expect(again.tasks.map((x: any) => x.assigneeId)).toEqual([b.id]);
    expect(again.tasks[0].versionNo).toBe(2);
    // The inbox shows both earlier decisions, the return with its reason, oldest first.
    expect(await actedBefore(t, b, doc.id)).toEqual([
      'First:Approver A:approved',
      'Second:Approver B:returned:Attach the annex',
    ]);
    // The decision's lock leaves the list out of the request it loads (it never reads it).
    const [locked] = await t.dataSource.query<{ request: Record<string, unknown> }[]>(
      `SELECT request FROM approvals_lock_task($1, NULL)`,
      [again.tasks[0].id],
    );
    expect(locked.request).toMatchObject({ id: again.request.id, round: 2 });
    expect(locked.request).not.toHaveProperty('acted_before');
    // A renamed approver is shown by their new name (a user's name change rebuilds the lists).
    const renamed = await t.patch(
      `/api/v1/users/${a.id}`,
      { fullName: 'Approver A renamed', fullNameKm: 'អ្នកអនុម័ត ក' },
      { token: await adminToken(t) },
    );
    expect(renamed.status).toBe(200);
    expect(await actedBefore(t, b, doc.id)).toEqual([
      'First:Approver A renamed:approved',
      'Second:Approver B:returned:Attach the annex',
    ]);
    // The first approval (on version 1) stands and shows which version it saw.
    const first = again.stages[0].tasks.find((x: any) => x.status === 'approved');
    expect(first.versionNo).toBe(1);
    expect(first.current).toBe(true);
  });

  it('return + resubmit changed restarts from the first stage and shows the metadata diff', async () => {
    const { a, b, type } = await twoStages();
    const doc = await createDoc(t, staff, { documentType: type, metadata: { amount: 100 } });
    const s = await submit(t, staff, doc.id);
    await decide(t, a, s.tasks[0].id, 'approve');
    const bt = await pendingTask(t, b, doc.id);
    await decide(t, b, bt.id, 'return', { reason: 'Fix the amount' });
    // Only the submitter, only while returned.
    expect(
      (await t.post(`/api/v1/documents/${doc.id}/versions`, { body: 'x' }, { token: a.token })).status,
    ).toBe(403);
    const form = new FormData();
    form.append('file', new Blob([Buffer.from('%PDF-1.4 corrected')]), 'ផែនការ.pdf');
    form.append('note', 'amount corrected');
    form.append('metadata', JSON.stringify({ amount: 150 }));
    const v2 = await t.post(`/api/v1/documents/${doc.id}/versions`, form, { token: staff.token });
    expect(v2.status).toBe(201);
    expect(v2.body.versions[1]).toMatchObject({ no: 2, hasFile: true, note: 'amount corrected' });
    expect(v2.body.versions[1].metadataDiff).toEqual([{ field: 'amount', from: 100, to: 150 }]);
    const again = await submit(t, staff, doc.id);
    expect(again.request.currentStage).toBe(0);
    expect(again.tasks.map((x: any) => x.assigneeId)).toEqual([a.id]);
    expect(again.stages[1].status).toBe('pending');
    // The old approval is history: not current.
    expect(again.stages[0].tasks.find((x: any) => x.status === 'approved').current).toBe(false);
    // No new version while in review.
    const late = await t.post(`/api/v1/documents/${doc.id}/versions`, { body: 'x' }, { token: staff.token });
    expect([late.status, late.body.code]).toEqual([409, 'DOCUMENT_NOT_EDITABLE']);
    // The file of version 2 downloads with its bytes.
    const file = await t.get(`/api/v1/documents/${doc.id}/versions/2/file`, { token: a.token });
    expect(file.status).toBe(200);
    expect(file.raw).toBe('%PDF-1.4 corrected');
    // Approving all the way signs the new version.
    await decide(t, a, again.tasks[0].id, 'approve');
    await decide(t, b, (await pendingTask(t, b, doc.id)).id, 'approve');
    const done = await docStatus(t, doc.id, 'approved');
    const v = await t.get(`/api/v1/verify/${done.verificationCode}`);
    expect(v.body.versionNo).toBe(2);
    expect(v.body.sha256).toBe(done.versions[1].sha256);
  });

  it('recall undoes an approval while the next stage has not acted', async () => {
    const { a, b, type } = await twoStages();
    const doc = await createDoc(t, staff, { documentType: type });
    const s = await submit(t, staff, doc.id);
    await decide(t, a, s.tasks[0].id, 'approve');
    expect(await actedBefore(t, b, doc.id)).toEqual(['First:Approver A:approved']);
    // Someone else cannot recall it.
    expect((await decide(t, b, s.tasks[0].id, 'recall')).status).toBe(403);
    const r = await decide(t, a, s.tasks[0].id, 'recall');
    expect(r.status).toBe(200);
    expect(r.body.task.status).toBe('pending');
    expect(r.body.task.assigneeId).toBe(a.id);
    const now = await getDoc(t, staff, doc.id);
    expect(now.request.currentStage).toBe(0);
    expect(now.stages.map((x: any) => x.status)).toEqual(['active', 'pending']);
    expect(now.stages[1].tasks.every((x: any) => x.status === 'cancelled')).toBe(true);
    expect(now.stages[0].tasks.map((x: any) => x.status).sort()).toEqual(['pending', 'recalled']);
    // A recalled approval is no longer shown as acted.
    expect(await actedBefore(t, a, doc.id)).toEqual([]);
    // Approve again; once the next stage has decided, recall is refused.
    const again = await decide(t, a, r.body.task.id, 'approve');
    expect(again.status).toBe(200);
    expect(await actedBefore(t, b, doc.id)).toEqual(['First:Approver A:approved']);
    const bt = await pendingTask(t, b, doc.id);
    await decide(t, b, bt.id, 'approve');
    await docStatus(t, doc.id, 'approved');
    const late = await decide(t, a, r.body.task.id, 'recall');
    expect([late.status, late.body.code]).toEqual([409, 'TASK_NOT_RECALLABLE']);
  });

  it('recall of an `any` stage brings back the tasks its completion cancelled, once', async () => {
    const a = await makePerson(t, null, 'Approver A');
    const b = await makePerson(t, null, 'Approver B');
    const next = await makePerson(t, null, 'Next');
    const type = await workflowType(t, 'any', [
      { name: 'Either', mode: 'any', approvers: [{ userId: a.id }, { userId: b.id }] },
      { name: 'Next', mode: 'any', approvers: [{ userId: next.id }] },
    ]);
    const doc = await createDoc(t, staff, { documentType: type });
    const s = await submit(t, staff, doc.id);
    const ta = s.tasks.find((x: any) => x.assigneeId === a.id);
    const tb = s.tasks.find((x: any) => x.assigneeId === b.id);
    expect((await decide(t, a, ta.id, 'approve')).status).toBe(200);
    await pendingTask(t, next, doc.id);
    const tasksOf = async () =>
      t.dataSource.query<{ assignee_id: string; status: string; round: number }[]>(
        `SELECT t.assignee_id, t.status, t.round FROM approval_tasks t JOIN approval_stages s ON s.id = t.stage_id
          WHERE t.document_id = $1 AND s.index = 0`,
        [doc.id],
      );
    const summary = (rows: { assignee_id: string; status: string; round: number }[]) =>
      rows
        .map((r) => `${r.assignee_id === a.id ? 'a' : 'b'}:${r.status}:${r.round}`)
        .sort()
        .join(' ');
    expect(summary(await tasksOf())).toBe('a:approved:1 b:cancelled:1');

    const r = await decide(t, a, ta.id, 'recall');
    expect(r.status).toBe(200);
    const now = await getDoc(t, staff, doc.id);
    expect(now.stages.map((x: any) => x.status)).toEqual(['active', 'pending']);
    // b's cancelled task is detached (round 0) and b has a new pending one; a has one in place of the recalled.
    expect(summary(await tasksOf())).toBe('a:pending:1 a:recalled:1 b:cancelled:0 b:pending:1');
    const revived = now.stages[0].tasks.find((x: any) => x.assigneeId === b.id && x.status === 'pending');
    expect(revived.id).not.toBe(tb.id);
    // b approves this time; a recall by b brings back a's task, and not b's old one a second time.
    expect((await decide(t, b, revived.id, 'approve')).status).toBe(200);
    await pendingTask(t, next, doc.id);
    expect((await decide(t, b, revived.id, 'recall')).status).toBe(200);
    expect(summary(await tasksOf())).toBe(
      'a:cancelled:0 a:pending:1 a:recalled:1 b:cancelled:0 b:pending:1 b:recalled:1',
    );
    expect((await getDoc(t, staff, doc.id)).stages[1].tasks.every((x: any) => x.status === 'cancelled')).toBe(
      true,
    );
  });

  it('the backfill migration fills who acted before for existing requests, while decisions go on', async () => {
    const { a, b, type } = await twoStages();
    const old = await createDoc(t, staff, { documentType: type });
    await decide(t, a, (await submit(t, staff, old.id)).tasks[0].id, 'approve', { comment: 'ok' });
    await pendingTask(t, b, old.id);
    // As a request decided before the column existed.
    await t.dataSource.query(`UPDATE approval_requests SET acted_before = '[]' WHERE document_id = $1`, [
      old.id,
    ]);
    expect(await actedBefore(t, b, old.id)).toEqual([]);
    const live = await createDoc(t, staff, { documentType: type });
    const liveTask = (await submit(t, staff, live.id)).tasks[0];
    const runner = t.dataSource.createQueryRunner();
    try {
      await Promise.all([
        new ActedBeforeBackfill1796184855850().up(runner),
        decide(t, a, liveTask.id, 'approve', { comment: 'during' }),
      ]);
    } finally {
      await runner.release();
    }
    expect(await actedBefore(t, b, old.id)).toEqual(['First:Approver A:approved:ok']);
    expect(await actedBefore(t, b, live.id)).toEqual(['First:Approver A:approved:during']);
  });

  it('withdraw: only the submitter, while in review; open tasks are cancelled', async () => {
    const { a, type } = await twoStages();
    const doc = await createDoc(t, staff, { documentType: type });
    const s = await submit(t, staff, doc.id);
    expect((await t.post(`/api/v1/documents/${doc.id}/withdraw`, {}, { token: a.token })).status).toBe(403);
    const w = await t.post(
      `/api/v1/documents/${doc.id}/withdraw`,
      { reason: 'ដកវិញ' },
      { token: staff.token },
    );
    expect(w.status).toBe(200);
    expect(w.body.status).toBe('withdrawn');
    expect(w.body.stages[0].tasks[0].status).toBe('cancelled');
    expect((await decide(t, a, s.tasks[0].id, 'approve')).body.code).toBe('TASK_ALREADY_DECIDED');
    const again = await t.post(`/api/v1/documents/${doc.id}/withdraw`, {}, { token: staff.token });
    expect([again.status, again.body.code]).toEqual([409, 'DOCUMENT_NOT_WITHDRAWABLE']);
  });

  it('withdraw a draft: its submitter discards it (one whose submission was refused, say); it cannot be submitted after', async () => {
    const { a, type } = await twoStages();
    const doc = await createDoc(t, staff, { documentType: type });
    expect((await t.post(`/api/v1/documents/${doc.id}/withdraw`, {}, { token: a.token })).status).toBe(404);
    const w = await t.post(
      `/api/v1/documents/${doc.id}/withdraw`,
      { reason: 'ចំនួនទឹកប្រាក់ខុស' },
      { token: staff.token },
    );
    expect([w.status, w.body.status]).toEqual([200, 'withdrawn']);
    const late = await t.post(`/api/v1/documents/${doc.id}/submit`, {}, { token: staff.token });
    expect([late.status, late.body.code]).toEqual([409, 'DOCUMENT_NOT_SUBMITTABLE']);
  });

  it('reassign: admin only; the task moves', async () => {
    const { a, type } = await twoStages();
    const c = await makePerson(t, null, 'Approver C');
    const s = await createAndSubmit(t, staff, type);
    const body = { userId: c.id, reason: 'A is on leave' };
    expect(
      (await t.post(`/api/v1/approval-tasks/${s.tasks[0].id}/reassign`, body, { token: a.token })).status,
    ).toBe(403);
    const r = await t.post(`/api/v1/approval-tasks/${s.tasks[0].id}/reassign`, body, {
      token: await adminToken(t),
    });
    expect(r.status).toBe(200);
    expect(r.body.task.assigneeId).toBe(c.id);
    // The route says from whom it went, to whom and why, for whoever reads the document.
    const moved = await getDoc(t, staff, s.id);
    expect(moved.stages[0].routingNotes).toContainEqual({
      approver: { userId: c.id },
      outcome: 'reassigned_by_admin',
      userId: c.id,
      fromUserId: a.id,
      reason: 'A is on leave',
    });
    // C is told who gave it to them and why (in Khmer, the test users' language); A's notice is done.
    const given = await waitFor('C is told', async () => {
      const res = await t.get('/api/v1/notifications', { token: c.token });
      return res.body.items.find((n: any) => n.link === `/documents/${s.id}`);
    });
    expect(given.body).toContain('ភារកិច្ចនេះត្រូវបានប្រគល់មកអ្នកដោយ អ្នកគ្រប់គ្រងប្រព័ន្ធ៖ «A is on leave»។');
    expect(given.done).toBe(false);
    // A hears where it went and why (in Khmer, with C's Khmer name).
    const aNotices = await waitFor('A is told', async () => {
      const items = (await t.get('/api/v1/notifications', { token: a.token })).body.items.filter(
        (n: any) => n.link === `/documents/${s.id}`,
      );
      return items.some((n: any) => n.kind === 'approval.reassigned_away') ? items : undefined;
    });
    expect(aNotices.find((n: any) => n.kind === 'approval.task_assigned').done).toBe(true);
    const away = aNotices.find((n: any) => n.kind === 'approval.reassigned_away');
    expect(away.body).toMatch(/ត្រូវបានប្រគល់ទៅ សុខ ស៊ាន [0-9a-f]{8} ដោយ .+៖ «A is on leave»។$/);
    // The submitter hears it too: whom their document waits on now, and why.
    const told = await waitFor('the submitter told', async () => {
      const items = (await t.get('/api/v1/notifications', { token: staff.token })).body.items;
      return items.find((n: any) => n.kind === 'approval.handed_over' && n.link === `/documents/${s.id}`);
    });
    expect(told.body).toMatch(/ត្រូវបានប្រគល់ទៅ សុខ ស៊ាន [0-9a-f]{8} ដោយ .+៖ «A is on leave»។$/);
    // A no longer holds any task of this (internal, other unit's) document: it is invisible to A now.
    expect((await decide(t, a, s.tasks[0].id, 'approve')).status).toBe(404);
    expect((await decide(t, c, s.tasks[0].id, 'approve')).status).toBe(200);
    const audit = await t.get(`/api/v1/documents/${s.id}/audit`, { token: staff.token });
    expect(audit.body.items.find((e: any) => e.action === 'task.reassigned').data).toMatchObject({
      fromUserId: a.id,
      toUserId: c.id,
      reason: 'A is on leave',
    });
  });

  it("reassign: the new approver has the stage's time afresh; never to the one who holds it", async () => {
    const a = await makePerson(t, null, 'Approver A');
    const c = await makePerson(t, null, 'Approver C');
    const type = await workflowType(t, 'fresh', [
      { name: 'First', mode: 'any', slaHours: 24, approvers: [{ userId: a.id }] },
    ]);
    const s = await createAndSubmit(t, staff, type);
    const taskId = s.tasks[0].id;
    // A day went by: its deadline passed, its reminder and escalation are due.
    await t.dataSource.query(`UPDATE approval_tasks SET due_at = now() - interval '2 hours' WHERE id = $1`, [
      taskId,
    ]);
    const admin = await adminToken(t);
    const same = await t.post(
      `/api/v1/approval-tasks/${taskId}/reassign`,
      { userId: a.id, reason: 'A again' },
      { token: admin },
    );
    expect([same.status, same.body.code]).toEqual([400, 'ASSIGNEE_UNCHANGED']);
    const before = Date.now();
    const r = await t.post(
      `/api/v1/approval-tasks/${taskId}/reassign`,
      { userId: c.id, reason: 'A left the office' },
      { token: admin },
    );
    expect(r.status).toBe(200);
    const due = new Date(r.body.task.dueAt).getTime();
    expect(due).toBeGreaterThanOrEqual(before + 24 * 3_600_000);
    expect(due).toBeLessThanOrEqual(Date.now() + 24 * 3_600_000);
    const overdue = await t.get('/api/v1/approvals/overdue', { token: admin });
    expect(overdue.body.items.map((x: any) => x.id)).not.toContain(taskId);
    // The first deadline's reminder and escalation come due: they do nothing, the deadline moved.
    const [firstDeadline] = await t.dataSource.query(
      `UPDATE outbox_events SET run_at = now() WHERE payload->>'taskId' = $1 AND payload->>'dueAt' <> $2
       RETURNING id, name`,
      [taskId, r.body.task.dueAt],
    );
    expect(firstDeadline.map((e: any) => e.name).sort()).toEqual([
      'approvals.escalate',
      'approvals.reminder',
    ]);
    await runEvents(t, firstDeadline);
    const [task] = await t.dataSource.query(
      `SELECT assignee_id, reminded_at, escalated_at FROM approval_tasks WHERE id = $1`,
      [taskId],
    );
    expect(task).toEqual({ assignee_id: c.id, reminded_at: null, escalated_at: null });
    // The new deadline's are queued for their times.
    const queued = await t.dataSource.query(
      `SELECT name FROM outbox_events WHERE payload->>'taskId' = $1 AND payload->>'dueAt' = $2
        AND processed_at IS NULL ORDER BY name`,
      [taskId, r.body.task.dueAt],
    );
    expect(queued.map((q: any) => q.name)).toEqual(['approvals.escalate', 'approvals.reminder']);
  });

  it('delegation: tasks go to the delegate acting for the approver; no chains', async () => {
    const director = await makePerson(t, null, 'Director');
    const delegate = await makePerson(t, null, 'Delegate');
    const third = await makePerson(t, null, 'Third');
    const type = await workflowType(t, 'deleg', [
      { name: 'Director', mode: 'all', approvers: [{ userId: director.id }] },
    ]);
    const startsAt = new Date(Date.now() - 60_000).toISOString();
    const endsAt = new Date(Date.now() + 3_600_000).toISOString();
    const d1 = await t.post(
      '/api/v1/delegations',
      { toUserId: delegate.id, startsAt, endsAt, documentTypes: [type] },
      { token: director.token },
    );
    expect(d1.status).toBe(201);
    // The delegate delegates further: not followed.
    expect(
      (
        await t.post(
          '/api/v1/delegations',
          { toUserId: third.id, startsAt, endsAt },
          { token: delegate.token },
        )
      ).status,
    ).toBe(201);
    // Bad periods are refused.
    expect(
      (
        await t.post(
          '/api/v1/delegations',
          { toUserId: third.id, startsAt: endsAt, endsAt: startsAt },
          { token: director.token },
        )
      ).status,
    ).toBe(400);
    const s = await createAndSubmit(t, staff, type);
    expect(s.tasks).toHaveLength(1);
    expect(s.tasks[0].assigneeId).toBe(delegate.id);
    expect(s.tasks[0].actingForId).toBe(director.id);
    // The inbox of the delegate shows it, acting for the director.
    const inbox = await t.get('/api/v1/approvals/inbox', { token: delegate.token });
    expect(inbox.body.items).toEqual([
      expect.objectContaining({ id: s.tasks[0].id, actingForId: director.id }),
    ]);
    // So does their notice (in Khmer, the test users' language), naming the director.
    const notice = await waitFor('the delegate is told', async () => {
      const res = await t.get('/api/v1/notifications', { token: delegate.token });
      return res.body.items.find((n: any) => n.link === `/documents/${s.id}`);
    });
    const [{ full_name_km: directorKm }] = await t.dataSource.query(
      `SELECT full_name_km FROM users WHERE id = $1`,
      [director.id],
    );
    expect(notice.body).toContain(`ដោយធ្វើការជំនួស ${directorKm}។`);
    // The director can see the document (acting-for), but cannot decide.
    expect((await t.get(`/api/v1/documents/${s.id}`, { token: director.token })).status).toBe(200);
    expect((await decide(t, director, s.tasks[0].id, 'approve')).status).toBe(403);
    const decidedBy = async (who: Person) =>
      ((await t.get('/api/v1/documents?box=decided', { token: who.token })).body.items as any[]).map(
        (d) => d.id,
      );
    expect(await decidedBy(director)).not.toContain(s.id);
    await decide(t, delegate, s.tasks[0].id, 'approve', { comment: 'on behalf' });
    // Decided for the director: in his list of what he decided (or had decided for him), as in the delegate's.
    expect(await decidedBy(director)).toContain(s.id);
    expect(await decidedBy(delegate)).toContain(s.id);
    // ... marked with who decided it for him; the delegate's own row is not marked.
    const row = async (who: Person) =>
      ((await t.get('/api/v1/documents?box=decided', { token: who.token })).body.items as any[]).find(
        (d) => d.id === s.id,
      );
    expect((await row(director)).decidedForYouBy).toMatchObject({
      id: delegate.id,
      fullName: expect.any(String),
    });
    expect((await row(delegate)).decidedForYouBy).toBeNull();
    expect(
      ((await t.get('/api/v1/documents?box=mine', { token: staff.token })).body.items as any[]).find(
        (d) => d.id === s.id,
      ),
    ).not.toHaveProperty('decidedForYouBy');
    // The director answers for what was decided in their name: told who decided, and with what words.
    const forYou = await waitFor('the director is told', async () => {
      const res = await t.get('/api/v1/notifications', { token: director.token });
      return res.body.items.find(
        (n: any) => n.kind === 'approval.decided_for_you' && n.link === `/documents/${s.id}`,
      );
    });
    const [{ full_name_km: delegateKm }] = await t.dataSource.query(
      `SELECT full_name_km FROM users WHERE id = $1`,
      [delegate.id],
    );
    expect(forYou.body).toContain(`${delegateKm} បានអនុម័តឯកសារ`);
    expect(forYou.body).toContain('ជំនួសអ្នក');
    expect(forYou.body).toContain('on behalf');
    // The delegate hears nothing of it: the notice is the director's only.
    const delegateNotices = await t.get('/api/v1/notifications', { token: delegate.token });
    expect(delegateNotices.body.items.filter((n: any) => n.kind === 'approval.decided_for_you')).toEqual([]);
    const done = await docStatus(t, s.id, 'approved');
    // The submitter reads who approved it and for whom.
    const approvedNotice = await waitFor('the submitter is told', async () => {
      const res = await t.get('/api/v1/notifications', { token: staff.token });
      return res.body.items.find(
        (n: any) => n.kind === 'approval.decided' && n.link === `/documents/${s.id}`,
      );
    });
    expect(approvedNotice.body).toContain(`ដោយ ${delegateKm} ដោយធ្វើការជំនួស ${directorKm}។`);
    const v = await t.get(`/api/v1/verify/${done.verificationCode}`);
    expect(v.body.signers[0]).toMatchObject({
      name: 'Delegate',
      actingFor: expect.objectContaining({ name: 'Director' }),
    });
    // Another type is not delegated.
    const other = docType();
    await saveWorkflow(t, {
      name: `deleg2 ${other}`,
      documentType: other,
      stages: [{ name: 'Director', mode: 'all', approvers: [{ userId: director.id }] }],
    });
    const s2 = await submit(t, staff, (await createDoc(t, staff, { documentType: other })).id);
    expect(s2.tasks[0]).toMatchObject({ assigneeId: director.id, actingForId: null });
    // The audit shows both.
    const audit = await t.get(`/api/v1/documents/${s.id}/audit`, { token: staff.token });
    const activated = audit.body.items.find((e: any) => e.action === 'stage.activated');
    expect(activated.data.tasks[0]).toMatchObject({ assigneeId: delegate.id, actingForId: director.id });
  });

  it("reassign: a delegate's task taken away is told to the delegate and to the approver they acted for", async () => {
    const director = await makePerson(t, null, 'Director');
    const delegate = await makePerson(t, null, 'Delegate');
    const other = await makePerson(t, null, 'Other');
    const type = await workflowType(t, 'deleg-moved', [
      { name: 'Director', mode: 'all', approvers: [{ userId: director.id }] },
    ]);
    const delegation = await t.post(
      '/api/v1/delegations',
      {
        toUserId: delegate.id,
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        documentTypes: [type],
      },
      { token: director.token },
    );
    expect(delegation.status).toBe(201);
    const s = await createAndSubmit(t, staff, type);
    expect(s.tasks[0]).toMatchObject({ assigneeId: delegate.id, actingForId: director.id });
    const moved = await t.post(
      `/api/v1/approval-tasks/${s.tasks[0].id}/reassign`,
      { userId: other.id, reason: 'ផ្ទេរ' },
      { token: await adminToken(t) },
    );
    expect(moved.status).toBe(200);
    for (const person of [delegate, director]) {
      const away = await waitFor(`${person.username} is told`, async () => {
        const items = (await t.get('/api/v1/notifications', { token: person.token })).body.items;
        return items.find(
          (n: any) => n.kind === 'approval.reassigned_away' && n.link === `/documents/${s.id}`,
        );
      });
      expect(away.body).toMatch(/៖ «ផ្ទេរ»។$/);
    }
    // The one it went to is told it is theirs, and not that it went away.
    const theirs = await waitFor('the new approver is told', async () => {
      const items = (await t.get('/api/v1/notifications', { token: other.token })).body.items;
      return items.some((n: any) => n.link === `/documents/${s.id}`) ? items : undefined;
    });
    expect(theirs.map((n: any) => n.kind)).toEqual(['approval.task_assigned']);
  });

  it('reminds at 75% of the SLA and escalates at the deadline, never approving by itself', async () => {
    const slow = await makePerson(t, null, 'Slow approver');
    const boss = await makePerson(t, null, 'Boss');
    // 0.0005 h = 1.8 s: reminder after 1.35 s, escalation after 1.8 s.
    const { doc: s, taskId } = await submitThroughSlaStage(t, staff, slow, boss, 0.0005);
    const escalated = await docOnceTask(
      t,
      staff,
      s.id,
      taskId,
      'reminder and escalation',
      (tk) => tk.remindedAt && tk.escalatedAt,
    );
    expect(escalated.status).toBe('in_review');
    const bossTask = escalated.stages[0].tasks.find((x: any) => x.assigneeId === boss.id);
    expect(bossTask).toMatchObject({ origin: 'sla_escalation', status: 'pending' });
    const notes = await waitFor('notifications', async () => {
      const rows = await t.dataSource.query(
        `SELECT user_id, kind FROM notifications WHERE event_key LIKE $1`,
        [`task:${taskId}:%`],
      );
      return rows.length >= 3 ? rows : undefined;
    });
    expect(notes.map((r: any) => r.user_id)).toEqual(expect.arrayContaining([slow.id, boss.id]));
    const overdue = await t.get('/api/v1/approvals/overdue', { token: await adminToken(t) });
    // Overdue work is listed for admins, naming whose it is (who may be reassigned it: /admin/approvals).
    expect(overdue.body.items.find((x: any) => x.id === taskId)).toMatchObject({
      assigneeId: slow.id,
      assigneeName: 'Slow approver',
      assigneeNameKm: expect.stringMatching(/^សុខ ស៊ាន /),
    });
    expect((await t.get('/api/v1/approvals/overdue', { token: staff.token })).status).toBe(403);
    // The overdue approver's notices and the escalation target's wait on them, until ...
    const doneMarks = async (who: Person) =>
      Object.fromEntries(
        (await t.get('/api/v1/notifications', { token: who.token })).body.items
          .filter((n: any) => n.link === `/documents/${s.id}`)
          .map((n: any) => [n.kind, n.done]),
      );
    expect(await doneMarks(slow)).toEqual({ 'approval.task_assigned': false, 'approval.reminder': false });
    // The escalation target hears it once, as an escalation (not also as a plain assignment).
    expect(await doneMarks(boss)).toEqual({ 'approval.escalated': false });
    // ... the escalation target's approval stands in for the overdue one.
    expect((await decide(t, boss, bossTask.id, 'approve')).status).toBe(200);
    await docStatus(t, s.id, 'approved');
    expect(await doneMarks(slow)).toEqual({ 'approval.task_assigned': true, 'approval.reminder': true });
    expect(await doneMarks(boss)).toEqual({ 'approval.escalated': true });
  });

  it("marks a task's notices done once it no longer waits on their reader, by whoever's act", async () => {
    const a = await makePerson(t, null, 'Approver A');
    const c = await makePerson(t, null, 'Approver C');
    const b = await makePerson(t, null, 'Approver B');
    const type = await workflowType(t, 'notices', [
      { name: 'Either', nameKm: 'អ្នកណាម្នាក់', mode: 'any', approvers: [{ userId: a.id }, { userId: c.id }] },
      { name: 'Last', mode: 'any', approvers: [{ userId: b.id }] },
    ]);
    const s = await createAndSubmit(t, staff, type);
    const link = `/documents/${s.id}`;
    /** Whose notices of this document, by kind, with their done marks. */
    const notices = async (who: Person, count: number) =>
      waitFor(`${count} notices`, async () => {
        const res = await t.get('/api/v1/notifications', { token: who.token });
        expect(res.status).toBe(200);
        const mine = res.body.items
          .filter((n: any) => n.link === link)
          .map((n: any) => ({ kind: n.kind, done: n.done }));
        return mine.length === count ? mine : null;
      });
    expect(await notices(a, 1)).toEqual([{ kind: 'approval.task_assigned', done: false }]);
    expect(await notices(c, 1)).toEqual([{ kind: 'approval.task_assigned', done: false }]);
    expect((await decide(t, a, s.tasks.find((x: any) => x.assigneeId === a.id).id, 'approve')).status).toBe(
      200,
    );
    // The audit entries name the stage in Khmer too, for the audit page's Khmer readers.
    const entries = await t.dataSource.query(
      `SELECT action, data FROM audit_log
        WHERE stream = $1 AND action IN ('task.approved', 'stage.approved', 'stage.activated') AND data->>'stage' = '0'
        ORDER BY seq`,
      [`document:${s.id}`],
    );
    expect(entries.map((e: any) => [e.action, e.data.stageName, e.data.stageNameKm])).toEqual([
      ['stage.activated', 'Either', 'អ្នកណាម្នាក់'],
      ['task.approved', 'Either', 'អ្នកណាម្នាក់'],
      ['stage.approved', 'Either', 'អ្នកណាម្នាក់'],
    ]);
    // A's decided; C's was cancelled by A's approval: neither waits on its reader any more.
    expect(await notices(a, 1)).toEqual([{ kind: 'approval.task_assigned', done: true }]);
    expect(await notices(c, 1)).toEqual([{ kind: 'approval.task_assigned', done: true }]);
    expect(await notices(b, 1)).toEqual([{ kind: 'approval.task_assigned', done: false }]);
    // Returned at the last stage and sent again: the new task's notice waits, the returned one's
    // stays done (it read as live again, with the old task's deadline, beside the new one).
    const bt = await pendingTask(t, b, s.id);
    expect((await decide(t, b, bt.id, 'return', { reason: 'Sign page 2' })).status).toBe(200);
    expect(await notices(b, 1)).toEqual([{ kind: 'approval.task_assigned', done: true }]);
    await submit(t, staff, s.id);
    expect((await notices(b, 2)).map((n: { done: boolean }) => n.done)).toEqual([false, true]);
    expect((await decide(t, b, (await pendingTask(t, b, s.id)).id, 'approve')).status).toBe(200);
    expect((await notices(b, 2)).map((n: { done: boolean }) => n.done)).toEqual([true, true]);
    // A notice that asks nothing of its reader is never marked done.
    await docStatus(t, s.id, 'approved');
    const decided = await waitFor('the submitter hears of the approval', async () => {
      const res = await t.get('/api/v1/notifications', { token: staff.token });
      return res.body.items.find((n: any) => n.link === link && n.kind === 'approval.decided');
    });
    expect(decided.done).toBe(false);
  });
});
