import { jest } from '@jest/globals';
import { Test, type TestingModule } from '@nestjs/testing';
import pg from 'pg';
import { AppModule } from '../../src/app.module.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { TransactionService } from '../../src/database/transaction.service.js';
import { DispatchJob } from '../../src/notifications/jobs/dispatch.job.js';
import { NotificationsService } from '../../src/notifications/notifications.service.js';
import { OutboxRelay } from '../../src/outbox/outbox-relay.service.js';
import { OutboxSweeper } from '../../src/outbox/outbox-sweeper.service.js';
import { QueueWorkers, WORKER_TUNING } from '../../src/outbox/queue-workers.service.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.js';
import { testConfig } from '../helpers/test-app.js';
import { waitFor } from '../support/wait.js';

/** A worker process's modules (APP_ROLE=worker), with short lock and stall timings. */
async function startWorker(config: AppConfig, appName: string, concurrency = 4): Promise<TestingModule> {
  const workerConfig = Object.assign(
    Object.create(Object.getPrototypeOf(config) as object) as AppConfig,
    config,
    {
      APP_ROLE: 'worker' as const,
      WORKER_CONCURRENCY: concurrency,
      // Separates this worker's database sessions from the other's, so the test can kill them.
      DATABASE_URL: `${config.DATABASE_URL}?application_name=${appName}`,
    },
  );
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(workerConfig)] })
    .overrideProvider(WORKER_TUNING)
    .useValue({ lockDuration: 2000, stalledInterval: 1000, closeTimeoutMs: 5000 })
    .compile();
  // Quiet, as every test app: the sessions this test terminates log their failed queries.
  moduleRef.useLogger(false);
  await moduleRef.init();
  return moduleRef;
}

/**
 * DESIGN.md §6.2: a worker that dies in the middle of a batch loses nothing and duplicates
 * nothing. Worker A is stopped abruptly (its BullMQ workers force-closed without waiting, its
 * PostgreSQL sessions terminated mid-transaction, like a killed process); worker B finishes.
 */
describe('a worker killed in the middle of a batch', () => {
  let db: TestDatabase;
  let config: AppConfig;
  let observer: pg.Client;
  const contexts: TestingModule[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    config = testConfig(db.url, { WORKER_CONCURRENCY: '4' });
    observer = new pg.Client({ connectionString: db.url, application_name: 'test-observer' });
    await observer.connect();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await observer?.end();
    await db?.drop();
  });

  const n = async (sql: string): Promise<number> => Number((await observer.query(sql)).rows[0].n);

  it('processes every one of 200 events exactly once', async () => {
    const userIds = (
      await observer.query<{ id: string }>(
        `INSERT INTO users (username, password_hash, full_name, locale)
         SELECT 'crash_' || i, 'x', 'Crash ' || i, CASE WHEN i % 2 = 0 THEN 'km' ELSE 'en' END
         FROM generate_series(1, 3) AS i RETURNING id`,
      )
    ).rows.map((r) => r.id);

    const a = await startWorker(config, 'worker-a', 2);
    contexts.push(a);
    // Keep worker A's relay from racing ahead: it starts once the events are written.
    await a.get(OutboxRelay).stop();
    await a.get(TransactionService).run(async (em) => {
      const notifications = a.get(NotificationsService);
      for (let i = 0; i < 200; i++) {
        await notifications.notify(em, {
          userIds,
          template: 'generic',
          params: { title: `#${i}`, body: 'សុខ ស៊ាន' },
          eventKey: `crash:${i}`,
        });
      }
    });
    a.get(OutboxRelay).start();

    await waitFor(
      'worker A to get going',
      async () => (await n(`SELECT count(*) AS n FROM outbox_events WHERE processed_at IS NOT NULL`)) >= 20,
      { timeoutMs: 30_000 },
    );
    // The crash: stop taking and acking jobs at once, and cut A's sessions (open transactions roll back).
    await a.get(OutboxSweeper).stop();
    await a.get(OutboxRelay).stop();
    await a.get(QueueWorkers).abort();
    await observer.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE datname = current_database() AND application_name = 'worker-a'`,
    );
    const doneByA = await n(`SELECT count(*) AS n FROM outbox_events WHERE processed_at IS NOT NULL`);
    expect(doneByA).toBeLessThan(200); // really in the middle

    const b = await startWorker(config, 'worker-b');
    contexts.push(b);
    await waitFor(
      'worker B to finish',
      async () => (await n(`SELECT count(*) AS n FROM outbox_events WHERE processed_at IS NULL`)) === 0,
      { timeoutMs: 60_000 },
    );

    expect(await n(`SELECT count(*) AS n FROM outbox_events`)).toBe(200);
    // Every event's effect exactly once: one notification per (event, user), and no other.
    expect(await n(`SELECT count(*) AS n FROM notifications`)).toBe(600);
    expect(await n(`SELECT count(DISTINCT (event_key, user_id)) AS n FROM notifications`)).toBe(600);
    const rows = (
      await observer.query<{ title: string; c: number }>(
        `SELECT title, count(*)::int AS c FROM notifications GROUP BY title`,
      )
    ).rows;
    expect(rows).toHaveLength(200);
    expect(rows.every((r) => r.c === 3)).toBe(true);
    await b.close();
    await a.close();
  }, 120_000);

  it('a graceful stop waits for the job in flight, which commits', async () => {
    const c = await startWorker(config, 'worker-c');
    contexts.push(c);
    const jobs = c.get(DispatchJob);
    const original = jobs.handle.bind(jobs);
    let started!: () => void;
    const inFlight = new Promise<void>((r) => (started = r));
    jest.spyOn(jobs, 'handle').mockImplementation(async (payload, ctx) => {
      started();
      await new Promise((r) => setTimeout(r, 1000));
      return original(payload, ctx);
    });
    const [user] = (await observer.query<{ id: string }>(`SELECT id FROM users LIMIT 1`)).rows;
    const eventId = (await c
      .get(TransactionService)
      .run((em) =>
        c
          .get(NotificationsService)
          .notify(em, { userIds: [user.id], template: 'generic', params: {}, eventKey: 'graceful:1' }),
      ))!;
    await inFlight;
    await c.close();
    const [row] = (
      await observer.query<{ processed: boolean }>(
        `SELECT processed_at IS NOT NULL AS processed FROM outbox_events WHERE id = $1`,
        [eventId],
      )
    ).rows;
    expect(row.processed).toBe(true);
    expect(await n(`SELECT count(*) AS n FROM notifications WHERE event_key = 'graceful:1'`)).toBe(1);
  }, 60_000);
});
