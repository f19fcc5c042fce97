import { jest } from '@jest/globals';
import { createUserWithToken } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { runDueJobs } from '../support/jobs.js';
import { waitFor } from '../support/wait.js';
import {
  API,
  approveMinutesDirectly,
  holdMeeting,
  meetingBody,
  projectGroup,
  startMeeting,
  type ProjectFixture,
} from './meetings-fixtures.js';

// Under a loaded CI machine the app, the queue and the DWF round trips need more than the default.
jest.setTimeout(60_000);

describe('meetings: who may edit, stale revisions, locked minutes', () => {
  let t: TestApp;
  let f: ProjectFixture;
  let meeting: any;

  const minutesOf = (m: any, base: number, notes: string, extra: Record<string, unknown> = {}) => ({
    baseRevision: base,
    items: [{ agendaItemId: m.agenda[0].id, notes }],
    decisions: [],
    actionItems: [],
    ...extra,
  });
  const minutes = (base: number, notes: string, extra: Record<string, unknown> = {}) =>
    minutesOf(meeting, base, notes, extra);
  /** The first draft of minutes, prepared before the meeting. */
  const prepareAhead = (upcoming: any) =>
    t.put(`${API}/meetings/${upcoming.id}/minutes`, minutesOf(upcoming, 0, 'ត្រៀមទុក'), {
      token: f.secretary.token,
    });

  beforeAll(async () => {
    t = await createTestApp();
    f = await projectGroup(t);
    const res = await t.post(`${API}/meetings`, meetingBody(f), { token: f.secretary.token });
    expect(res.status).toBe(201);
    meeting = res.body;
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('schedules only for the chair or secretary of the body; others are refused', async () => {
    const member = await t.post(`${API}/meetings`, meetingBody(f), { token: f.members[1].token });
    expect(member.status).toBe(403);
    expect(member.body.code).toBe('NOT_BODY_CHAIR');
    const outsider = await t.post(`${API}/meetings`, meetingBody(f), { token: f.outsider.token });
    expect(outsider.status).toBe(404);
    const twoBodies = await t.post(
      `${API}/meetings`,
      meetingBody(f, { orgUnitId: '00000000-0000-4000-8000-000000000000' }),
      { token: f.secretary.token },
    );
    expect(twoBodies.status).toBe(400);
    expect(twoBodies.body.code).toBe('MEETING_BODY_REQUIRED');
    const backwards = await t.post(
      `${API}/meetings`,
      meetingBody(f, { endsAt: new Date(Date.now() - 1000).toISOString() }),
      { token: f.secretary.token },
    );
    expect(backwards.status).toBe(400);
    const nameless = await t.post(`${API}/meetings`, meetingBody(f, { participants: [{ role: 'guest' }] }), {
      token: f.secretary.token,
    });
    expect(nameless.status).toBe(400);
    expect(nameless.body.details[0].field).toBe('participants.0');
  });

  it('shows the meeting to participants, members and admins; 404 to others', async () => {
    expect((await t.get(`${API}/meetings/${meeting.id}`, { token: f.members[3].token })).status).toBe(200);
    expect((await t.get(`${API}/meetings/${meeting.id}`, { token: f.admin })).status).toBe(200);
    const out = await t.get(`${API}/meetings/${meeting.id}`, { token: f.outsider.token });
    expect(out.status).toBe(404);
    expect(out.body.code).toBe('MEETING_NOT_FOUND');
    expect((await t.get(`${API}/meetings/${meeting.id}/minutes`, { token: f.outsider.token })).status).toBe(
      404,
    );
    expect(
      (await t.get(`${API}/meetings/${meeting.id}/minutes.html`, { token: f.outsider.token })).status,
    ).toBe(404);
    const list = await t.get(`${API}/meetings`, { token: f.outsider.token });
    expect(list.body.items).toEqual([]);
    const mine = await t.get(`${API}/meetings`, {
      token: f.members[3].token,
      query: { workingGroupId: f.root.id },
    });
    expect(mine.body.items.map((m: any) => m.id)).toContain(meeting.id);
  });

  it("lists the group's meetings to a current member who is no participant, not to a former one", async () => {
    const joined = await createUserWithToken(t, { fullName: 'Joined later' });
    const left = await createUserWithToken(t, { fullName: 'Left last year' });
    const add = (userId: string, dates: Record<string, string> = {}) =>
      t.post(
        `${API}/working-groups/${f.root.id}/members`,
        { userId, role: 'member', ...dates },
        { token: f.chair.token },
      );
    expect((await add(joined.user.id)).status).toBe(201);
    expect((await add(left.user.id, { from: '2020-01-01', to: '2020-12-31' })).status).toBe(201);
    const listed = async (token: string) =>
      (await t.get(`${API}/meetings`, { token })).body.items.map((m: any) => m.id);
    expect(meeting.participants.map((p: any) => p.userId)).not.toContain(joined.user.id);
    expect(await listed(joined.token)).toContain(meeting.id);
    expect(await listed(left.token)).toEqual([]);
  });

  it('a member who is neither secretary nor chair gets 403 on every edit (admins too)', async () => {
    const participant = meeting.participants.find((p: any) => p.userId === f.members[2].id);
    const edits = (token: string, withCancel = true) => [
      t.put(
        `${API}/meetings/${meeting.id}/attendance`,
        [{ participantId: participant.id, status: 'present' }],
        { token },
      ),
      t.put(`${API}/meetings/${meeting.id}/minutes`, minutes(0, 'x'), { token }),
      t.post(`${API}/meetings/${meeting.id}/minutes/submit`, {}, { token }),
      t.post(`${API}/meetings/${meeting.id}/errata`, { text: 'x' }, { token }),
      ...(withCancel ? [t.post(`${API}/meetings/${meeting.id}/cancel`, {}, { token })] : []),
    ];
    for (const token of [f.members[2].token, f.subLead.token]) {
      const answers = await Promise.all(edits(token));
      expect(answers.map((a) => [a.status, a.body.code])).toEqual(
        answers.map(() => [403, 'NOT_MEETING_SECRETARY']),
      );
    }
    // An admin may see and cancel, but the record is the secretary's: no attendance, minutes or submission.
    const [att, mins, submit, erratum] = await Promise.all(edits(f.admin, false));
    expect([att.status, mins.status, submit.status, erratum.status]).toEqual([403, 403, 403, 403]);
    // The outsider does not even learn that it exists.
    const outsider = await Promise.all(edits(f.outsider.token));
    expect(outsider.map((a) => a.status)).toEqual([404, 404, 404, 404, 404]);
    // Nothing changed.
    const after = await t.get(`${API}/meetings/${meeting.id}`, { token: f.secretary.token });
    expect(after.body).toMatchObject({ status: 'scheduled', minutesStatus: 'none', minutesRevision: 0 });
  });

  it('two editors saving from the same revision: one wins, the other gets 409, nothing is lost', async () => {
    const first = await t.put(`${API}/meetings/${meeting.id}/minutes`, minutes(0, 'កំណត់ត្រាដំបូង'), {
      token: f.secretary.token,
    });
    expect(first.status).toBe(200);
    expect(first.body.revision).toBe(1);
    const [a, b] = await Promise.all([
      t.put(`${API}/meetings/${meeting.id}/minutes`, minutes(1, 'កំណែរបស់លេខាធិការ'), {
        token: f.secretary.token,
      }),
      t.put(`${API}/meetings/${meeting.id}/minutes`, minutes(1, 'កំណែរបស់ប្រធាន'), { token: f.chair.token }),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    const winner = a.status === 200 ? a : b;
    expect(loser.body.code).toBe('STALE_REVISION');
    expect(loser.body.details).toEqual({ latestRevision: 2 });
    expect(winner.body.revision).toBe(2);
    // The loser reloads and saves on top: revision 3; every revision is kept with its author.
    const retried = await t.put(
      `${API}/meetings/${meeting.id}/minutes`,
      minutes(2, `${winner.body.items[0].notes} + ${a.status === 409 ? 'secretary' : 'chair'}`),
      { token: a.status === 409 ? f.secretary.token : f.chair.token },
    );
    expect(retried.status).toBe(200);
    expect(retried.body.revision).toBe(3);
    const all = await t.get(`${API}/meetings/${meeting.id}/minutes`, { token: f.members[0].token });
    expect(all.body.revisions.map((r: any) => r.revision)).toEqual([1, 2, 3]);
    const r2 = await t.get(`${API}/meetings/${meeting.id}/minutes`, {
      token: f.members[0].token,
      query: { revision: '2' },
    });
    expect(r2.body.items[0].notes).toBe(winner.body.items[0].notes);
    const r1 = await t.get(`${API}/meetings/${meeting.id}/minutes`, {
      token: f.members[0].token,
      query: { revision: '1' },
    });
    expect(r1.body.items[0].notes).toBe('កំណត់ត្រាដំបូង');
    // An old base is refused without a race too.
    const stale = await t.put(`${API}/meetings/${meeting.id}/minutes`, minutes(1, 'late'), {
      token: f.chair.token,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('STALE_REVISION');
    const diff = await t.get(`${API}/meetings/${meeting.id}/minutes/diff`, {
      token: f.members[0].token,
      query: { from: '1', to: '3' },
    });
    expect(diff.status).toBe(200);
    expect(diff.body.items.changed).toHaveLength(1);
    expect(diff.body.items.changed[0].from.notes).toBe('កំណត់ត្រាដំបូង');
    expect(
      (
        await t.get(`${API}/meetings/${meeting.id}/minutes/diff`, {
          token: f.members[0].token,
          query: { from: '1', to: '9' },
        })
      ).status,
    ).toBe(404);
  });

  it('a save that changes nothing makes no revision (a second tap of Save, a save of what was loaded)', async () => {
    const before = (await t.get(`${API}/meetings/${meeting.id}/minutes`, { token: f.secretary.token })).body;
    const audited = async () =>
      Number(
        (
          await t.dataSource.query(
            `SELECT count(*) AS n FROM audit_log WHERE stream = $1 AND action = 'minutes.saved'`,
            [`meeting:${meeting.id}`],
          )
        )[0].n,
      );
    const entries = await audited();
    const again = await t.put(
      `${API}/meetings/${meeting.id}/minutes`,
      minutes(before.latestRevision, before.items[0].notes),
      { token: f.secretary.token },
    );
    expect(again.status).toBe(200);
    expect(again.body.latestRevision).toBe(before.latestRevision);
    expect(again.body.revision).toBe(before.latestRevision);
    expect(again.body.revisions).toEqual(before.revisions);
    expect(await audited()).toBe(entries);
    // A change is a revision, as ever.
    const changed = await t.put(
      `${API}/meetings/${meeting.id}/minutes`,
      minutes(before.latestRevision, `${before.items[0].notes} ។`),
      { token: f.secretary.token },
    );
    expect(changed.body.latestRevision).toBe(before.latestRevision + 1);
    expect(await audited()).toBe(entries + 1);
  });

  it('refuses minutes that cite agenda items of another meeting or unknown owners', async () => {
    const latest = (await t.get(`${API}/meetings/${meeting.id}/minutes`, { token: f.secretary.token })).body
      .latestRevision;
    const badItem = await t.put(
      `${API}/meetings/${meeting.id}/minutes`,
      {
        baseRevision: latest,
        items: [{ agendaItemId: '00000000-0000-4000-8000-000000000000', notes: 'x' }],
        decisions: [],
        actionItems: [],
      },
      { token: f.secretary.token },
    );
    expect(badItem.status).toBe(400);
    expect(badItem.body.code).toBe('UNKNOWN_AGENDA_ITEM');
    const twice = await t.put(
      `${API}/meetings/${meeting.id}/minutes`,
      {
        baseRevision: latest,
        items: [
          { agendaItemId: meeting.agenda[0].id, notes: 'a' },
          { agendaItemId: meeting.agenda[0].id, notes: 'b' },
        ],
        decisions: [],
        actionItems: [],
      },
      { token: f.secretary.token },
    );
    expect(twice.body.code).toBe('DUPLICATE_AGENDA_ITEM');
    const badDue = await t.put(
      `${API}/meetings/${meeting.id}/minutes`,
      minutes(latest, 'x', { actionItems: [{ text: 'x', ownerUserId: f.members[0].id, dueOn: 'tomorrow' }] }),
      { token: f.secretary.token },
    );
    expect(badDue.status).toBe(400);
  });

  it('approved minutes refuse edits: minutes, attendance; errata need approved minutes', async () => {
    const latest = (await t.get(`${API}/meetings/${meeting.id}/minutes`, { token: f.secretary.token })).body
      .latestRevision;
    const early = await t.post(
      `${API}/meetings/${meeting.id}/errata`,
      { text: 'x' },
      { token: f.secretary.token },
    );
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('MINUTES_NOT_APPROVED');
    await approveMinutesDirectly(t, meeting.id);
    const edit = await t.put(`${API}/meetings/${meeting.id}/minutes`, minutes(latest, 'changed'), {
      token: f.secretary.token,
    });
    expect(edit.status).toBe(409);
    expect(edit.body.code).toBe('MINUTES_LOCKED');
    const byChair = await t.put(`${API}/meetings/${meeting.id}/minutes`, minutes(latest, 'changed'), {
      token: f.chair.token,
    });
    expect(byChair.body.code).toBe('MINUTES_LOCKED');
    const participant = meeting.participants[2];
    const att = await t.put(
      `${API}/meetings/${meeting.id}/attendance`,
      [{ participantId: participant.id, status: 'absent' }],
      {
        token: f.secretary.token,
      },
    );
    expect(att.status).toBe(409);
    const submit = await t.post(
      `${API}/meetings/${meeting.id}/minutes/submit`,
      {},
      { token: f.secretary.token },
    );
    expect(submit.status).toBe(409);
    const cancel = await t.post(`${API}/meetings/${meeting.id}/cancel`, {}, { token: f.secretary.token });
    expect(cancel.status).toBe(409);
    const read = await t.get(`${API}/meetings/${meeting.id}/minutes`, { token: f.members[5].token });
    expect(read.body).toMatchObject({
      status: 'approved',
      verificationCode: '7K3M-Q9ZD-AB12-CD34',
      revision: latest,
    });
  });

  it('cancelling notifies the participants; a cancelled meeting takes no minutes', async () => {
    const other = await t.post(`${API}/meetings`, meetingBody(f, { title: 'To be cancelled' }), {
      token: f.chair.token,
    });
    const cancelled = await t.post(
      `${API}/meetings/${other.body.id}/cancel`,
      { reason: 'រដ្ឋមន្ត្រីជាប់បេសកកម្ម' },
      {
        token: f.chair.token,
      },
    );
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    const again = await t.post(`${API}/meetings/${other.body.id}/cancel`, {}, { token: f.chair.token });
    expect(again.body.code).toBe('MEETING_CANCELLED');
    const save = await t.put(
      `${API}/meetings/${other.body.id}/minutes`,
      { baseRevision: 0, items: [], decisions: [], actionItems: [] },
      { token: f.secretary.token },
    );
    expect(save.body.code).toBe('MEETING_CANCELLED');
    const events = await t.dataSource.query(
      `SELECT payload FROM outbox_events WHERE name = 'notifications.dispatch' AND payload->>'eventKey' = $1`,
      [`meeting:${other.body.id}:cancelled`],
    );
    expect(events).toHaveLength(1);
    expect(events[0].payload.template).toBe('meeting.cancelled');
    expect(events[0].payload.userIds).toHaveLength(12); // the secretary and the 11 members; not the chair who cancelled
    // Its reminders were scheduled and will find it cancelled.
    const reminders = await t.dataSource.query(
      `SELECT run_at FROM outbox_events WHERE name = 'meetings.reminder' AND payload->>'meetingId' = $1 ORDER BY run_at`,
      [other.body.id],
    );
    expect(reminders).toHaveLength(2);
  });

  it('an association meeting is scheduled by its committee only', async () => {
    const { user } = await createUserWithToken(t, {});
    const res = await t.post(
      `${API}/meetings`,
      meetingBody(f, {
        workingGroupId: undefined,
        associationId: '00000000-0000-4000-8000-000000000000',
        chairUserId: user.id,
      }),
      { token: f.secretary.token },
    );
    expect(res.status).toBe(404);
  });

  it('reminds participants before the meeting, unless it was cancelled or moved', async () => {
    const { MeetingRemindersService } = await import('../../src/meetings/meeting-reminders.service.js');
    const { TransactionService } = await import('../../src/database/transaction.service.js');
    const service = t.service<InstanceType<typeof MeetingRemindersService>>(MeetingRemindersService);
    const tx = t.service<InstanceType<typeof TransactionService>>(TransactionService);
    const upcoming = await t.post(`${API}/meetings`, meetingBody(f, { title: 'Reminded' }), {
      token: f.chair.token,
    });
    const startsAt = new Date(upcoming.body.startsAt).toISOString();
    const run = (payload: any) =>
      tx.run((em) => service.onReminder(payload, { em, eventId: 'x', afterCommit: () => undefined }));
    const sent = () =>
      t.dataSource.query(
        `SELECT payload FROM outbox_events WHERE name = 'notifications.dispatch' AND payload->>'eventKey' LIKE $1`,
        [`meeting:${upcoming.body.id}:reminder:%`],
      );
    await run({ meetingId: upcoming.body.id, kind: '24h', startsAt: '2020-01-01T00:00:00.000Z' });
    expect(await sent()).toHaveLength(0);
    await run({ meetingId: upcoming.body.id, kind: '24h', startsAt });
    const [reminder] = await sent();
    expect(reminder.payload.template).toBe('meeting.reminder');
    expect(reminder.payload.userIds).toHaveLength(13);
    await t.post(`${API}/meetings/${upcoming.body.id}/cancel`, {}, { token: f.chair.token });
    await run({ meetingId: upcoming.body.id, kind: '1h', startsAt });
    expect(await sent()).toHaveLength(1);
  });

  it('minutes returned by the chair are editable again and can be resubmitted', async () => {
    const m = await t.post(`${API}/meetings`, meetingBody(f, { title: 'Returned minutes' }), {
      token: f.chair.token,
    });
    await holdMeeting(t, m.body, f.secretary.token);
    const save = (base: number, notes: string) =>
      t.put(
        `${API}/meetings/${m.body.id}/minutes`,
        {
          baseRevision: base,
          items: [{ agendaItemId: m.body.agenda[0].id, notes }],
          decisions: [],
          actionItems: [],
        },
        { token: f.secretary.token },
      );
    expect(
      (await t.post(`${API}/meetings/${m.body.id}/minutes/submit`, {}, { token: f.secretary.token })).body
        .code,
    ).toBe('MINUTES_EMPTY');
    await save(0, 'ដំបូង');
    await t.post(`${API}/meetings/${m.body.id}/minutes/submit`, {}, { token: f.secretary.token });
    const firstDoc = (await t.get(`${API}/meetings/${m.body.id}`, { token: f.secretary.token })).body
      .minutesDocumentId;
    const task = await chairTask(firstDoc);
    const returned = await t.post(
      `${API}/approval-tasks/${task.id}/return`,
      { reason: 'សូមបន្ថែមសេចក្តីសម្រេច' },
      { token: f.chair.token },
    );
    expect(returned.status).toBe(200);
    await waitFor(
      'the minutes back to draft',
      async () =>
        (await t.get(`${API}/meetings/${m.body.id}`, { token: f.secretary.token })).body.minutesStatus ===
        'draft',
    );
    expect((await save(1, 'កែប្រែ')).status).toBe(200);
    const again = await t.post(
      `${API}/meetings/${m.body.id}/minutes/submit`,
      {},
      { token: f.secretary.token },
    );
    expect(again.status).toBe(200);
    const secondDoc = (await t.get(`${API}/meetings/${m.body.id}`, { token: f.secretary.token })).body
      .minutesDocumentId;
    // The next version of the same document (a second one left the returned copy to be signed too).
    expect(secondDoc).toBe(firstDoc);
    await t.post(
      `${API}/approval-tasks/${(await chairTask(secondDoc)).id}/approve`,
      {},
      { token: f.chair.token },
    );
    await waitFor(
      'the minutes approved',
      async () =>
        (await t.get(`${API}/meetings/${m.body.id}`, { token: f.secretary.token })).body.minutesStatus ===
        'approved',
      { timeoutMs: 40_000 }, // the minutes' PDF is rendered on the way
    );
    const read = await t.get(`${API}/meetings/${m.body.id}/minutes`, { token: f.members[0].token });
    expect(read.body).toMatchObject({ status: 'approved', revision: 2 });
    expect(read.body.items[0].notes).toBe('កែប្រែ');
  });

  it('the secretary attaches meeting photos; whoever sees the meeting reads them', async () => {
    const m = await t.post(`${API}/meetings`, meetingBody(f, { title: 'With photos' }), {
      token: f.chair.token,
    });
    // A 1x1 PNG.
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
      'base64',
    );
    const form = () => {
      const fd = new FormData();
      fd.append('caption', 'រូបថតកិច្ចប្រជុំ');
      fd.append('file', new Blob([png], { type: 'image/png' }), 'រូបថត.png');
      return fd;
    };
    const denied = await t.post(`${API}/meetings/${m.body.id}/attachments`, form(), {
      token: f.members[0].token,
    });
    expect(denied.status).toBe(403);
    expect(
      (await t.post(`${API}/meetings/${m.body.id}/attachments`, form(), { token: f.outsider.token })).status,
    ).toBe(404);
    const added = await t.post(`${API}/meetings/${m.body.id}/attachments`, form(), {
      token: f.secretary.token,
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      caption: 'រូបថតកិច្ចប្រជុំ',
      mime: 'image/png',
      fileName: 'រូបថត.png',
      size: png.length,
    });
    const list = await t.get(`${API}/meetings/${m.body.id}/attachments`, { token: f.members[0].token });
    expect(list.body.map((a: any) => a.id)).toEqual([added.body.id]);
    const res = await fetch(`${t.baseUrl}${API}/meetings/${m.body.id}/attachments/${added.body.id}/file`, {
      headers: { authorization: `Bearer ${f.members[0].token}` },
    });
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(png)).toBe(true);
    expect(
      (await t.get(`${API}/meetings/${m.body.id}/attachments`, { token: f.outsider.token })).status,
    ).toBe(404);
    const json = await t.post(
      `${API}/meetings/${m.body.id}/attachments`,
      { caption: 'x' },
      { token: f.secretary.token },
    );
    expect(json.status).toBe(400);
  });

  async function chairTask(documentId: string): Promise<any> {
    return waitFor('the task in the chair inbox', async () => {
      const inbox = await t.get(`${API}/approvals/inbox`, { token: f.chair.token });
      return inbox.body.items.find((i: any) => i.documentId === documentId);
    });
  }

  it('#14 attendance on a meeting that has not started does not make it held: apologies only, until it starts', async () => {
    const res = await t.post(`${API}/meetings`, meetingBody(f), { token: f.secretary.token });
    expect(res.status).toBe(201);
    const upcoming = res.body;
    const [first, second] = upcoming.participants.filter((p: any) => p.role === 'member');
    const put = (entries: unknown[]) =>
      t.put(`${API}/meetings/${upcoming.id}/attendance`, entries, { token: f.secretary.token });
    const view = async () =>
      (await t.get(`${API}/meetings/${upcoming.id}`, { token: f.secretary.token })).body;
    const recorded = () =>
      t.dataSource.query<{ data: unknown }[]>(
        `SELECT data FROM audit_log WHERE stream = $1 AND action = 'meeting.attendance_recorded'`,
        [`meeting:${upcoming.id}`],
      );

    // Nobody is present or absent at a meeting that has not begun: refused, nothing changes.
    for (const status of ['present', 'absent']) {
      const early = await put([
        { participantId: first.id, status: 'excused' },
        { participantId: second.id, status },
      ]);
      expect([early.status, early.body.code]).toEqual([409, 'MEETING_NOT_STARTED']);
    }
    let now = await view();
    expect(now.status).toBe('scheduled');
    expect(now.participants.map((p: any) => p.attendance)).toEqual(now.participants.map(() => 'unknown'));
    expect(await recorded()).toEqual([]);

    // Apologies sent ahead are recorded; the meeting stays scheduled (and can still be cancelled).
    const apologies = await put([{ participantId: first.id, status: 'excused' }]);
    expect(apologies.status).toBe(200);
    now = await view();
    expect(now.status).toBe('scheduled');
    expect(now.participants.find((p: any) => p.id === first.id).attendance).toBe('excused');
    // The entry names the participant's account, which the audit page shows by name.
    expect(await recorded()).toEqual([
      {
        data: {
          entries: [{ participantId: first.id, status: 'excused', userId: first.userId }],
          quorumMet: false,
        },
      },
    ]);

    // Minutes prepared ahead do not make it held either.
    const draft = await prepareAhead(upcoming);
    expect(draft.status).toBe(200);
    expect((await view()).status).toBe('scheduled');

    // Once it has started, attendance marks it held.
    await startMeeting(t, upcoming.id);
    const started = await put([{ participantId: second.id, status: 'present' }]);
    expect(started.status).toBe(200);
    now = await view();
    expect(now.status).toBe('held');
    expect(now.participants.find((p: any) => p.id === second.id).attendance).toBe('present');
  });

  it('a participant sends their own apologies before the meeting, and may take them back; the secretary is told', async () => {
    const upcoming = (await t.post(`${API}/meetings`, meetingBody(f), { token: f.secretary.token })).body;
    const member = f.members[2];
    const apology = (token: string, sent: unknown) =>
      t.put(`${API}/meetings/${upcoming.id}/my-apology`, { sent }, { token });
    const markOf = async () =>
      (await t.get(`${API}/meetings/${upcoming.id}`, { token: f.secretary.token })).body.participants.find(
        (p: any) => p.userId === member.id,
      ).attendance;

    // Who may not: someone not invited (who cannot see it: 404), nor with a body that is not a yes or no.
    expect((await apology(f.outsider.token, true)).status).toBe(404);
    const bad = await apology(member.token, 'yes');
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(await markOf()).toBe('unknown');

    const sent = await apology(member.token, true);
    expect(sent.status).toBe(200);
    expect(await markOf()).toBe('excused');
    // Twice is once: one audit entry, one notice.
    expect((await apology(member.token, true)).status).toBe(200);
    const entries = await t.dataSource.query<{ action: string }[]>(
      `SELECT action FROM audit_log WHERE stream = $1 AND action LIKE 'meeting.apology%' ORDER BY id`,
      [`meeting:${upcoming.id}`],
    );
    expect(entries.map((e) => e.action)).toEqual(['meeting.apology_sent']);
    await runDueJobs(t);
    const notices = (await t.get(`${API}/notifications`, { token: f.secretary.token })).body.items.filter(
      (n: any) => n.link === `/meetings/${upcoming.id}` && n.kind === 'meeting.apology',
    );
    expect(notices).toHaveLength(1);
    expect(notices[0].body).toContain(member.name);

    const back = await apology(member.token, false);
    expect(back.status).toBe(200);
    expect(await markOf()).toBe('unknown');
    // Sent again after taking it back: each change its own notice (keyed by its audit entry).
    expect((await apology(member.token, true)).status).toBe(200);
    expect((await apology(member.token, false)).status).toBe(200);
    await runDueJobs(t);
    const told = (await t.get(`${API}/notifications`, { token: f.secretary.token })).body.items
      .filter((n: any) => n.link === `/meetings/${upcoming.id}`)
      .map((n: any) => n.kind)
      .sort();
    expect(told).toEqual([
      'meeting.apology',
      'meeting.apology',
      'meeting.apology_withdrawn',
      'meeting.apology_withdrawn',
    ]);

    // Once it has begun, the secretary records who came: refused, nothing changes.
    await startMeeting(t, upcoming.id);
    const late = await apology(member.token, true);
    expect([late.status, late.body.code]).toEqual([409, 'MEETING_STARTED']);
    expect(await markOf()).toBe('unknown');
  });

  it('#14 minutes prepared before a meeting leave it scheduled: it can still be cancelled', async () => {
    const upcoming = (await t.post(`${API}/meetings`, meetingBody(f), { token: f.secretary.token })).body;
    const draft = await prepareAhead(upcoming);
    expect(draft.status).toBe(200);
    const cancelled = await t.post(
      `${API}/meetings/${upcoming.id}/cancel`,
      { reason: 'ពន្យារពេល' },
      { token: f.secretary.token },
    );
    expect([cancelled.status, cancelled.body.status]).toEqual([200, 'cancelled']);
  });
});
