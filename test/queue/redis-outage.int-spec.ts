import { jest } from '@jest/globals';
import { TransactionService } from '../../src/database/transaction.service.js';
import { MailerService } from '../../src/notifications/mailer.service.js';
import { DispatchJob } from '../../src/notifications/jobs/dispatch.job.js';
import { NotificationsService } from '../../src/notifications/notifications.service.js';
import { createUser } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { count, PrivateRedis } from './queue-helpers.js';
import { waitFor } from '../support/wait.js';

/**
 * DESIGN.md §6.1-2: with Redis down, writes that create outbox rows still succeed; when Redis is
 * back, every follow-up job runs, each exactly once. Uses a private redis-server it can kill.
 */
describe('Redis outage', () => {
  let redis: PrivateRedis;
  let t: TestApp;

  beforeAll(async () => {
    redis = await PrivateRedis.create();
    t = await createTestApp({ REDIS_URL: redis.url });
  }, 120_000); // a redis-server and a test app: over 30 s on a busy machine
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  it('keeps accepting writes while Redis is down and runs every follow-up once when it is back', async () => {
    const tx = t.service<TransactionService>(TransactionService);
    const notifications = t.service<NotificationsService>(NotificationsService);
    const send = jest.spyOn(t.service<MailerService>(MailerService), 'send');
    const dispatch = jest.spyOn(t.service<DispatchJob>(DispatchJob), 'handle');
    const users = [
      (await createUser(t, { locale: 'km', email: 'a@example.org' })).user,
      (await createUser(t, { locale: 'en', email: 'b@example.org' })).user,
      (await createUser(t, { locale: 'km', email: null })).user,
    ];
    const notify = (key: string) =>
      tx.run((em) =>
        notifications.notify(em, {
          userIds: users.map((u) => u.id),
          template: 'generic',
          params: { title: 'ក្រសួងប្រៃសណីយ៍និងទូរគមនាគមន៍', body: key },
          eventKey: key,
        }),
      );
    const allDone = () =>
      count(t.dataSource, 'SELECT count(*) FROM outbox_events WHERE processed_at IS NULL').then(
        (n) => n === 0,
      );

    // Warm up with Redis running, and let everything finish (a restarted Redis starts empty).
    await notify('before');
    await waitFor(
      'warm-up',
      async () =>
        (await allDone()) &&
        (await count(t.dataSource, `SELECT count(*) FROM notifications WHERE email_status = 'sending'`)) ===
          0,
    );
    expect(send).toHaveBeenCalledTimes(2);

    await redis.stop();

    const keys = Array.from({ length: 20 }, (_, i) => `outage:${i}`);
    for (const key of keys) await notify(key); // each a committed transaction, Redis or not
    const written = await count(
      t.dataSource,
      `SELECT count(*) FROM outbox_events WHERE payload->>'eventKey' LIKE 'outage:%'`,
    );
    expect(written).toBe(20);
    // The relay keeps trying; nothing reaches a queue that is not there.
    await new Promise((r) => setTimeout(r, 1500));
    expect(
      await count(
        t.dataSource,
        `SELECT count(*) FROM outbox_events WHERE payload->>'eventKey' LIKE 'outage:%' AND relayed_at IS NOT NULL`,
      ),
    ).toBe(0);

    await redis.start();

    await waitFor(
      'every follow-up after Redis came back',
      async () =>
        (await allDone()) &&
        (await count(t.dataSource, `SELECT count(*) FROM notifications WHERE email_status = 'sent'`)) === 42,
      { timeoutMs: 60_000 },
    );
    // Exactly once: one dispatch per event, one notification per (event, user), one e-mail each.
    expect(dispatch).toHaveBeenCalledTimes(21);
    expect(await count(t.dataSource, 'SELECT count(*) FROM notifications')).toBe(63);
    expect(
      await count(t.dataSource, `SELECT count(*) FROM outbox_events WHERE name = 'notifications.email'`),
    ).toBe(42);
    expect(
      await count(
        t.dataSource,
        `SELECT count(*) FROM outbox_events WHERE attempts <> 1 OR processed_at IS NULL`,
      ),
    ).toBe(0);
    expect(send).toHaveBeenCalledTimes(42);
    expect(new Set(send.mock.calls.map((c) => `${c[0].to}|${c[0].text}`)).size).toBe(42);
  }, 120_000);
});
