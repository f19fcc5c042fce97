import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { adminToken, untrustedTokens } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { outboxSettled } from '../support/jobs.js';
import {
  createAndSubmit,
  createDoc,
  decide,
  docStatus,
  docType,
  getDoc,
  makePerson,
  makeUnit,
  pendingTask,
  saveWorkflow,
  submit,
  workflowType,
} from './approvals-fixtures.js';
import { VERIFY_RATE_PER_MINUTE } from '../../src/approvals/verification.service.js';

const run = promisify(execFile);

describe('approvals: concurrency, access, idempotency, inbox', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('gives 50 concurrent submissions in one unit 50 consecutive reference numbers', async () => {
    const unit = await makeUnit(t);
    const staff = await makePerson(t, unit.id);
    const approver = await makePerson(t);
    const type = await workflowType(t, 'refs', [
      { name: 'A', mode: 'any', approvers: [{ userId: approver.id }] },
    ]);
    const docs: any[] = [];
    for (let i = 0; i < 50; i += 10) {
      const batch = Array.from({ length: 10 }, (_, j) =>
        createDoc(t, staff, { documentType: type, title: `ឯកសារ ${i + j}` }),
      );
      docs.push(...(await Promise.all(batch)));
    }
    const answers = await Promise.all(
      docs.map((d) => t.post(`/api/v1/documents/${d.id}/submit`, {}, { token: staff.token })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));
    const numbers = answers.map((a) => Number(a.body.referenceNumber.split('/')[2])).sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(answers[0].body.referenceNumber).toMatch(new RegExp(`^${unit.code}/20\\d\\d/000\\d\\d$`));
  }, 120_000);

  it('lets one of two racing decisions win; the other gets 409', async () => {
    const staff = await makePerson(t, (await makeUnit(t)).id);
    const a = await makePerson(t);
    const b = await makePerson(t);
    const next = await makePerson(t);
    const type = await workflowType(t, 'race', [
      { name: 'Any', mode: 'any', approvers: [{ userId: a.id }, { userId: b.id }] },
      { name: 'Next', mode: 'any', approvers: [{ userId: next.id }] },
    ]);
    for (let round = 0; round < 3; round++) {
      const s = await createAndSubmit(t, staff, type);
      const [ta, tb] = [
        s.tasks.find((x: any) => x.assigneeId === a.id),
        s.tasks.find((x: any) => x.assigneeId === b.id),
      ];
      const [ra, rb] = await Promise.all([decide(t, a, ta.id, 'approve'), decide(t, b, tb.id, 'approve')]);
      expect([ra.status, rb.status].sort()).toEqual([200, 409]);
      expect([ra, rb].find((r) => r.status === 409)!.body.code).toBe('TASK_ALREADY_DECIDED');
      // The stage advanced once: exactly one task for the next stage.
      await pendingTask(t, next, s.id);
      await outboxSettled(t, 'every follow-up of the decisions'); // a second advance would show now
      const d = await getDoc(t, staff, s.id);
      expect(d.stages[1].tasks).toHaveLength(1);
    }
    // The same task decided twice at once.
    const s = await createAndSubmit(t, staff, type);
    const ta = s.tasks.find((x: any) => x.assigneeId === a.id);
    const both = await Promise.all([
      decide(t, a, ta.id, 'approve'),
      decide(t, a, ta.id, 'return', { reason: 'x' }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
  });

  /** A unit's staff member and colleague, an approver outside it, and a one-stage workflow for a new type. */
  async function oneApprover(label: string) {
    const unit = await makeUnit(t);
    const staff = await makePerson(t, unit.id);
    const colleague = await makePerson(t, unit.id);
    const approver = await makePerson(t);
    const type = docType();
    await saveWorkflow(t, {
      name: `${label} ${type}`,
      documentType: type,
      stages: [{ name: 'A', mode: 'any', approvers: [{ userId: approver.id }] }],
    });
    return { staff, colleague, approver, type };
  }

  it("answers a non-assignee's decision without waiting for the task's locks", async () => {
    const { staff, colleague, approver, type } = await oneApprover('locks');
    const submitted = await createAndSubmit(t, staff, type);
    const taskId = submitted.tasks[0].id as string;
    // Another transaction holds the request's row (as a decision in progress would).
    const holder = t.dataSource.createQueryRunner();
    await holder.startTransaction();
    try {
      await holder.query(
        `SELECT 1 FROM approval_requests r JOIN approval_tasks k ON k.request_id = r.id WHERE k.id = $1 FOR UPDATE OF r`,
        [taskId],
      );
      const answer = decide(t, colleague, taskId, 'approve', {});
      const first = await Promise.race([
        answer,
        new Promise<'still waiting'>((r) => setTimeout(() => r('still waiting'), 3000)),
      ]);
      expect(first).not.toBe('still waiting');
      expect(first).toMatchObject({ status: 403, body: { code: 'NOT_TASK_ASSIGNEE' } });
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
    // The assignee's decision still goes through once the row is free.
    expect((await decide(t, approver, taskId, 'approve', {})).status).toBe(200);
  });

  it('refuses every decision route to a non-assignee (403) and hides confidential documents (404)', async () => {
    const { staff, colleague, approver, type } = await oneApprover('acl');
    const stranger = await makePerson(t);

    // Internal: the issuing unit's staff see it; a stranger does not.
    const internal = await createAndSubmit(t, staff, type);
    expect((await t.get(`/api/v1/documents/${internal.id}`, { token: colleague.token })).status).toBe(200);
    expect((await t.get(`/api/v1/documents/${internal.id}`, { token: stranger.token })).status).toBe(404);
    const taskId = internal.tasks[0].id;
    for (const [action, body] of [
      ['approve', {}],
      ['reject', { reason: 'no' }],
      ['return', { reason: 'no' }],
      ['recall', {}],
    ] as const) {
      const seen = await decide(t, colleague, taskId, action, body);
      expect([action, seen.status, seen.body.code]).toEqual([action, 403, 'NOT_TASK_ASSIGNEE']);
      const unseen = await decide(t, stranger, taskId, action, body);
      expect([action, unseen.status]).toEqual([action, 404]);
    }
    expect(
      (
        await t.post(
          `/api/v1/approval-tasks/${taskId}/reassign`,
          { userId: stranger.id, reason: 'x' },
          { token: colleague.token },
        )
      ).status,
    ).toBe(403);
    expect(
      (await t.post(`/api/v1/documents/${internal.id}/withdraw`, {}, { token: colleague.token })).status,
    ).toBe(403);
    expect(
      (await t.post(`/api/v1/documents/${internal.id}/submit`, {}, { token: colleague.token })).status,
    ).toBe(403);

    // Confidential: only the submitter, its approvers and admins; others learn nothing.
    const conf = await createDoc(t, staff, {
      documentType: type,
      classification: 'confidential',
      title: 'សម្ងាត់ secret plan',
    });
    const cs = await submit(t, staff, conf.id);
    for (const who of [colleague, stranger]) {
      const paths = [
        `/api/v1/documents/${conf.id}`,
        `/api/v1/documents/${conf.id}/versions/1/file`,
        `/api/v1/documents/${conf.id}/audit`,
        `/api/v1/documents/${conf.id}/qr.svg`,
      ];
      for (const p of paths) {
        const res = await t.get(p, { token: who.token });
        expect([p, res.status, res.body.code]).toEqual([p, 404, 'DOCUMENT_NOT_FOUND']);
      }
      expect((await decide(t, who, cs.tasks[0].id, 'approve')).status).toBe(404);
      expect(
        (await t.post(`/api/v1/documents/${conf.id}/versions`, { body: 'x' }, { token: who.token })).status,
      ).toBe(404);
      const listed = await t.get('/api/v1/documents', {
        token: who.token,
        query: { box: 'inbox', search: 'secret' },
      });
      expect(listed.body.items).toEqual([]);
    }
    expect((await t.get(`/api/v1/documents/${conf.id}`, { token: approver.token })).status).toBe(200);
    expect((await t.get(`/api/v1/documents/${conf.id}`, { token: await adminToken(t) })).status).toBe(200);
    // Logged out: 401.
    expect((await t.get(`/api/v1/documents/${conf.id}`)).status).toBe(401);
  });

  it('replays the first answer to a retried submit or decision with the same Idempotency-Key', async () => {
    const staff = await makePerson(t, (await makeUnit(t)).id);
    const approver = await makePerson(t);
    const type = await workflowType(t, 'idem', [
      { name: 'A', mode: 'all', approvers: [{ userId: approver.id }] },
    ]);
    const doc = await createDoc(t, staff, { documentType: type });
    const key = { 'idempotency-key': `submit-${doc.id}` };
    const first = await t.post(
      `/api/v1/documents/${doc.id}/submit`,
      {},
      { token: staff.token, headers: key },
    );
    const retry = await t.post(
      `/api/v1/documents/${doc.id}/submit`,
      {},
      { token: staff.token, headers: key },
    );
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.body.referenceNumber).toBe(first.body.referenceNumber);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    const taskId = first.body.tasks[0].id;
    const dkey = { 'idempotency-key': `approve-${taskId}` };
    const a1 = await decide(t, approver, taskId, 'approve', { comment: 'ok' }, dkey);
    const a2 = await decide(t, approver, taskId, 'approve', { comment: 'ok' }, dkey);
    expect([a1.status, a2.status]).toEqual([200, 200]);
    expect(a2.body.task.decidedAt).toBe(a1.body.task.decidedAt);
    // Without the key, a second decision is a conflict.
    expect((await decide(t, approver, taskId, 'approve', { comment: 'ok' })).status).toBe(409);
    // One task, one reference number, one approval in the audit.
    const audit = await t.get(`/api/v1/documents/${doc.id}/audit`, { token: staff.token });
    expect(audit.body.items.filter((e: any) => e.action === 'task.approved')).toHaveLength(1);
    expect(audit.body.items.filter((e: any) => e.action === 'document.submitted')).toHaveLength(1);
    // A document's own trail names no accounts beyond its entries' (the audit list's names are the
    // administrator's).
    expect(Object.keys(audit.body).sort()).toEqual(['items', 'nextCursor']);
  });

  it('shows no inbox to a disabled account, a token older than a password reset, or a token it cannot verify', async () => {
    // The inbox's own statement checks the account (@AuthenticatedByToken), not the guard.
    const me = await makePerson(t);
    const approver = await makePerson(t);
    const type = await workflowType(t, 'inbox account', [
      { name: 'Mine', mode: 'any', approvers: [{ userId: me.id }] },
    ]);
    const staff = await makePerson(t, (await makeUnit(t)).id);
    const doc = await createAndSubmit(t, staff, type);
    await pendingTask(t, me, doc.id);
    const inbox = (token: string) => t.get('/api/v1/approvals/inbox', { token });
    const refused = async (token: string) => {
      const res = await inbox(token);
      return [res.status, res.body.code, res.body.items];
    };
    expect((await inbox(me.token)).body.items.map((x: any) => x.documentId)).toEqual([doc.id]);
    // A page after the first (the cursor's statements) checks it too.
    const cursorPage = (token: string) =>
      t.get('/api/v1/approvals/inbox', {
        token,
        query: { cursor: Buffer.from(JSON.stringify([null, doc.id])).toString('base64url') },
      });
    expect((await cursorPage(me.token)).status).toBe(200);

    // Refusals that come before the page's statement wait for the account check too.
    const badCursor = (token: string) =>
      t.get('/api/v1/approvals/inbox', { token, query: { cursor: 'not-a-cursor' } });
    const badLimit = (token: string) => t.get('/api/v1/approvals/inbox', { token, query: { limit: 'many' } });
    expect(await badCursor(me.token)).toMatchObject({ status: 400, body: { code: 'INVALID_CURSOR' } });
    expect(await badLimit(me.token)).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });

    await t.dataSource.query(`UPDATE users SET status = 'disabled' WHERE id = $1`, [me.id]);
    expect(await refused(me.token)).toEqual([401, 'UNAUTHENTICATED', undefined]);
    expect((await cursorPage(me.token)).status).toBe(401);
    for (const res of [await badCursor(me.token), await badLimit(me.token)]) {
      expect([res.status, res.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    }
    await t.dataSource.query(
      `UPDATE users SET status = 'active', password_changed_at = now() + interval '5 seconds' WHERE id = $1`,
      [me.id],
    );
    expect(await refused(me.token)).toEqual([401, 'UNAUTHENTICATED', undefined]);
    await t.dataSource.query(
      `UPDATE users SET password_changed_at = now() - interval '1 minute' WHERE id = $1`,
      [me.id],
    );
    expect((await inbox(me.token)).status).toBe(200);

    for (const token of await untrustedTokens(t, me)) {
      expect(await refused(token)).toEqual([401, 'UNAUTHENTICATED', undefined]);
    }
    expect((await t.get('/api/v1/approvals/inbox')).status).toBe(401);
    // Someone else's token shows their own (empty) inbox, never mine.
    expect((await inbox(approver.token)).body.items).toEqual([]);
  });

  it('lists the inbox oldest due first, keyset paged, with who acted before; boxes filter and search Khmer', async () => {
    const unit = await makeUnit(t);
    const staff = await makePerson(t, unit.id, 'Document Submitter');
    const first = await makePerson(t, null, 'First Approver');
    const me = await makePerson(t);
    const type = docType();
    const typeNoSla = docType();
    await saveWorkflow(t, {
      name: `inbox ${type}`,
      documentType: type,
      stages: [
        { name: 'First', mode: 'any', approvers: [{ userId: first.id }] },
        { name: 'Mine', mode: 'any', approvers: [{ userId: me.id }], slaHours: 48 },
      ],
    });
    await saveWorkflow(t, {
      name: `inbox2 ${typeNoSla}`,
      documentType: typeNoSla,
      stages: [{ name: 'Mine', mode: 'any', approvers: [{ userId: me.id }] }],
    });
    const titles = ['ក្រសួងប្រៃសណីយ៍និងទូរគមនាគមន៍ ១', 'Budget two', 'ក្រសួងប្រៃសណីយ៍ three'];
    const ids: string[] = [];
    for (const title of titles) {
      const s = await submit(t, staff, (await createDoc(t, staff, { documentType: type, title })).id);
      await decide(t, first, s.tasks[0].id, 'approve', { comment: 'ok' });
      await pendingTask(t, me, s.id);
      ids.push(s.id);
    }
    const noDue = await submit(
      t,
      staff,
      (await createDoc(t, staff, { documentType: typeNoSla, title: 'no deadline' })).id,
    );
    const page1 = await t.get('/api/v1/approvals/inbox', { token: me.token, query: { limit: '2' } });
    expect(page1.status).toBe(200);
    expect(page1.body.items.map((x: any) => x.documentId)).toEqual(ids.slice(0, 2));
    expect(page1.body.items[0]).toMatchObject({
      stageName: 'Mine',
      title: titles[0],
      referenceNumber: expect.stringContaining(unit.code),
    });
    expect(page1.body.items[0].actedBefore).toEqual([
      expect.objectContaining({ name: 'First Approver', status: 'approved', stage: 'First' }),
    ]);
    // PostgreSQL writes the page's JSON (InboxService): every field, in the API's formats.
    expect(page1.headers['content-type']).toBe('application/json; charset=utf-8');
    const myTask = await pendingTask(t, me, ids[0]);
    const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
    expect(page1.body.items[0]).toStrictEqual({
      id: myTask.id,
      documentId: ids[0],
      title: titles[0],
      referenceNumber: expect.stringContaining(unit.code),
      documentType: type,
      // Who sent it, in both languages, as the approver's list shows it.
      submitterId: staff.id,
      submitterName: 'Document Submitter',
      submitterNameKm: expect.stringContaining('សុខ ស៊ាន'),
      stageName: 'Mine',
      // A stage named in one language only: its Khmer name is null (the app shows the English one).
      stageNameKm: null,
      stageIndex: expect.any(Number),
      dueAt: myTask.dueAt,
      actingForId: null,
      versionNo: 1,
      createdAt: expect.stringMatching(iso),
      actedBefore: [
        {
          stage: 'First',
          stageKm: null,
          userId: first.id,
          name: 'First Approver',
          nameKm: expect.stringContaining('សុខ ស៊ាន'),
          actingForId: null,
          status: 'approved',
          comment: 'ok',
          decidedAt: expect.stringMatching(iso),
        },
      ],
    });
    expect(page1.body.items[0].dueAt).toMatch(iso);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await t.get('/api/v1/approvals/inbox', {
      token: me.token,
      query: { limit: '2', cursor: page1.body.nextCursor },
    });
    expect(page2.body.items.map((x: any) => x.documentId)).toEqual([ids[2], noDue.id]);
    expect(page2.body.nextCursor).toBeNull();
    expect(
      (await t.get('/api/v1/approvals/inbox', { token: me.token, query: { cursor: 'garbage' } })).status,
    ).toBe(400);

    const box = (token: string, query: Record<string, string>) =>
      t.get('/api/v1/documents', { token, query });
    expect((await box(me.token, { box: 'inbox' })).body.items).toHaveLength(4);
    expect(
      (await box(me.token, { box: 'inbox', search: 'ប្រៃសណីយ៍' })).body.items.map((d: any) => d.title).sort(),
    ).toEqual([titles[0], titles[2]].sort());
    expect((await box(first.token, { box: 'decided' })).body.items).toHaveLength(3);
    const mine = await box(staff.token, { box: 'mine', type, status: 'in_review', limit: '2' });
    expect(mine.body.items).toHaveLength(2);
    const rest = await box(staff.token, {
      box: 'mine',
      type,
      status: 'in_review',
      limit: '2',
      cursor: mine.body.nextCursor,
    });
    expect(rest.body.items).toHaveLength(1);
    const ref = (await getDoc(t, staff, ids[1])).referenceNumber;
    expect((await box(staff.token, { search: ref })).body.items.map((d: any) => d.id)).toEqual([ids[1]]);
    expect((await box(staff.token, { box: 'everything' })).status).toBe(400);
  });

  it('accepts a multipart upload with Khmer fields and checks the signed manifest offline with the script', async () => {
    const unit = await makeUnit(t);
    const staff = await makePerson(t, unit.id);
    const approver = await makePerson(t, null, 'Signer');
    const type = await workflowType(t, 'script', [
      { name: 'A', mode: 'any', approvers: [{ userId: approver.id }] },
    ]);
    const bytes = Buffer.from('%PDF-1.4\n% ផែនការ\n');
    const form = new FormData();
    form.append('title', 'ផែនការថវិកា ២០២៧');
    form.append('documentType', type);
    form.append('classification', 'public');
    form.append('metadata', JSON.stringify({ amount: 12000 }));
    form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'ផែនការ.pdf');
    const created = await t.post('/api/v1/documents', form, { token: staff.token });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      title: 'ផែនការថវិកា ២០២៧',
      classification: 'public',
      metadata: { amount: 12000 },
    });
    expect(created.body.versions[0]).toMatchObject({
      hasFile: true,
      size: bytes.length,
      fileName: 'ផែនការ.pdf',
    });
    const bad = new FormData();
    bad.append('title', 'x');
    bad.append('documentType', type);
    bad.append('metadata', '{not json');
    bad.append('file', new Blob([bytes]), 'x.pdf');
    expect((await t.post('/api/v1/documents', bad, { token: staff.token })).status).toBe(400);
    expect(
      (await t.post('/api/v1/documents', { title: 'x', documentType: type }, { token: staff.token })).body
        .code,
    ).toBe('CONTENT_REQUIRED');

    const s = await submit(t, staff, created.body.id);
    await decide(t, approver, s.tasks[0].id, 'approve');
    const done = await docStatus(t, s.id, 'approved');
    const v = await t.get(`/api/v1/verify/${done.verificationCode.toLowerCase()}`);
    expect(v.status).toBe(200);
    const pem = (await t.get('/api/v1/verify/public-key')).raw;
    const dir = await mkdtemp(join(tmpdir(), 'verify-'));
    await writeFile(join(dir, 'v.json'), v.raw);
    await writeFile(join(dir, 'key.pem'), pem);
    await writeFile(join(dir, 'signed.pdf'), bytes);
    await writeFile(join(dir, 'changed.pdf'), Buffer.concat([bytes, Buffer.from(' ')]));
    const ok = await run('node', [
      'scripts/verify-manifest.mjs',
      join(dir, 'v.json'),
      join(dir, 'key.pem'),
      join(dir, 'signed.pdf'),
    ]);
    expect(ok.stdout).toContain('VALID');
    await expect(
      run('node', [
        'scripts/verify-manifest.mjs',
        join(dir, 'v.json'),
        join(dir, 'key.pem'),
        join(dir, 'changed.pdf'),
      ]),
    ).rejects.toMatchObject({ code: 1 });
    const forged = JSON.parse(v.raw);
    forged.manifest.signers[0].name = 'Someone else';
    await writeFile(join(dir, 'forged.json'), JSON.stringify(forged));
    await expect(
      run('node', ['scripts/verify-manifest.mjs', join(dir, 'forged.json'), join(dir, 'key.pem')]),
    ).rejects.toMatchObject({ code: 1 });
    const viaUrl = await run('node', [
      'scripts/verify-manifest.mjs',
      '--url',
      t.baseUrl,
      done.verificationCode,
    ]);
    expect(viaUrl.stdout).toContain('VALID');
  });

  it('rate-limits the public verification routes per IP', async () => {
    // The window is fixed (a minute): requests that straddle its end need up to twice the limit.
    let last = 0;
    for (let i = 0; i < 2 * VERIFY_RATE_PER_MINUTE + 2 && last !== 429; i++)
      last = (await t.get('/api/v1/verify/ZZZZ-ZZZZ-ZZZZ-ZZZZ')).status;
    expect(last).toBe(429);
  });
});
