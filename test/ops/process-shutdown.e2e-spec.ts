import { rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { removeQueueKeys } from '../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.js';
import { TEST_REDIS_URL } from '../helpers/test-env.js';
import { slowUpload, untilUploadBegins } from '../support/slow-upload.js';
import { waitFor } from '../support/wait.js';
import { type Deployment, loginAs, newDeployment, type ServerProcess, startProcess } from './processes.js';

/**
 * #19.6 with real processes (the built dist/, as deployed): SIGTERM to an API process in the middle
 * of a request lets that request finish, takes no new one, and exits 0 on its own (not by the
 * shutdown deadline, which exits 1); SIGTERM to a worker exits 0 and leaves no connection behind.
 */
describe('SIGTERM on the built processes (#19.6)', () => {
  let db: TestDatabase;
  let d: Deployment;
  const started: ServerProcess[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    d = newDeployment(db.url);
  });
  afterAll(async () => {
    for (const p of started) if (p.running) await p.stop('SIGKILL');
    await db?.drop();
    await removeQueueKeys(TEST_REDIS_URL, d.prefix);
    await rm(d.filesDir, { recursive: true, force: true });
  });

  const connectionsTo = async (database: string) => {
    const c = new pg.Client({ connectionString: db.ownerUrl });
    await c.connect();
    try {
      const { rows } = await c.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [database],
      );
      return rows[0].n;
    } finally {
      await c.end();
    }
  };

  it('an API process finishes the request in flight, refuses new work, and exits 0', async () => {
    const apiProcess = await startProcess(d, 'api');
    started.push(apiProcess);
    const token = await loginAs(apiProcess.baseUrl, 'admin', d.adminPassword);

    const upload = slowUpload(apiProcess.baseUrl, token);
    await untilUploadBegins(d.filesDir);

    apiProcess.child.kill('SIGTERM');
    await waitFor('the signal to arrive', () => apiProcess.output.includes('SIGTERM received'));
    await sleep(100);
    // A new request is not served: refused at connect once the listener is closed, else 503.
    const late = await fetch(`${apiProcess.baseUrl}/api/v1/me`, {
      headers: { authorization: `Bearer ${token}` },
    }).then(
      (r) => r.status,
      () => 'refused' as const,
    );
    expect([503, 'refused']).toContain(late);

    upload.release();
    const res = await upload.response;
    expect(res.status).toBe(201);
    expect(res.headers.get('connection')).toBe('close');
    expect(((await res.json()) as { sha256: string }).sha256).toBe(upload.sha256);

    // Exit 0 is the graceful path; the deadline (ops/shutdown-deadline.ts) would exit 1.
    expect(await apiProcess.exited).toEqual({ code: 0, signal: null });
    expect(apiProcess.output).toMatch(/api: closed in \d+ ms, exit code 0/);
    await expect(fetch(`${apiProcess.baseUrl}/health/live`)).rejects.toThrow();
  });

  it('a worker process exits 0 on SIGTERM and closes its pool', async () => {
    const worker = await startProcess(d, 'worker');
    started.push(worker);
    expect(await connectionsTo(db.name)).toBeGreaterThan(0);
    expect(await worker.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(worker.output).toMatch(/worker: closed in \d+ ms, exit code 0/);
    await waitFor('the pool to close', async () => (await connectionsTo(db.name)) === 0);
  });
});
