import { jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { createHttpApp } from '../../src/bootstrap.js';
import { TransactionService } from '../../src/database/transaction.service.js';
import { ActionItemsService } from '../../src/meetings/action-items.service.js';
import { addDays, utcDay } from '../../src/meetings/dates.js';
import { OutboxService } from '../../src/outbox/outbox.service.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { count } from '../queue/queue-helpers.js';
import { waitFor } from '../support/wait.js';
import { actionItemsOfPastMeeting, projectGroup, type ProjectFixture } from './meetings-fixtures.js';

// Under a loaded CI machine the app, the queue and the DWF round trips need more than the default.
jest.setTimeout(60_000);

/** Overdue action items remind their owner once a day, through the real outbox, relay and worker. */
describe('overdue action item reminders', () => {
  let t: TestApp;
  let f: ProjectFixture;
  let restarted: NestFastifyApplication | undefined;
  let overdueId: string;
  let futureId: string;
  const today = utcDay(new Date());
  /** The database of whichever app is running (the first, or the one started after the restart). */
  const ds = (): DataSource => (restarted ? restarted.get<DataSource>(getDataSourceToken()) : t.dataSource);

  const reminders = (itemId: string) =>
    count(ds(), `SELECT count(*) FROM notifications WHERE event_key LIKE $1`, [
      `action-item:${itemId}:overdue:%`,
    ]);
  const pendingEvents = (itemId: string) =>
    count(
      ds(),
      `SELECT count(*) FROM outbox_events WHERE name = 'meetings.action_item_overdue' AND payload->>'actionItemId' = $1 AND processed_at IS NULL`,
      [itemId],
    );
  const duplicateEvent = (app: { get: NestFastifyApplication['get'] }, itemId: string) =>
    app
      .get(TransactionService)
      .run((em) =>
        app
          .get(OutboxService)
          .add(em, { name: 'meetings.action_item_overdue', payload: { actionItemId: itemId } }),
      );
  const processed = (eventId: string) =>
    count(ds(), 'SELECT count(*) FROM outbox_events WHERE id = $1 AND processed_at IS NOT NULL', [eventId]);

  beforeAll(async () => {
    t = await createTestApp();
    f = await projectGroup(t);
    [overdueId, futureId] = (
      await actionItemsOfPastMeeting(t, f, [
        { text: 'ផ្ញើរបាយការណ៍ហិរញ្ញវត្ថុ', ownerUserId: f.members[0].id, dueOn: addDays(today, -3) },
        { text: 'រៀបចំសិក្ខាសាលា', ownerUserId: f.members[1].id, dueOn: addDays(today, 20) },
      ])
    ).ids;
  }, 120_000);
  afterAll(async () => {
    if (restarted) {
      await restarted.close();
      await t.db.drop();
    } else {
      await t?.close();
    }
  });

  it('reminds the owner of an overdue item once today and schedules tomorrow', async () => {
    await waitFor('first reminder', async () => (await reminders(overdueId)) === 1, { timeoutMs: 40_000 });
    const [item] = await ds().query(
      `SELECT to_char(last_reminded_on, 'YYYY-MM-DD') AS d FROM action_items WHERE id = $1`,
      [overdueId],
    );
    expect(item.d).toBe(today);
    const next = await ds().query(
      `SELECT run_at FROM outbox_events WHERE name = 'meetings.action_item_overdue' AND payload->>'actionItemId' = $1 AND processed_at IS NULL`,
      [overdueId],
    );
    expect(next).toHaveLength(1);
    expect(new Date(next[0].run_at).toISOString()).toBe(`${addDays(today, 1)}T01:00:00.000Z`);
    const [n] = await ds().query(`SELECT title, user_id FROM notifications WHERE event_key = $1`, [
      `action-item:${overdueId}:overdue:${today}`,
    ]);
    expect(n.user_id).toBe(f.members[0].id);
    expect(n.title).toContain('ផ្ញើរបាយការណ៍ហិរញ្ញវត្ថុ');
    // The item due later has its first reminder waiting for the morning after its due day.
    expect(await reminders(futureId)).toBe(0);
    expect(await pendingEvents(futureId)).toBe(1);
  });

  it('a duplicate job the same day sends nothing and starts no second chain', async () => {
    const eventId = await duplicateEvent(t.app, overdueId);
    await waitFor('duplicate processed', async () => (await processed(eventId)) === 1, { timeoutMs: 40_000 });
    expect(await reminders(overdueId)).toBe(1);
    expect(await pendingEvents(overdueId)).toBe(1);
  });

  it('after a worker restart, a re-fired job the same day still sends nothing', async () => {
    await t.app.close();
    restarted = await createHttpApp(t.config, { quiet: true });
    const eventId = await duplicateEvent(restarted, overdueId);
    await waitFor('re-fired job processed by the new worker', async () => (await processed(eventId)) === 1);
    expect(await reminders(overdueId)).toBe(1);
    expect(await pendingEvents(overdueId)).toBe(1);
  });

  it('the next day it reminds again, once; a resolved item stops reminding', async () => {
    const app = restarted!;
    const service = app.get(ActionItemsService);
    const tx = app.get(TransactionService);
    const tomorrow = new Date(`${addDays(today, 1)}T01:00:05Z`);
    expect(await tx.run((em) => service.remindOverdue(em, overdueId, tomorrow))).toBe('sent');
    expect(await tx.run((em) => service.remindOverdue(em, overdueId, tomorrow))).toBe('skipped');
    expect(await tx.run((em) => service.remindOverdue(em, futureId, tomorrow))).toBe('skipped');
    await ds().query(`UPDATE action_items SET status = 'done' WHERE id = $1`, [overdueId]);
    const later = new Date(`${addDays(today, 2)}T01:00:05Z`);
    expect(await tx.run((em) => service.remindOverdue(em, overdueId, later))).toBe('skipped');
    const keys = await ds().query(
      `SELECT payload->>'eventKey' AS k FROM outbox_events WHERE name = 'notifications.dispatch' AND payload->>'eventKey' LIKE $1 ORDER BY 1`,
      [`action-item:${overdueId}:overdue:%`],
    );
    expect(keys.map((r: any) => r.k)).toEqual([
      `action-item:${overdueId}:overdue:${today}`,
      `action-item:${overdueId}:overdue:${addDays(today, 1)}`,
    ]);
  });
});
