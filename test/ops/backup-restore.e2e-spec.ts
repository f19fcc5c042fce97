import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFile, rm, writeFile, cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { createHttpApp } from '../../src/bootstrap.js';
import { adminToken } from '../helpers/auth.js';
import { createTestApp, removeQueueKeys, TestApp, testConfig } from '../helpers/test-app.js';
import { createEmptyDatabase, type TestDatabase } from '../helpers/test-db.js';
import { testQueuePrefix } from '../helpers/test-env.js';
import {
  createDoc,
  decide,
  docStatus,
  docType,
  makePerson,
  makeUnit,
  type Person,
  saveWorkflow,
  submit,
} from '../approvals/approvals-fixtures.js';
import { waitFor } from '../support/wait.js';

const run = promisify(execFile);
const step = (what: string) => process.env.MWF_TEST_STEPS && process.stderr.write(`[backup test] ${what}\n`);

/** Runs a script; resolves with its exit code and output (never rejects on a non-zero exit). */
async function script(file: string, args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run('bash', [file, ...args], {
      env: { ...process.env, ...env },
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

async function rowsOf<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}

/**
 * #19.4: scripts/backup.sh taken while documents are being submitted and decided, restored by
 * scripts/restore.sh into a new database and files store: the row counts of the dump's snapshot,
 * gapless reference numbers, every stored file's bytes, the audit log against the signed
 * checkpoint kept from before the backup, and the public verification of a signed document.
 */
describe('backup and restore under load (#19.4)', () => {
  let t: TestApp;
  let restoredDb: TestDatabase | undefined;
  let restored: NestFastifyApplication | undefined;
  let work: string;
  const restoredFiles = `var/test-files/restored-${randomBytes(6).toString('hex')}`;
  const restoredPrefix = testQueuePrefix();

  beforeAll(async () => {
    t = await createTestApp();
    work = await mkdtemp(join(tmpdir(), 'mwf-backup-'));
  });
  afterAll(async () => {
    await restored?.close();
    await t.close();
    await restoredDb?.drop();
    await removeQueueKeys(t.config.REDIS_URL, restoredPrefix);
    await rm(resolve(t.config.FILES_DIR), { recursive: true, force: true });
    await rm(restoredFiles, { recursive: true, force: true });
    await rm(work, { recursive: true, force: true });
  });

  it('restores a backup taken under load into a new database that verifies', async () => {
    const unit = await makeUnit(t, { name: 'Backup office' });
    const staff: Person[] = [
      await makePerson(t, unit.id, 'Staff A'),
      await makePerson(t, unit.id, 'Staff B'),
    ];
    const head = await makePerson(t, null, 'Head');
    const type = docType();
    await saveWorkflow(t, {
      name: `backup ${type}`,
      documentType: type,
      stages: [{ name: 'Head', mode: 'any', approvers: [{ userId: head.id }] }],
    });

    step('setup done');
    // One document signed before the backup: its verification must survive the restore.
    const signedDoc = await createDoc(t, staff[0], { documentType: type, body: 'signed before the backup' });
    const s = await submit(t, staff[0], signedDoc.id);
    expect((await decide(t, head, s.tasks[0].id, 'approve')).status).toBe(200);
    const signed = await docStatus(t, signedDoc.id, 'approved', 60_000);
    expect(signed.verificationCode).toBeTruthy();

    step('signed document');
    // An uploaded file: the files store has bytes to back up.
    const form = new FormData();
    form.append(
      'file',
      new Blob([Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(4096)])]),
      'annex.pdf',
    );
    expect((await t.post('/api/v1/files', form, { token: staff[1].token })).status).toBe(201);

    // A signed checkpoint, kept outside the database as docs/operations.md says.
    const token = await adminToken(t);
    expect((await t.post('/api/v1/audit/checkpoints', {}, { token })).status).toBe(201);
    const checkpoint = await t.get('/api/v1/audit/checkpoints/latest', { token });
    expect(checkpoint.status).toBe(200);
    const checkpointFile = join(work, 'checkpoint.json');
    await writeFile(checkpointFile, JSON.stringify(checkpoint.body));

    // Load: submissions and decisions, two at a time, until the backup is done.
    let stop = false;
    let loadError: Error | undefined;
    const failure = (): Error | undefined => loadError;
    const spans: { start: number; end: number }[] = [];
    const load = async (who: Person) => {
      while (!stop && !loadError) {
        const start = Date.now();
        const doc = await createDoc(t, who, {
          documentType: type,
          body: `load ${randomBytes(4).toString('hex')}`,
        });
        const sub = await submit(t, who, doc.id);
        const res = await decide(t, head, sub.tasks[0].id, 'approve');
        expect(res.status).toBe(200);
        spans.push({ start, end: Date.now() });
      }
    };
    const loads = staff.map((who) =>
      load(who).catch((err: unknown) => {
        loadError = err instanceof Error ? err : new Error(String(err));
      }),
    );
    // Under way before the backup starts.
    await waitFor('the load under way', () => {
      if (loadError) throw loadError;
      return spans.length >= 2;
    });
    const documentsBefore = Number(
      (await rowsOf<{ n: string }>(t.db.url, 'SELECT count(*) AS n FROM documents'))[0].n,
    );

    step('load running');
    const backupStart = Date.now();
    const backup = await script('scripts/backup.sh', [join(work, 'backups')], {
      DATABASE_URL: t.db.ownerUrl,
      FILES_DIR: t.config.FILES_DIR,
    });
    const backupEnd = Date.now();
    stop = true;
    await Promise.all(loads);
    const failed = failure();
    if (failed) throw failed;
    expect(backup).toMatchObject({ code: 0 });
    // Requests were in flight while the backup ran.
    expect(spans.filter((x) => x.start < backupEnd && x.end > backupStart).length).toBeGreaterThan(0);
    const documentsAfter = Number(
      (await rowsOf<{ n: string }>(t.db.url, 'SELECT count(*) AS n FROM documents'))[0].n,
    );
    const dir = backup.stdout.trim().split('\n').pop()!;
    const manifest = await readFile(join(dir, 'manifest.txt'), 'utf8');
    expect(manifest).toMatch(/^sha256 [0-9a-f]{64} db\.dump$/m);
    expect(manifest).toMatch(/^sha256 [0-9a-f]{64} files\.tar$/m);
    const manifestDocuments = Number(/^rows documents (\d+)$/m.exec(manifest)?.[1]);
    expect(manifestDocuments).toBeGreaterThanOrEqual(documentsBefore);
    expect(manifestDocuments).toBeLessThanOrEqual(documentsAfter);

    step('backup done');
    restoredDb = await createEmptyDatabase();
    const env = { DATABASE_URL: restoredDb.ownerUrl, FILES_DIR: restoredFiles };

    // A damaged copy is refused before anything is touched.
    const damaged = join(work, 'damaged');
    await cp(dir, damaged, { recursive: true });
    const dump = await readFile(join(damaged, 'db.dump'));
    dump[Math.floor(dump.length / 2)] ^= 0xff;
    await writeFile(join(damaged, 'db.dump'), dump);
    const refused = await script('scripts/restore.sh', [damaged], env);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('checksum mismatch for db.dump');
    expect(
      Number(
        (
          await rowsOf<{ n: string }>(
            restoredDb.ownerUrl,
            `SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'`,
          )
        )[0].n,
      ),
    ).toBe(0);

    // The real restore: checksums, database, files, row counts against the manifest.
    const restore = await script('scripts/restore.sh', [dir], env);
    expect(restore).toMatchObject({ code: 0 });
    expect(restore.stdout).toContain('row counts match the manifest');
    // Not twice into the same database.
    expect(
      (await script('scripts/restore.sh', [dir], { ...env, FILES_DIR: join(work, 'other') })).stderr,
    ).toContain('not empty');

    step('restored');
    // Reference numbers gapless per unit and year in the restored data.
    const refs = await rowsOf<{ prefix: string; numbers: number[] }>(
      restoredDb.url,
      `SELECT regexp_replace(reference_number, '/[0-9]+$', '') AS prefix,
              array_agg(substring(reference_number from '([0-9]+)$')::int ORDER BY 1) AS numbers
         FROM documents WHERE reference_number IS NOT NULL GROUP BY 1`,
    );
    expect(refs.length).toBeGreaterThan(0);
    for (const r of refs) {
      const sorted = [...r.numbers].sort((a, b) => a - b);
      expect(sorted).toEqual(sorted.map((_, i) => i + 1));
    }
    // Every stored file is there with its bytes.
    const files = await rowsOf<{ sha256: string; storage_key: string }>(
      restoredDb.url,
      'SELECT sha256, storage_key FROM files',
    );
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const bytes = await readFile(join(restoredFiles, f.storage_key));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(f.sha256);
    }

    // The audit log against the checkpoint kept outside (the CLI of the built server).
    const verify = await run(
      process.execPath,
      ['dist/src/audit/verify-cli.js', '--checkpoint', checkpointFile],
      {
        env: { ...process.env, DATABASE_URL: restoredDb.url },
      },
    ).catch((e: { stdout?: string; stderr?: string }) => ({ stdout: `${e.stdout}${e.stderr}` }));
    expect(verify.stdout).toMatch(/Audit log OK against checkpoint/);

    step('audit verified by the CLI');
    // The restored system serves the verification, and its own audit check.
    const config = testConfig(restoredDb.url, { FILES_DIR: restoredFiles, QUEUE_PREFIX: restoredPrefix });
    restored = await createHttpApp(config, { quiet: true });
    await restored.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(restored.getHttpServer().address() as { port: number }).port}`;
    const v = await fetch(`${base}/api/v1/verify/${signed.verificationCode}`);
    expect(v.status).toBe(200);
    const vb = (await v.json()) as { referenceNumber: string; sha256: string };
    expect(vb.referenceNumber).toBe(signed.referenceNumber);
    expect(vb.sha256).toBe(signed.versions[0].sha256);
    const restoredApp = new TestApp(restored, config, restoredDb, base);
    const audit = await restoredApp.get('/api/v1/audit/verify', { token: await adminToken(restoredApp) });
    expect(audit.status).toBe(200);
    expect(audit.body.ok).toBe(true);
  }, 240_000);
});
