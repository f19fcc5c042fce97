import { jest } from '@jest/globals';
import { TransactionService } from '../../src/database/transaction.service.js';
import { DigestJob, digestTime, localDay } from '../../src/notifications/jobs/digest.job.js';
import { NotificationsService } from '../../src/notifications/notifications.service.js';
import { redactUrl } from '../../src/ops/log-redaction.js';
import { TelegramJob } from '../../src/notifications/jobs/telegram.job.js';
import {
  createDoc,
  decide,
  docStatus,
  docType,
  makePerson,
  makeUnit,
  saveWorkflow,
  submit,
  type Person,
} from '../approvals/approvals-fixtures.js';
import { waitFor } from '../support/wait.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { FakeTelegram } from '../support/fake-telegram.js';
import { dueSentence } from '../../src/notifications/templates.js';

jest.setTimeout(90_000);

const SECRET = 'test-webhook-secret-0123456789';
const PUBLIC = 'https://dwf.example.gov.kh';
const API = '/api/v1';

describe('#17.5 Telegram through a fake Bot API', () => {
  let t: TestApp;
  let tg: FakeTelegram;
  let chatSeq = 5000;

  beforeAll(async () => {
    tg = await new FakeTelegram().start();
    t = await createTestApp({
      TELEGRAM_BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.apiRoot,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      PUBLIC_BASE_URL: PUBLIC,
    });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await tg?.close();
  });

  const webhook = (update: unknown, secret = SECRET, header: string | null = SECRET) =>
    t.post(`${API}/telegram/webhook/${secret}`, update, {
      headers: header === null ? {} : { 'x-telegram-bot-api-secret-token': header },
    });

  const codeOf = (url: string) => new URL(url).searchParams.get('start')!;

  /** Links a person's Telegram through the deep link and the webhook, as a user would; returns the chat id. */
  async function link(who: Person, locale: 'km' | 'en'): Promise<number> {
    await t.dataSource.query(`UPDATE users SET locale = $2 WHERE id = $1`, [who.id, locale]);
    const chatId = ++chatSeq;
    const res = await t.post(`${API}/me/telegram-link`, undefined, { token: who.token });
    expect(res.status).toBe(200);
    expect(
      (await webhook(tg.message(chatId, `/start ${codeOf(res.body.url)}`, { username: `u${chatId}` })))
        .status,
    ).toBe(200);
    await waitFor('the bot confirms the link', () => tg.to(chatId).length > 0);
    return chatId;
  }

  const notify = (userId: string, eventKey: string) =>
    t.service<TransactionService>(TransactionService).run((em) =>
      t.service<NotificationsService>(NotificationsService).notify(em, {
        userIds: [userId],
        template: 'approval.reminder',
        params: {
          reference: 'ICT/2026/00001',
          title: 'ផែនការ',
          due: dueSentence(new Date('2026-12-31T02:00:00Z')),
        },
        link: '/documents/00000000-0000-4000-8000-000000000001',
        eventKey,
      }),
    );

  /** The notification's delivery record, once the dispatch job has made it. */
  const delivery = (userId: string, eventKey: string) =>
    waitFor(
      `notification ${eventKey}`,
      async () =>
        (
          await t.dataSource.query(
            `SELECT id, telegram_status, telegram_message_id FROM notifications WHERE user_id = $1 AND event_key = $2`,
            [userId, eventKey],
          )
        )[0],
    );

  it('registers the webhook with its secret token at start; the request log never shows the secret', () => {
    expect(tg.webhook).toEqual({ url: `${PUBLIC}/api/v1/telegram/webhook/${SECRET}`, secretToken: SECRET });
    expect(redactUrl(`/api/v1/telegram/webhook/${SECRET}`)).toBe('/api/v1/telegram/webhook/[REDACTED]');
  });

  it('links a chat by the one-time code and answers in the user language; a wrong secret changes nothing', async () => {
    const p = await makePerson(t);
    const settings = await t.get(`${API}/me/notification-settings`, { token: p.token });
    expect(settings.status).toBe(200);
    expect(settings.body.telegram).toEqual({
      available: true,
      linked: false,
      username: null,
      linkedAt: null,
    });
    expect(settings.body.kinds.map((k: any) => k.kind)).toContain('approval.task_assigned');

    const res = await t.post(`${API}/me/telegram-link`, undefined, { token: p.token });
    expect(res.body.url).toMatch(/^https:\/\/t\.me\/dwf_test_bot\?start=[A-Za-z0-9_-]{20,64}$/);
    const start = tg.message(4001, `/start ${codeOf(res.body.url)}`, { username: 'dara' });
    // Without the secret-token header, or with another path secret: 404, and nothing is linked.
    expect((await webhook(start, SECRET, null)).status).toBe(404);
    expect((await webhook(start, SECRET, 'wrong-secret-0123456789')).status).toBe(404);
    expect((await webhook(start, 'wrong-secret-0123456789', SECRET)).status).toBe(404);
    expect((await t.get(`${API}/me/notification-settings`, { token: p.token })).body.telegram.linked).toBe(
      false,
    );

    expect((await webhook(start)).status).toBe(200);
    const after = await t.get(`${API}/me/notification-settings`, { token: p.token });
    expect(after.body.telegram).toMatchObject({ available: true, linked: true, username: 'dara' });
    const reply = await waitFor('the reply', () => tg.to(4001)[0]);
    expect(reply.text).toMatch(/^បានភ្ជាប់ជាមួយ សុខ ស៊ាន/);
    // The in-app notice.
    const inbox = await t.get(`${API}/notifications`, { token: p.token });
    expect(inbox.body.items.map((n: any) => n.kind)).toContain('telegram.linked');
  });

  it('refuses a used or an expired code, in both languages, and links nothing', async () => {
    const p = await makePerson(t);
    const used = await t.post(`${API}/me/telegram-link`, undefined, { token: p.token });
    expect((await webhook(tg.message(4101, `/start ${codeOf(used.body.url)}`))).status).toBe(200);
    // The same code again from another chat: used.
    expect((await webhook(tg.message(4102, `/start ${codeOf(used.body.url)}`))).status).toBe(200);
    const refusal = await waitFor('the refusal', () => tg.to(4102)[0]);
    expect(refusal.text).toContain('បានប្រើរួចហើយ');
    expect(refusal.text).toContain('already used');
    const links = await t.dataSource.query(
      `SELECT chat_id::text AS chat FROM telegram_links WHERE user_id = $1`,
      [p.id],
    );
    expect(links).toEqual([{ chat: '4101' }]);

    const q = await makePerson(t);
    const expired = await t.post(`${API}/me/telegram-link`, undefined, { token: q.token });
    await t.dataSource.query(
      `UPDATE telegram_link_codes SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
      [q.id],
    );
    expect((await webhook(tg.message(4103, `/start ${codeOf(expired.body.url)}`))).status).toBe(200);
    await waitFor('the refusal of the expired code', () => tg.to(4103).length);
    expect(await t.dataSource.query(`SELECT 1 FROM telegram_links WHERE user_id = $1`, [q.id])).toEqual([]);
    // A new link replaces the earlier unused one.
    const first = await t.post(`${API}/me/telegram-link`, undefined, { token: q.token });
    const second = await t.post(`${API}/me/telegram-link`, undefined, { token: q.token });
    expect((await webhook(tg.message(4104, `/start ${codeOf(first.body.url)}`))).status).toBe(200);
    expect(await t.dataSource.query(`SELECT 1 FROM telegram_links WHERE user_id = $1`, [q.id])).toEqual([]);
    expect((await webhook(tg.message(4104, `/start ${codeOf(second.body.url)}`))).status).toBe(200);
    expect(await t.dataSource.query(`SELECT 1 FROM telegram_links WHERE user_id = $1`, [q.id])).toHaveLength(
      1,
    );
  });

  it('a linked approver gets the approval request and a linked submitter the outcome, each in their language, with a button to the page', async () => {
    const staff = await makePerson(t, (await makeUnit(t)).id, 'Staff');
    const approver = await makePerson(t, null, 'Approver');
    const staffChat = await link(staff, 'en');
    const approverChat = await link(approver, 'km');
    const type = docType();
    await saveWorkflow(t, {
      name: `tg ${type}`,
      documentType: type,
      stages: [{ name: 'First', mode: 'any', approvers: [{ userId: approver.id }] }],
    });
    const doc = await createDoc(t, staff, { documentType: type });
    const s = await submit(t, staff, doc.id);
    const request = await waitFor(
      'the approval request on Telegram',
      () => tg.to(approverChat).find((m) => m.text.includes('ឯកសាររង់ចាំការអនុម័តរបស់អ្នក')),
      { timeoutMs: 30_000 },
    );
    expect(request.parseMode).toBe('HTML');
    expect(request.buttons).toEqual([[{ text: 'បើកមើល', url: `${PUBLIC}/documents/${doc.id}` }]]);

    expect((await decide(t, approver, s.tasks[0].id, 'approve')).status).toBe(200);
    await docStatus(t, doc.id, 'approved', 30_000);
    const outcome = await waitFor(
      'the outcome on Telegram',
      () => tg.to(staffChat).find((m) => m.text.includes('Your document')),
      { timeoutMs: 30_000 },
    );
    expect(outcome.text).toMatch(/Your document .* was approved/);
    expect(outcome.buttons).toEqual([[{ text: 'Open', url: `${PUBLIC}/documents/${doc.id}` }]]);
    // The delivery records 'sent' after the Bot API answered: the message can arrive first.
    const sent = await waitFor('both deliveries recorded', async () => {
      const rows: { kind: string; telegram_status: string }[] = await t.dataSource.query(
        `SELECT kind, telegram_status FROM notifications WHERE user_id = ANY($1::uuid[]) AND kind LIKE 'approval.%' ORDER BY kind`,
        [[staff.id, approver.id]],
      );
      return rows.every((r) => r.telegram_status !== 'sending') && rows;
    });
    expect(sent).toEqual([
      { kind: 'approval.decided', telegram_status: 'sent' },
      { kind: 'approval.task_assigned', telegram_status: 'sent' },
    ]);
  });

  it('429 with retry_after, then success, delivers exactly once; a 5xx is retried by the job; a repeated job sends nothing', async () => {
    const p = await makePerson(t);
    const chat = await link(p, 'en');
    const before = tg.to(chat).length;
    tg.failNext('sendMessage', {
      errorCode: 429,
      description: 'Too Many Requests: retry after 1',
      retryAfter: 1,
    });
    await notify(p.id, 'tg-429');
    await waitFor(
      'sent after 429',
      async () => (await delivery(p.id, 'tg-429'))?.telegram_status === 'sent',
      { timeoutMs: 30_000 },
    );
    expect(tg.to(chat).length).toBe(before + 1);
    const attempts = tg.calls.filter(
      (c) => c.method === 'sendMessage' && String(c.payload.chat_id) === String(chat),
    );
    expect(attempts.length).toBe(before + 2);

    tg.failNext('sendMessage', { errorCode: 502, description: 'Bad Gateway' });
    await notify(p.id, 'tg-502');
    await waitFor(
      'sent after 502',
      async () => (await delivery(p.id, 'tg-502'))?.telegram_status === 'sent',
      { timeoutMs: 40_000 },
    );
    expect(tg.to(chat).length).toBe(before + 2);

    // The job delivered again (a retry, a duplicate): the recorded delivery stops it.
    const n = await delivery(p.id, 'tg-502');
    await t
      .service<TelegramJob>(TelegramJob)
      .handle(
        { notificationId: n.id },
        { em: undefined as never, eventId: n.id, afterCommit: () => undefined },
      );
    expect(tg.to(chat).length).toBe(before + 2);
    expect(n.telegram_message_id).toBe(String(tg.to(chat).at(-1)!.messageId));
  });

  it('403 (bot blocked) ends the link, posts the in-app notice, and nothing more is sent', async () => {
    const p = await makePerson(t);
    const chat = await link(p, 'km');
    tg.block(chat);
    await notify(p.id, 'tg-403');
    await waitFor('blocked', async () => (await delivery(p.id, 'tg-403'))?.telegram_status === 'blocked', {
      timeoutMs: 30_000,
    });
    expect(await t.dataSource.query(`SELECT 1 FROM telegram_links WHERE user_id = $1`, [p.id])).toEqual([]);
    const inbox = await waitFor('the in-app notice', async () => {
      const r = await t.get(`${API}/notifications`, { token: p.token });
      return r.body.items.find((x: any) => x.kind === 'telegram.blocked');
    });
    expect(inbox.title).toBe('Telegram មិនអាចទទួលសាររបស់យើងបាន');
    expect(inbox.link).toBe('/settings');
    const [notice] = await t.dataSource.query(
      `SELECT email_status, telegram_status FROM notifications WHERE user_id = $1 AND kind = 'telegram.blocked'`,
      [p.id],
    );
    expect(notice).toEqual({ email_status: 'skipped', telegram_status: 'skipped' });
    const calls = tg.calls.length;
    await notify(p.id, 'tg-after-403');
    await waitFor(
      'skipped',
      async () => (await delivery(p.id, 'tg-after-403'))?.telegram_status === 'skipped',
    );
    expect((await t.get(`${API}/me/notification-settings`, { token: p.token })).body.telegram.linked).toBe(
      false,
    );
    expect(tg.calls.slice(calls).filter((c) => c.method === 'sendMessage')).toEqual([]);
  });

  it('unlinking stops delivery and tells the user in the app; channels per kind are the user own choice', async () => {
    const p = await makePerson(t);
    await link(p, 'en');
    expect((await t.delete(`${API}/me/telegram-link`, { token: p.token })).status).toBe(204);
    const inbox = await t.get(`${API}/notifications`, { token: p.token });
    expect(inbox.body.items.map((n: any) => n.title)).toContain('Telegram unlinked');
    await notify(p.id, 'tg-unlinked');
    expect((await delivery(p.id, 'tg-unlinked'))?.telegram_status).toBe('skipped');

    const q = await makePerson(t);
    await link(q, 'en');
    const bad = await t.put(
      `${API}/me/notification-settings`,
      { kinds: [{ kind: 'nope', inApp: true, email: true, telegram: true }] },
      { token: q.token },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('UNKNOWN_NOTIFICATION_KIND');
    const saved = await t.put(
      `${API}/me/notification-settings`,
      { kinds: [{ kind: 'approval.reminder', inApp: false, email: false, telegram: false }] },
      { token: q.token },
    );
    expect(saved.status).toBe(200);
    expect(saved.body.kinds.find((k: any) => k.kind === 'approval.reminder')).toEqual({
      kind: 'approval.reminder',
      inApp: false,
      email: false,
      telegram: false,
    });
    // Another user's choices are not touched.
    expect(
      (await t.get(`${API}/me/notification-settings`, { token: p.token })).body.kinds.find(
        (k: any) => k.kind === 'approval.reminder',
      ).telegram,
    ).toBe(true);
    await notify(q.id, 'tg-off');
    expect(await delivery(q.id, 'tg-off')).toMatchObject({ telegram_status: 'skipped' });
    expect(
      (await t.get(`${API}/notifications`, { token: q.token })).body.items.map((n: any) => n.kind),
    ).not.toContain('approval.reminder');
  });

  it('#17.7 the daily digest replaces one message per task, once per user per day', async () => {
    const staff = await makePerson(t, (await makeUnit(t)).id, 'Staff');
    const approver = await makePerson(t, null, 'Digest approver');
    const chat = await link(approver, 'en');
    const on = await t.put(
      `${API}/me/notification-settings`,
      { dailyDigest: true },
      { token: approver.token },
    );
    expect(on.body.dailyDigest).toBe(true);
    // Choosing it schedules the next digest at DIGEST_HOUR (07:00 at UTC+7 by default).
    const [scheduled] = await t.dataSource.query(
      `SELECT payload->>'day' AS day, run_at FROM outbox_events WHERE name = 'notifications.digest' AND processed_at IS NULL`,
    );
    expect(new Date(scheduled.run_at).toISOString()).toBe(digestTime(scheduled.day, 7, 420).toISOString());
    expect(new Date(scheduled.run_at).getTime()).toBeGreaterThan(Date.now());

    const type = docType();
    await saveWorkflow(t, {
      name: `digest ${type}`,
      documentType: type,
      stages: [{ name: 'Only', mode: 'any', approvers: [{ userId: approver.id }] }],
    });
    for (const title of ['ផែនការទី១', 'ផែនការទី២']) {
      await submit(t, staff, (await createDoc(t, staff, { documentType: type, title })).id);
    }
    await waitFor(
      'the two tasks',
      async () =>
        (
          await t.dataSource.query(
            `SELECT 1 FROM notifications WHERE user_id = $1 AND kind = 'approval.task_assigned'`,
            [approver.id],
          )
        ).length === 2,
      { timeoutMs: 30_000 },
    );
    const perTask = await t.dataSource.query(
      `SELECT in_app, email_status, telegram_status FROM notifications WHERE user_id = $1 AND kind = 'approval.task_assigned'`,
      [approver.id],
    );
    expect(perTask).toEqual([
      { in_app: true, email_status: 'skipped', telegram_status: 'skipped' },
      { in_app: true, email_status: 'skipped', telegram_status: 'skipped' },
    ]);

    const digest = t.service<DigestJob>(DigestJob);
    const tx = t.service<TransactionService>(TransactionService);
    const day = localDay(new Date(), 420);
    await tx.run((em) => digest.runDigest(em, day));
    await tx.run((em) => digest.runDigest(em, day)); // the same day again: nothing new
    const digests = await t.dataSource.query(
      `SELECT title, body, link FROM notifications WHERE user_id = $1 AND kind = 'approval.digest'`,
      [approver.id],
    );
    expect(digests).toHaveLength(1);
    expect(digests[0].title).toBe('2 documents await your decision');
    expect(digests[0].body).toContain('ផែនការទី១');
    expect(digests[0].link).toBe('/inbox');
    const msg = await waitFor(
      'the digest on Telegram',
      () => tg.to(chat).find((m) => m.text.includes('await your decision')),
      { timeoutMs: 30_000 },
    );
    expect(msg.buttons).toEqual([[{ text: 'Open', url: `${PUBLIC}/inbox` }]]);
    // The next day is another digest.
    await tx.run((em) => digest.runDigest(em, '2099-01-01'));
    expect(
      await t.dataSource.query(
        `SELECT 1 FROM notifications WHERE user_id = $1 AND kind = 'approval.digest'`,
        [approver.id],
      ),
    ).toHaveLength(2);
  });
});

describe('#17.5 without TELEGRAM_BOT_TOKEN the channel is hidden', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('says so, gives no link and answers no webhook', async () => {
    const p = await makePerson(t);
    const settings = await t.get(`${API}/me/notification-settings`, { token: p.token });
    expect(settings.body.telegram.available).toBe(false);
    const res = await t.post(`${API}/me/telegram-link`, undefined, { token: p.token });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('TELEGRAM_NOT_CONFIGURED');
    expect((await t.post(`${API}/me/telegram-link`)).status).toBe(401);
    const hook = await t.post(
      `${API}/telegram/webhook/anything-at-all-0123`,
      { update_id: 1 },
      {
        headers: { 'x-telegram-bot-api-secret-token': 'anything-at-all-0123' },
      },
    );
    expect(hook.status).toBe(404);
  });
});

describe('#17.5 long polling (TELEGRAM_UPDATES=polling)', () => {
  let t: TestApp;
  let tg: FakeTelegram;
  beforeAll(async () => {
    tg = await new FakeTelegram().start();
    t = await createTestApp({
      TELEGRAM_BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.apiRoot,
      TELEGRAM_UPDATES: 'polling',
    });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await tg?.close();
  });

  it('the worker asks getUpdates and links by the code; the webhook route is closed', async () => {
    const p = await makePerson(t);
    const res = await t.post(`${API}/me/telegram-link`, undefined, { token: p.token });
    tg.pushUpdate(tg.message(6001, `/start ${new URL(res.body.url).searchParams.get('start')}`));
    await waitFor(
      'linked through polling',
      async () => (await t.get(`${API}/me/notification-settings`, { token: p.token })).body.telegram.linked,
    );
    expect(tg.calls.some((c) => c.method === 'deleteWebhook')).toBe(true);
    expect(tg.webhook).toBeNull();
    const secret = 'any-secret-at-all-0123456789';
    const hook = await t.post(`${API}/telegram/webhook/${secret}`, tg.message(6002, '/start x'), {
      headers: { 'x-telegram-bot-api-secret-token': secret },
    });
    expect(hook.status).toBe(404);
  });
});
