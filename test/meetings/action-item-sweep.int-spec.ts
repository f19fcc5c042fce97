import { jest } from '@jest/globals';
import { TransactionService } from '../../src/database/transaction.service.js';
import { addDays, utcDay } from '../../src/meetings/dates.js';
import { ActionItemSweepJob } from '../../src/meetings/jobs/action-item-sweep.job.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { actionItemsOfPastMeeting, projectGroup, type ProjectFixture } from './meetings-fixtures.js';

jest.setTimeout(60_000);

/** #17.7 The daily sweep reminds owners of overdue action items whose own reminder chain was lost. */
describe('#17.7 action item reminder sweep', () => {
  let t: TestApp;
  let f: ProjectFixture;
  let meetingId: string;
  let overdueId: string;
  let doneId: string;
  const today = utcDay(new Date());

  beforeAll(async () => {
    t = await createTestApp();
    f = await projectGroup(t);
    const past = await actionItemsOfPastMeeting(t, f, [
      { text: 'ផ្ញើរបាយការណ៍', ownerUserId: f.members[0].id, dueOn: addDays(today, -2) },
      { text: 'Done already', ownerUserId: f.members[1].id, dueOn: addDays(today, -2) },
      { text: 'Later', ownerUserId: f.members[1].id, dueOn: addDays(today, 5) },
    ]);
    meetingId = past.meetingId;
    [overdueId, doneId] = past.ids;
    // The items' own reminder chains are lost (as for items from before them).
    await t.dataSource.query(
      `UPDATE outbox_events SET processed_at = now() WHERE name = 'meetings.action_item_overdue' AND processed_at IS NULL`,
    );
    await t.dataSource.query(`UPDATE action_items SET status = 'done' WHERE id = $1`, [doneId]);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('reminds each overdue unresolved item once a day, linking to the meeting', async () => {
    const sweep = t.service<ActionItemSweepJob>(ActionItemSweepJob);
    const tx = t.service<TransactionService>(TransactionService);
    const tomorrow = new Date(`${addDays(today, 1)}T01:00:05Z`);
    // Only the overdue, unresolved item (the first chain may have reminded it today already).
    expect(await tx.run((em) => sweep.sweep(em, tomorrow))).toBe(1);
    expect(await tx.run((em) => sweep.sweep(em, tomorrow))).toBe(0);
    const dayAfter = new Date(`${addDays(today, 2)}T01:00:05Z`);
    expect(await tx.run((em) => sweep.sweep(em, dayAfter))).toBe(1);
    const events = await t.dataSource.query(
      `SELECT payload FROM outbox_events WHERE name = 'notifications.dispatch' AND payload->>'eventKey' LIKE 'action-item:%'
       ORDER BY payload->>'eventKey'`,
    );
    const keys = events.map((e: any) => e.payload.eventKey);
    expect(keys).toEqual(
      expect.arrayContaining([
        `action-item:${overdueId}:overdue:${addDays(today, 1)}`,
        `action-item:${overdueId}:overdue:${addDays(today, 2)}`,
      ]),
    );
    // The done item's own chain may have reminded it today, before the test marked it done and its
    // chain lost (the test app's worker runs); the sweep's days must not remind it.
    const sweepDays = [addDays(today, 1), addDays(today, 2)];
    expect(keys.filter((k: string) => k.includes(doneId) && sweepDays.some((d) => k.endsWith(d)))).toEqual(
      [],
    );
    const sent = events.find((e: any) => e.payload.eventKey.endsWith(addDays(today, 1)));
    expect(sent.payload.link).toBe(`/meetings/${meetingId}`);
    expect(sent.payload.userIds).toEqual([f.members[0].id]);
  });
});
