import { jest } from '@jest/globals';
import { Queue } from 'bullmq';
import { TransactionService } from '../../src/database/transaction.service.js';
import { DispatchJob } from '../../src/notifications/jobs/dispatch.job.js';
import { MailerService } from '../../src/notifications/mailer.service.js';
import { NotificationsService } from '../../src/notifications/notifications.service.js';
import { OutboxService } from '../../src/outbox/outbox.service.js';
import { JobRegistry } from '../../src/outbox/job-registry.js';
import { QueueName } from '../../src/outbox/jobs.js';
import { QueueRegistry } from '../../src/outbox/queue-registry.js';
import { QueueStatsService } from '../../src/outbox/queue-stats.service.js';
import { QueueWorkers } from '../../src/outbox/queue-workers.service.js';
import { AppConfig } from '../../src/config/app-config.js';
import { createUser } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { count } from './queue-helpers.js';
import { waitFor } from '../support/wait.js';

/** The outbox → relay → BullMQ → worker path on the real app (APP_ROLE=all), PostgreSQL and Redis. */
describe('outbox, relay, workers and sweeper', () => {
  let t: TestApp;
  let tx: TransactionService;
  let notifications: NotificationsService;
  let outbox: OutboxService;

  beforeAll(async () => {
    t = await createTestApp();
    tx = t.service(TransactionService);
    notifications = t.service(NotificationsService);
    outbox = t.service(OutboxService);
  });
  afterAll(async () => {
    await t?.close();
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  const processed = (id: string) =>
    count(t.dataSource, 'SELECT count(*) FROM outbox_events WHERE id = $1 AND processed_at IS NOT NULL', [
      id,
    ]);

  it('runs a committed event once: notifications in each reader language, each e-mail once', async () => {
    const send = jest.spyOn(t.service<MailerService>(MailerService), 'send');
    const km = (await createUser(t, { locale: 'km', email: 'km@example.org' })).user;
    const en = (await createUser(t, { locale: 'en', email: 'en@example.org' })).user;
    const noMail = (await createUser(t, { locale: 'en', email: null })).user;
    const eventKey = 'test:welcome:1';
    const input = {
      userIds: [km.id, en.id, noMail.id, km.id],
      template: 'test.ping' as const,
      params: { name: { km: 'សុខ ស៊ាន', en: 'Sok San' } },
      link: '/documents/123',
      eventKey,
    };
    const eventId = (await tx.run((em) => notifications.notify(em, input)))!;
    await waitFor('dispatch', async () => (await processed(eventId)) === 1);
    await waitFor(
      'e-mails',
      async () =>
        (await count(
          t.dataSource,
          `SELECT count(*) FROM notifications WHERE event_key = $1 AND email_status IN ('sent', 'skipped')`,
          [eventKey],
        )) === 3,
    );
    const rows = await t.dataSource.query<
      { user_id: string; title: string; body: string; email_status: string }[]
    >(`SELECT user_id, title, body, email_status FROM notifications WHERE event_key = $1`, [eventKey]);
    const byUser = new Map(rows.map((r) => [r.user_id, r]));
    expect(byUser.get(km.id)).toMatchObject({ title: 'សាកល្បង', body: 'សួស្តី សុខ ស៊ាន! នេះជាសារសាកល្បង។' });
    expect(byUser.get(km.id)?.email_status).toBe('sent');
    expect(byUser.get(en.id)).toMatchObject({
      title: 'Test',
      body: 'Hello Sok San! This is a test message.',
    });
    expect(byUser.get(en.id)?.email_status).toBe('sent');
    expect(byUser.get(noMail.id)?.email_status).toBe('skipped');
    expect(send).toHaveBeenCalledTimes(2);
    expect(send.mock.calls.map((c) => c[0].to).sort()).toEqual(['en@example.org', 'km@example.org']);
    expect(send.mock.calls.find((c) => c[0].to === 'en@example.org')?.[0].text).toContain('/documents/123');

    // The same event key again: a new outbox event, but no second notification and no second e-mail.
    const again = (await tx.run((em) => notifications.notify(em, input)))!;
    await waitFor('second dispatch', async () => (await processed(again)) === 1);
    expect(
      await count(t.dataSource, 'SELECT count(*) FROM notifications WHERE event_key = $1', [eventKey]),
    ).toBe(3);
    expect(
      await count(t.dataSource, `SELECT count(*) FROM outbox_events WHERE name = 'notifications.email'`),
    ).toBe(2);
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('writes nothing when the transaction rolls back', async () => {
    const user = (await createUser(t)).user;
    await expect(
      tx.run(async (em) => {
        await notifications.notify(em, {
          userIds: [user.id],
          template: 'generic',
          params: {},
          eventKey: 'rb:1',
        });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(
      await count(t.dataSource, `SELECT count(*) FROM outbox_events WHERE payload->>'eventKey' = 'rb:1'`),
    ).toBe(0);
  });

  it('refuses an outbox write outside a transaction', async () => {
    await expect(
      outbox.add(t.dataSource.manager, {
        name: 'notifications.email',
        payload: { notificationId: crypto.randomUUID() },
      }),
    ).rejects.toThrow(/inside a transaction/);
  });

  it('runs a deadline (runAt) no earlier than its time', async () => {
    const user = (await createUser(t)).user;
    const runAt = new Date(Date.now() + 1500);
    const id = await tx.run((em) =>
      outbox.add(em, {
        name: 'notifications.dispatch',
        payload: {
          userIds: [user.id],
          template: 'generic',
          params: { title: 't', body: 'b' },
          eventKey: 'deadline:1',
        },
        runAt,
      }),
    );
    await waitFor('deadline', async () => (await processed(id)) === 1);
    const [row] = await t.dataSource.query<{ ok: boolean }[]>(
      `SELECT processed_at >= run_at AS ok FROM outbox_events WHERE id = $1`,
      [id],
    );
    expect(row.ok).toBe(true);
  });

  it('a job delivered again after it ran (same job id) has no second effect', async () => {
    const dispatch = jest.spyOn(t.service<DispatchJob>(DispatchJob), 'handle');
    const user = (await createUser(t)).user;
    const id = (await tx.run((em) =>
      notifications.notify(em, { userIds: [user.id], template: 'generic', params: {}, eventKey: 'dup:1' }),
    ))!;
    await waitFor('first run', async () => (await processed(id)) === 1);
    expect(dispatch).toHaveBeenCalledTimes(1);

    // What a relay re-adding after a crash does: the same job id, once BullMQ has forgotten it.
    const queue: Queue = t.service<QueueRegistry>(QueueRegistry).get(QueueName.Notifications);
    await waitFor('completed', async () => (await queue.getJobState(id)) === 'completed');
    await (await queue.getJob(id))!.remove();
    await queue.add('notifications.dispatch', {}, { jobId: id });
    await waitFor('second delivery', async () => (await queue.getJobState(id)) === 'completed');
    expect(dispatch).toHaveBeenCalledTimes(1);
    expect(await count(t.dataSource, `SELECT count(*) FROM notifications WHERE event_key = 'dup:1'`)).toBe(1);
    const [row] = await t.dataSource.query<{ attempts: number }[]>(
      `SELECT attempts FROM outbox_events WHERE id = $1`,
      [id],
    );
    expect(row.attempts).toBe(1);
  });

  it('the sweeper re-adds a relayed job that Redis lost', async () => {
    const user = (await createUser(t)).user;
    // A deadline two minutes past that was relayed, then lost (a Redis flush): Redis has no such job.
    const id = await tx.run(async (em) => {
      const eventId = await outbox.add(em, {
        name: 'notifications.dispatch',
        payload: {
          userIds: [user.id],
          template: 'generic',
          params: { title: 'lost', body: 'found' },
          eventKey: 'lost:1',
        },
        runAt: new Date(Date.now() - 120_000),
      });
      await em.query(`UPDATE outbox_events SET relayed_at = now() WHERE id = $1`, [eventId]);
      return eventId;
    });
    await waitFor('the sweeper', async () => (await processed(id)) === 1);
    expect(await count(t.dataSource, `SELECT count(*) FROM notifications WHERE event_key = 'lost:1'`)).toBe(
      1,
    );
  });

  it('records the error of a failing job and does not retry an unrecoverable one', async () => {
    const id = await tx.run((em) =>
      outbox.add(em, {
        name: 'notifications.dispatch',
        payload: {
          userIds: [crypto.randomUUID()],
          template: 'no.such.template',
          params: {},
          eventKey: 'bad:1',
        },
      }),
    );
    const queue = t.service<QueueRegistry>(QueueRegistry).get(QueueName.Notifications);
    await waitFor('failure', async () => (await queue.getJobState(id)) === 'failed');
    const [row] = await t.dataSource.query<
      { processed_at: Date | null; attempts: number; last_error: string }[]
    >(`SELECT processed_at, attempts, last_error FROM outbox_events WHERE id = $1`, [id]);
    expect(row.processed_at).toBeNull();
    expect(row.attempts).toBe(1);
    expect(row.last_error).toContain('unknown notification template');
  });

  it('runs as many PDF jobs at once as the renderer has pages, and the other queues at WORKER_CONCURRENCY', () => {
    const config = t.service<AppConfig>(AppConfig);
    const workers = t.service<QueueWorkers>(QueueWorkers)['workers'].map(({ worker }) => worker);
    const pdf = workers.find((w) => w.name === 'pdf');
    expect(pdf?.concurrency).toBe(config.PDF_MAX_PAGES);
    const others = workers.filter((w) => w.name !== 'pdf');
    expect(others.length).toBeGreaterThan(0);
    expect(others.every((w) => w.concurrency === config.WORKER_CONCURRENCY)).toBe(true);
  });

  it('registers every job of the application, each once, with its queue', () => {
    const registry = t.service<JobRegistry>(JobRegistry);
    const queues = Object.fromEntries(registry.names().map((n) => [n, registry.definition(n).queue]));
    expect(queues).toEqual({
      'approvals.advance': 'workflow',
      'approvals.escalate': 'workflow',
      'approvals.reminder': 'workflow',
      'approvals.signed_copy': 'pdf',
      'audit.checkpoint': 'system',
      'elections.close_voting': 'elections',
      'elections.open_nominations': 'elections',
      'elections.open_voting': 'elections',
      'elections.tally': 'elections',
      'meetings.action_item_overdue': 'meetings',
      'meetings.action_item_sweep': 'meetings',
      'meetings.minutes_decided': 'meetings',
      'meetings.reminder': 'meetings',
      'notifications.digest': 'notifications',
      'notifications.dispatch': 'notifications',
      'notifications.email': 'notifications',
      'notifications.telegram': 'telegram',
      'notifications.telegram_reply': 'telegram',
    });
  });

  it('refuses an event of a job that no @Job class declares', async () => {
    await expect(
      tx.run((em) =>
        outbox.add(em, { name: 'no.such.job' as 'notifications.email', payload: { notificationId: '' } }),
      ),
    ).rejects.toThrow(/Unknown job no.such.job/);
  });

  it('reports queue counts and the outbox lag', async () => {
    const snap = await t.service<QueueStatsService>(QueueStatsService).snapshot();
    expect(snap.redisUp).toBe(true);
    expect(snap.queues.map((q) => q.name).sort()).toEqual(Object.values(QueueName).sort());
    expect(snap.queues[0]).toEqual(
      expect.objectContaining({
        waiting: expect.any(Number),
        active: expect.any(Number),
        failed: expect.any(Number),
      }),
    );
    expect(snap.outbox).toEqual(
      expect.objectContaining({ unrelayed: expect.any(Number), oldestPendingDueSeconds: expect.any(Number) }),
    );
  });
});
