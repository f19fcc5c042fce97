import { jest } from '@jest/globals';
import { TransactionService } from '../../src/database/transaction.service.js';
import { MailerService } from '../../src/notifications/mailer.service.js';
import { DispatchJob } from '../../src/notifications/jobs/dispatch.job.js';
import { NotificationsService, type NotifyInput } from '../../src/notifications/notifications.service.js';
import { dueSentence } from '../../src/notifications/templates.js';
import { QueueWorkers } from '../../src/outbox/queue-workers.service.js';
import { createUserWithToken } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Notifications through HTTP. The app runs without workers (APP_ROLE=api): the test delivers the
 * jobs itself (QueueWorkers.process, the same code a BullMQ worker runs), so it can deliver one twice.
 */
describe('notifications', () => {
  let t: TestApp;
  let tx: TransactionService;
  let notifications: NotificationsService;
  let workers: QueueWorkers;

  beforeAll(async () => {
    t = await createTestApp({ APP_ROLE: 'api' });
    tx = t.service(TransactionService);
    notifications = t.service(NotificationsService);
    workers = t.service(QueueWorkers);
  });
  afterAll(async () => {
    await t?.close();
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  /** Delivers every pending outbox event once, oldest first, until none is left. */
  async function runJobs(): Promise<string[]> {
    const done: string[] = [];
    for (;;) {
      const rows = await t.dataSource.query<{ id: string; name: string }[]>(
        `SELECT id, name FROM outbox_events WHERE processed_at IS NULL ORDER BY created_at, id`,
      );
      if (rows.length === 0) return done;
      for (const row of rows) {
        await workers.process(row);
        done.push(row.id);
      }
    }
  }

  const notify = async (input: Partial<NotifyInput> & { userIds: string[]; eventKey: string }) => {
    const id = await tx.run((em) => notifications.notify(em, { template: 'generic', params: {}, ...input }));
    await runJobs();
    return id;
  };

  it('speaks each reader language (km or en), with Khmer params', async () => {
    const km = await createUserWithToken(t, { locale: 'km' });
    const en = await createUserWithToken(t, { locale: 'en' });
    await notify({
      userIds: [km.user.id, en.user.id],
      template: 'approval.task_assigned',
      params: {
        reference: 'ICT/2026/00042',
        title: 'ផែនការថវិកា ២០២៧',
        submitter: { km: 'សុខ ស៊ាន', en: 'Sok San' },
        stage: { km: 'ប្រធានការិយាល័យ', en: 'Head of office' },
        due: dueSentence(new Date('2026-12-01T03:00:00Z')),
      },
      link: '/documents/42',
      eventKey: 'task:1:assigned',
    });
    const kmList = await t.get('/api/v1/notifications', { token: km.token });
    expect(kmList.status).toBe(200);
    expect(kmList.body.items).toHaveLength(1);
    expect(kmList.body.items[0]).toMatchObject({
      kind: 'approval.task_assigned',
      title: 'ឯកសាររង់ចាំការអនុម័តរបស់អ្នក៖ ICT/2026/00042',
      link: '/documents/42',
      readAt: null,
    });
    expect(kmList.body.items[0].body).toContain('សុខ ស៊ាន');
    expect(kmList.body.items[0].body).toContain('ប្រធានការិយាល័យ');
    const enList = await t.get('/api/v1/notifications', { token: en.token });
    expect(enList.body.items[0].title).toBe('Document awaiting your approval: ICT/2026/00042');
    expect(enList.body.items[0].body).toBe(
      '"ផែនការថវិកា ២០២៧" from Sok San awaits your decision at stage "Head of office". Due: 1 December 2026 at 10:00.',
    );
    // A reader who switches language reads the notices already received in the new one.
    expect((await t.patch('/api/v1/me', { locale: 'km' }, { token: en.token })).status).toBe(200);
    const switched = await t.get('/api/v1/notifications', { token: en.token });
    expect(switched.body.items[0].title).toBe(kmList.body.items[0].title);
    expect(switched.body.items[0].body).toContain('ប្រធានការិយាល័យ');
  });

  it('lists only my own, newest first, page by page, with the unread count', async () => {
    const me = await createUserWithToken(t, { locale: 'en' });
    const other = await createUserWithToken(t, { locale: 'en' });
    for (let i = 0; i < 5; i++) {
      await notify({ userIds: [me.user.id], params: { title: `n${i}`, body: 'b' }, eventKey: `page:${i}` });
    }
    await notify({
      userIds: [other.user.id],
      params: { title: 'theirs', body: 'b' },
      eventKey: 'page:other',
    });

    const first = await t.get('/api/v1/notifications', { token: me.token, query: { limit: '2' } });
    expect(first.status).toBe(200);
    expect(first.body.items.map((n: { title: string }) => n.title)).toEqual(['n4', 'n3']);
    expect(first.body.unreadCount).toBe(5);
    const second = await t.get('/api/v1/notifications', {
      token: me.token,
      query: { limit: '2', cursor: first.body.nextCursor },
    });
    expect(second.body.items.map((n: { title: string }) => n.title)).toEqual(['n2', 'n1']);
    const third = await t.get('/api/v1/notifications', {
      token: me.token,
      query: { limit: '2', cursor: second.body.nextCursor },
    });
    expect(third.body.items.map((n: { title: string }) => n.title)).toEqual(['n0']);
    expect(third.body.nextCursor).toBeNull();

    // Read one: 204; it leaves the unread list.
    const n3 = first.body.items[1];
    expect((await t.post(`/api/v1/notifications/${n3.id}/read`, undefined, { token: me.token })).status).toBe(
      204,
    );
    expect((await t.post(`/api/v1/notifications/${n3.id}/read`, undefined, { token: me.token })).status).toBe(
      204,
    );
    const unread = await t.get('/api/v1/notifications', { token: me.token, query: { unread: 'true' } });
    expect(unread.body.items.map((n: { title: string }) => n.title)).toEqual(['n4', 'n2', 'n1', 'n0']);
    expect(unread.body.unreadCount).toBe(4);
    expect((await t.get('/api/v1/notifications/unread-count', { token: me.token })).body).toEqual({
      count: 4,
    });

    // Someone else's notification: 404, and it stays unread.
    const theirs = (await t.get('/api/v1/notifications', { token: other.token })).body.items[0];
    const denied = await t.post(`/api/v1/notifications/${theirs.id}/read`, undefined, { token: me.token });
    expect(denied.status).toBe(404);
    expect(denied.body.code).toBe('NOTIFICATION_NOT_FOUND');
    expect((await t.get('/api/v1/notifications/unread-count', { token: other.token })).body).toEqual({
      count: 1,
    });

    // Read all of mine: the other user's stays unread.
    const all = await t.post('/api/v1/notifications/read-all', undefined, { token: me.token });
    expect(all.status).toBe(200);
    expect(all.body).toEqual({ updated: 4 });
    expect((await t.get('/api/v1/notifications/unread-count', { token: me.token })).body).toEqual({
      count: 0,
    });
    expect((await t.get('/api/v1/notifications/unread-count', { token: other.token })).body).toEqual({
      count: 1,
    });
  });

  it("marks read the notices of a page I open: mine only, that page's only", async () => {
    const me = await createUserWithToken(t, { locale: 'en' });
    const other = await createUserWithToken(t, { locale: 'en' });
    const page = `/elections/${crypto.randomUUID()}`;
    await notify({ userIds: [me.user.id, other.user.id], link: page, eventKey: 'page-read:opened' });
    await notify({ userIds: [me.user.id], link: page, eventKey: 'page-read:reminder' });
    await notify({ userIds: [me.user.id], link: `${page}/print`, eventKey: 'page-read:print' });
    await notify({ userIds: [me.user.id], link: '/inbox', eventKey: 'page-read:inbox' });
    const unread = async (who: { token: string }) =>
      (await t.get('/api/v1/notifications/unread-count', { token: who.token })).body.count as number;
    expect(await unread(me)).toBe(4);

    const opened = await t.post('/api/v1/notifications/read-page', { page }, { token: me.token });
    expect(opened.status).toBe(200);
    expect(opened.body).toEqual({ updated: 2 });
    expect(await unread(me)).toBe(2);
    expect(await unread(other)).toBe(1);
    const left = await t.get('/api/v1/notifications', { token: me.token, query: { unread: 'true' } });
    expect(left.body.items.map((n: { link: string }) => n.link).sort()).toEqual([`${page}/print`, '/inbox']);
    // Again: nothing left to mark.
    expect((await t.post('/api/v1/notifications/read-page', { page }, { token: me.token })).body).toEqual({
      updated: 0,
    });

    // Not a path of the app: refused, and nothing changes.
    for (const bad of [
      {},
      { page: '' },
      { page: 'elections/x' },
      { page: 'https://evil.example/x' },
      { page: `${page}?x=1` },
      { page: `/${'a'.repeat(300)}` },
      { page: 42 },
    ]) {
      const refused = await t.post('/api/v1/notifications/read-page', bad, { token: me.token });
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe('VALIDATION_FAILED');
    }
    expect((await t.post('/api/v1/notifications/read-page', { page: '/inbox' })).status).toBe(401);
    expect(await unread(me)).toBe(2);
  });

  it('refuses bad input and anonymous callers', async () => {
    const me = await createUserWithToken(t);
    expect((await t.get('/api/v1/notifications')).status).toBe(401);
    expect((await t.post(`/api/v1/notifications/${crypto.randomUUID()}/read`)).status).toBe(401);
    const badId = await t.post('/api/v1/notifications/not-a-uuid/read', undefined, { token: me.token });
    expect(badId.status).toBe(400);
    expect(badId.body.code).toBe('VALIDATION_FAILED');
    const badCursor = await t.get('/api/v1/notifications', { token: me.token, query: { cursor: 'abc' } });
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.code).toBe('INVALID_CURSOR');
    const forged = Buffer.from(JSON.stringify(['yesterday', 'x'])).toString('base64url');
    expect(
      (await t.get('/api/v1/notifications', { token: me.token, query: { cursor: forged } })).body.code,
    ).toBe('INVALID_CURSOR');
    expect(
      (await t.get('/api/v1/notifications', { token: me.token, query: { unread: 'maybe' } })).status,
    ).toBe(400);
    expect((await t.get('/api/v1/notifications', { token: me.token, query: { limit: '1000' } })).status).toBe(
      400,
    );
    expect((await t.get('/api/v1/notifications', { token: me.token, query: { other: '1' } })).status).toBe(
      400,
    );
    expect(
      (await t.post(`/api/v1/notifications/${crypto.randomUUID()}/read`, undefined, { token: me.token }))
        .status,
    ).toBe(404);
  });

  it('sends each e-mail at most once, even when its job is delivered again', async () => {
    const send = jest.spyOn(t.service<MailerService>(MailerService), 'send');
    const u = await createUserWithToken(t, { locale: 'km', email: 'sok.san@example.org' });
    await notify({ userIds: [u.user.id], params: { title: 'សួស្តី', body: 'ពិធីបើក' }, eventKey: 'mail:1' });
    expect(send).toHaveBeenCalledTimes(1);
    expect(send.mock.calls[0][0]).toMatchObject({
      to: 'sok.san@example.org',
      subject: 'សួស្តី',
      text: expect.stringMatching(/^ពិធីបើក\n/),
      html: expect.stringContaining('<p>ពិធីបើក</p>'),
    });
    const [row] = await t.dataSource.query<{ email_status: string; emailed_at: Date | null }[]>(
      `SELECT email_status, emailed_at FROM notifications WHERE event_key = 'mail:1'`,
    );
    expect(row.email_status).toBe('sent');
    expect(row.emailed_at).not.toBeNull();

    const [job] = await t.dataSource.query<{ id: string; name: string }[]>(
      `SELECT id, name FROM outbox_events WHERE name = 'notifications.email' AND payload->>'notificationId' =
         (SELECT id::text FROM notifications WHERE event_key = 'mail:1')`,
    );
    // Delivered again: the processed event stops it.
    await workers.process(job);
    // Even if the event itself were run again (say, its commit was lost after the send), the claim stops it.
    await t.dataSource.query(`UPDATE outbox_events SET processed_at = NULL WHERE id = $1`, [job.id]);
    await Promise.all([workers.process(job), workers.process(job)]);
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('records a failed send and does not send again', async () => {
    const send = jest
      .spyOn(t.service<MailerService>(MailerService), 'send')
      .mockRejectedValueOnce(new Error('SMTP down'));
    const u = await createUserWithToken(t, { locale: 'en', email: 'fails@example.org' });
    await notify({ userIds: [u.user.id], params: { title: 'x', body: 'y' }, eventKey: 'mail:2' });
    expect(send).toHaveBeenCalledTimes(1);
    const [row] = await t.dataSource.query<{ email_status: string }[]>(
      `SELECT email_status FROM notifications WHERE event_key = 'mail:2'`,
    );
    expect(row.email_status).toBe('failed');
    expect(await runJobs()).toEqual([]);
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('runs a dispatch delivered twice at the same moment once', async () => {
    const dispatch = jest.spyOn(t.service<DispatchJob>(DispatchJob), 'handle');
    const u = await createUserWithToken(t);
    const eventId = (await tx.run((em) =>
      notifications.notify(em, {
        userIds: [u.user.id],
        template: 'generic',
        params: {},
        eventKey: 'twice:1',
      }),
    ))!;
    const job = { id: eventId, name: 'notifications.dispatch' };
    await Promise.all([workers.process(job), workers.process(job), workers.process(job)]);
    const [row] = await t.dataSource.query<{ attempts: number }[]>(
      `SELECT attempts FROM outbox_events WHERE id = $1`,
      [eventId],
    );
    expect(row.attempts).toBe(1);
    expect(dispatch).toHaveBeenCalledTimes(1);
    expect((await t.dataSource.query(`SELECT 1 FROM notifications WHERE event_key = 'twice:1'`)).length).toBe(
      1,
    );
  });
});
