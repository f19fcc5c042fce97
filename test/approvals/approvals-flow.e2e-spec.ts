import { type LocalizedText, renderTemplate } from '../../src/notifications/templates.js';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminToken } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { verifyManifest } from '../../src/signing/signatures.js';
import {
  actedBefore,
  createDoc,
  decide,
  docStatus,
  docType,
  getDoc,
  makePerson,
  makePost,
  makeUnit,
  pendingTask,
  type Person,
  saveWorkflow,
  submit,
} from './approvals-fixtures.js';

void generateKeyPairSync;

describe('approvals: the whole flow', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('routes any → all → quorum, signs off, and verifies publicly', async () => {
    const unit = await makeUnit(t, { name: 'ICT office' });
    const staff = await makePerson(t, unit.id, 'Sok San');
    const head = await makePerson(t, null, 'Head One');
    await makePost(t, unit.id, head.id, 'head', 'Head of ICT office');
    const deputy = await makePerson(t, null, 'Deputy');
    const d1 = await makePerson(t);
    const d2 = await makePerson(t);
    const q1 = await makePerson(t);
    const q2 = await makePerson(t);
    const q3 = await makePerson(t);
    const type = docType();
    const wf = await saveWorkflow(t, {
      name: `budget ${type}`,
      documentType: type,
      stages: [
        {
          name: 'Head of office',
          mode: 'any',
          approvers: [{ relative: 'submitter_unit_head' }, { userId: deputy.id }],
        },
        {
          name: 'Directors',
          nameKm: 'នាយក',
          mode: 'all',
          approvers: [{ userId: d1.id }, { userId: d2.id }],
        },
        {
          name: 'Board',
          mode: 'quorum',
          quorum: 2,
          approvers: [{ userId: q1.id }, { userId: q2.id }, { userId: q3.id }],
        },
      ],
    });
    expect(wf.version).toBe(1);

    const doc = await createDoc(t, staff, { documentType: type, metadata: { amount: 5000 } });
    expect(doc.status).toBe('draft');
    expect(doc.versions[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    const submitted = await submit(t, staff, doc.id);
    expect(submitted.status).toBe('in_review');
    expect(submitted.referenceNumber).toMatch(new RegExp(`^${unit.code}/\\d{4}/00001$`));
    expect(submitted.tasks.map((x: any) => x.assigneeId).sort()).toEqual([head.id, deputy.id].sort());

    // any: the head approves; the deputy's task is cancelled; a second decision is a 409.
    const headTask = submitted.tasks.find((x: any) => x.assigneeId === head.id);
    const deputyTask = submitted.tasks.find((x: any) => x.assigneeId === deputy.id);
    const approved = await decide(t, head, headTask.id, 'approve', { comment: 'យល់ព្រម' });
    expect(approved.status).toBe(200);
    expect(approved.body.task.status).toBe('approved');
    expect((await decide(t, deputy, deputyTask.id, 'approve')).body.code).toBe('TASK_ALREADY_DECIDED');
    expect((await decide(t, head, headTask.id, 'approve')).status).toBe(409);

    // all: both directors.
    const t1 = await pendingTask(t, d1, doc.id);
    const t2 = await pendingTask(t, d2, doc.id);
    // Their notice names the stage in each reader's language (a Khmer reader read "Directors").
    const [assigned] = await t.dataSource.query<{ body: string; stage: unknown }[]>(
      `SELECT body, data->'params'->'stage' AS stage FROM notifications WHERE user_id = $1 AND kind = $2`,
      [d1.id, 'approval.task_assigned'],
    );
    expect(assigned.stage).toEqual({ km: 'នាយក', en: 'Directors' });
    expect(
      renderTemplate('approval.task_assigned', 'km', { stage: assigned.stage as LocalizedText }).body,
    ).toContain('«នាយក»');
    expect((await decide(t, d1, t1.id, 'approve')).status).toBe(200);
    const now = await getDoc(t, staff, doc.id);
    expect(now.stages[1].status).toBe('active');
    expect((await decide(t, d2, t2.id, 'approve')).status).toBe(200);

    // quorum 2 of 3.
    const k1 = await pendingTask(t, q1, doc.id);
    const k3 = await pendingTask(t, q3, doc.id);
    expect(await actedBefore(t, q1, doc.id)).toEqual([
      'Head of office:Head One:approved:យល់ព្រម',
      expect.stringMatching(/:approved$/),
      expect.stringMatching(/:approved$/),
    ]);
    // The two quorum approvals at once: each rebuilds the request's list under its lock.
    const both = await Promise.all([decide(t, q1, k1.id, 'approve'), decide(t, q3, k3.id, 'approve')]);
    expect(both.map((r) => r.status)).toEqual([200, 200]);

    const final = await docStatus(t, doc.id, 'approved');
    // What the triggers kept is what the tasks say now: five approvals, none missed.
    const [kept] = await t.dataSource.query<{ kept: string; fresh: string; n: number }[]>(
      `SELECT acted_before::text AS kept, approvals_acted_before(id)::text AS fresh,
              json_array_length(acted_before) AS n
         FROM approval_requests WHERE document_id = $1`,
      [doc.id],
    );
    expect(kept.n).toBe(5);
    expect(kept.kept).toBe(kept.fresh);
    expect(final.verificationCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
    expect(final.stages[2].tasks.find((x: any) => x.assigneeId === q2.id).status).toBe('cancelled');
    // The submitter hears who approved last, not "the workflow" (a trial read "approved by the System").
    const [told] = await t.dataSource.query<{ body: string }[]>(
      `SELECT body FROM notifications WHERE user_id = $1 AND event_key = $2`,
      [staff.id, `document:${doc.id}:approved`],
    );
    const lastApprovers = await t.dataSource.query<{ full_name: string; full_name_km: string | null }[]>(
      `SELECT full_name, full_name_km FROM users WHERE id = ANY($1)`,
      [[q1.id, q3.id]],
    );
    expect(told.body).not.toMatch(/the workflow|ប្រព័ន្ធ/);
    expect(lastApprovers.some((u) => told.body.includes(u.full_name_km ?? u.full_name))).toBe(true);

    // Public verification.
    const v = await t.get(`/api/v1/verify/${final.verificationCode}`);
    expect(v.status).toBe(200);
    expect(v.body.referenceNumber).toBe(final.referenceNumber);
    expect(v.body.sha256).toBe(final.versions[0].sha256);
    expect(v.body.signers.map((s: any) => s.name)).toEqual([
      'Head One',
      expect.any(String),
      expect.any(String),
      expect.any(String),
      expect.any(String),
    ]);
    expect(v.body.signers[0].post).toBe('Head of ICT office');
    const pem = await t.get('/api/v1/verify/public-key');
    expect(pem.status).toBe(200);
    expect(pem.raw).toContain('BEGIN PUBLIC KEY');
    expect(verifyManifest(v.body.manifest, v.body.signature, pem.raw)).toBe(true);
    expect(verifyManifest({ ...v.body.manifest, title: 'forged' }, v.body.signature, pem.raw)).toBe(false);

    // The same check without this website, with OpenSSL and the files the verify page links to.
    const download = async (name: string) => {
      const res = await fetch(`${t.baseUrl}/api/v1/verify/${final.verificationCode}/${name}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${name}"`);
      return Buffer.from(await res.arrayBuffer());
    };
    const dir = mkdtempSync(join(tmpdir(), 'mwf-offline-'));
    try {
      const manifest = await download('manifest.json');
      expect(JSON.parse(manifest.toString('utf8'))).toEqual(v.body.manifest);
      writeFileSync(join(dir, 'manifest.json'), manifest);
      writeFileSync(join(dir, 'signature.bin'), await download('signature.bin'));
      writeFileSync(join(dir, 'key.pem'), pem.raw);
      const opensslVerify = (file: string) =>
        execFileSync(
          'openssl',
          [
            'pkeyutl',
            '-verify',
            '-pubin',
            '-inkey',
            'key.pem',
            '-rawin',
            '-in',
            file,
            '-sigfile',
            'signature.bin',
          ],
          {
            cwd: dir,
            encoding: 'utf8',
            stdio: 'pipe',
          },
        );
      expect(opensslVerify('manifest.json')).toContain('Signature Verified Successfully');
      writeFileSync(
        join(dir, 'forged.json'),
        manifest.toString('utf8').replace(final.referenceNumber, 'X/0000/00000'),
      );
      expect(() => opensslVerify('forged.json')).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    for (const name of ['manifest.json', 'signature.bin']) {
      const unknown = await t.get(`/api/v1/verify/ABCD-EFGH-JKMN-PQRS/${name}`);
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('VERIFICATION_CODE_NOT_FOUND');
    }

    const same = new FormData();
    same.append('file', new Blob([Buffer.from('text v1')]), 'doc.txt');
    const ok = await t.post(`/api/v1/verify/${final.verificationCode}`, same);
    expect(ok.status).toBe(200);
    expect(ok.body.match).toBe(true);
    const changed = new FormData();
    changed.append('file', new Blob([Buffer.from('text v1!')]), 'doc.txt');
    expect((await t.post(`/api/v1/verify/${final.verificationCode}`, changed)).body.match).toBe(false);

    // QR code of the link.
    const qr = await t.get(`/api/v1/documents/${doc.id}/qr.svg`, { token: staff.token });
    expect(qr.status).toBe(200);
    expect(qr.raw).toContain('<svg');

    // The audit trail tells the story.
    const audit = await t.get(`/api/v1/documents/${doc.id}/audit`, { token: staff.token });
    expect(audit.body.items.map((e: any) => e.action)).toEqual(
      expect.arrayContaining(['document.submitted', 'task.approved', 'document.approved']),
    );
  });

  it('answers the same 404 for an unknown code and for a document not approved', async () => {
    const unknown = await t.get('/api/v1/verify/ABCD-EFGH-JKMN-PQRS');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('VERIFICATION_CODE_NOT_FOUND');
    expect((await t.get('/api/v1/verify/nonsense')).body.code).toBe('VERIFICATION_CODE_NOT_FOUND');
  });

  it('does not leak other tests (admin sees overdue list)', async () => {
    const res = await t.get('/api/v1/approvals/overdue', { token: await adminToken(t) });
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body.items)).toBe(true);
  });
});

export type { Person };
