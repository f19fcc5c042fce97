import { jest } from '@jest/globals';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { API, meetingBody, projectGroup, startMeeting, type ProjectFixture } from './meetings-fixtures.js';

jest.setTimeout(60_000);

/**
 * #16 (a new user's trial): minutes were submitted, and approved, for a meeting that had not begun,
 * with nobody present. Minutes are the record of a meeting that was held: submitting needs a
 * meeting that has begun with someone recorded present (409 MEETING_NOT_HELD), and decisions need
 * the quorum (409 QUORUM_NOT_MET); an inquorate meeting's minutes without decisions go through.
 * A refused submission changes nothing.
 */
describe('minutes are submitted only for a meeting that was held', () => {
  let t: TestApp;
  let f: ProjectFixture;
  let meeting: any;
  let revision = 0;

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

  const save = async (decisions: unknown[] = []) => {
    const res = await t.put(
      `${API}/meetings/${meeting.id}/minutes`,
      {
        baseRevision: revision,
        items: [{ agendaItemId: meeting.agenda[0].id, notes: 'ឯកឧត្តមប្រធានបានបើកកិច្ចប្រជុំ។' }],
        decisions,
        actionItems: [],
      },
      { token: f.secretary.token },
    );
    expect(res.status).toBe(200);
    revision = res.body.revision;
    return res.body;
  };
  const submit = () =>
    t.post(`${API}/meetings/${meeting.id}/minutes/submit`, {}, { token: f.secretary.token });
  const attendance = (entries: [string, string][]) =>
    t.put(
      `${API}/meetings/${meeting.id}/attendance`,
      entries.map(([userId, status]) => ({
        participantId: meeting.participants.find((p: any) => p.userId === userId).id,
        status,
      })),
      { token: f.secretary.token },
    );
  /** What a submission changes, in one transaction: the meeting's row, a new document, the meeting's audit entries. */
  const snapshot = async () => ({
    meeting: (
      await t.dataSource.query(
        `SELECT status, minutes_status, minutes_document_id, minutes_submitted_revision FROM meetings WHERE id = $1`,
        [meeting.id],
      )
    )[0],
    documents: (await t.dataSource.query(`SELECT count(*)::int AS n FROM documents`))[0].n,
    audit: (
      await t.dataSource.query(`SELECT action FROM audit_log WHERE stream = $1 ORDER BY seq`, [
        `meeting:${meeting.id}`,
      ])
    ).map((r: { action: string }) => r.action),
  });
  const refused = async (code: string, details: unknown) => {
    const before = await snapshot();
    const res = await submit();
    expect([res.status, res.body.code]).toEqual([409, code]);
    expect(res.body.details).toEqual(details);
    expect(await snapshot()).toEqual(before);
  };

  it('refuses minutes prepared before the meeting begins, and says why on the minutes', async () => {
    const draft = await save();
    expect(draft.submitBlock).toBe('not_started');
    await refused('MEETING_NOT_HELD', {
      reason: 'not_started',
      startsAt: new Date(meeting.startsAt).toISOString(),
    });
    const view = (await t.get(`${API}/meetings/${meeting.id}`, { token: f.secretary.token })).body;
    expect(view).toMatchObject({ status: 'scheduled', minutesStatus: 'draft', minutesDocumentId: null });
  });

  it('refuses once it has begun while nobody is recorded present (absences alone do not hold it)', async () => {
    await startMeeting(t, meeting.id);
    const minutes = await t.get(`${API}/meetings/${meeting.id}/minutes`, { token: f.secretary.token });
    expect(minutes.body.submitBlock).toBe('no_one_present');
    await refused('MEETING_NOT_HELD', { reason: 'no_one_present', present: 0 });
    expect((await attendance([[f.members[0].id, 'absent']])).status).toBe(200);
    await refused('MEETING_NOT_HELD', { reason: 'no_one_present', present: 0 });
    const view = (await t.get(`${API}/meetings/${meeting.id}`, { token: f.secretary.token })).body;
    expect(view.status).toBe('scheduled');
  });

  it('held without a quorum: decisions are refused (QUORUM_NOT_MET), the record itself is not', async () => {
    const present = await attendance([
      [f.chair.id, 'present'],
      [f.secretary.id, 'present'],
    ]);
    expect(present.status).toBe(200);
    expect(present.body.quorum).toEqual({ eligible: 13, present: 2, required: 7, met: false });
    expect((await t.get(`${API}/meetings/${meeting.id}`, { token: f.secretary.token })).body.status).toBe(
      'held',
    );
    const withDecision = await save([{ text: 'អង្គប្រជុំបានអនុម័តផែនការ', votesFor: 2 }]);
    expect(withDecision.submitBlock).toBe('decisions_without_quorum');
    await refused('QUORUM_NOT_MET', { present: 2, required: 7, decisions: 1 });

    // The secretary records the meeting as it was: attended, inquorate, nothing decided.
    expect((await save([])).submitBlock).toBeNull();
    const submitted = await submit();
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'in_approval', submitBlock: 'in_approval' });
    const view = (await t.get(`${API}/meetings/${meeting.id}`, { token: f.secretary.token })).body;
    expect(view).toMatchObject({ status: 'held', minutesStatus: 'in_approval' });
    expect(view.minutesDocumentId).toBeTruthy();
    // Attendance is part of the submitted minutes.
    const late = await attendance([[f.members[1].id, 'present']]);
    expect([late.status, late.body.code]).toEqual([409, 'MINUTES_IN_APPROVAL']);
  });

  it('with the quorum met, decisions go through', async () => {
    const res = await t.post(`${API}/meetings`, meetingBody(f, { title: 'Quorate' }), {
      token: f.secretary.token,
    });
    meeting = res.body;
    revision = 0;
    await startMeeting(t, meeting.id);
    const present = await attendance(
      [f.chair, f.secretary, ...f.members.slice(0, 5)].map((p): [string, string] => [p.id, 'present']),
    );
    expect(present.body.quorumMet).toBe(true);
    // Seven voting members came: a decision cannot count eight votes (a typo in the counts).
    const typo = await save([
      { text: 'អង្គប្រជុំបានអនុម័តផែនការ', votesFor: 7 },
      { text: 'អង្គប្រជុំបានអនុម័តថវិកា', votesFor: 6, votesAgainst: 1, abstentions: 1 },
    ]);
    expect(typo.submitBlock).toBe('votes_exceed_present');
    await refused('VOTES_EXCEED_PRESENT', { present: 7, decision: 2, votes: 8 });
    expect((await save([{ text: 'អង្គប្រជុំបានអនុម័តផែនការ', votesFor: 7 }])).submitBlock).toBeNull();
    expect((await submit()).status).toBe(200);
  });
});

describe('action items follow their lifecycle', () => {
  let t: TestApp;
  let f: ProjectFixture;

  beforeAll(async () => {
    t = await createTestApp();
    f = await projectGroup(t);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('done is reopened before it is cancelled; a cancelled item comes back only through the minutes', async () => {
    const meeting = (await t.post(`${API}/meetings`, meetingBody(f), { token: f.secretary.token })).body;
    const item = { text: 'រៀបចំរបាយការណ៍', ownerUserId: f.members[0].id, dueOn: '2027-03-01' };
    const put = (base: number, actionItems: unknown[]) =>
      t.put(
        `${API}/meetings/${meeting.id}/minutes`,
        { baseRevision: base, items: [], decisions: [], actionItems },
        { token: f.secretary.token },
      );
    const [saved] = (await put(0, [item])).body.actionItems;
    const patch = (body: unknown, token = f.members[0].token) =>
      t.patch(`${API}/action-items/${saved.id}`, body, { token });

    expect((await patch({ status: 'done' })).body.status).toBe('done');
    const cancelDone = await patch({ status: 'cancelled' }, f.secretary.token);
    expect([cancelDone.status, cancelDone.body.code]).toEqual([409, 'ACTION_ITEM_DONE']);
    // Naming the status it has changes only the note.
    const note = await patch({ status: 'done', progressNote: 'រួចរាល់' });
    expect(note.body).toMatchObject({ status: 'done', progressNote: 'រួចរាល់' });
    expect((await patch({ status: 'open' })).body.status).toBe('open');

    // Removed from the minutes: cancelled; its owner cannot bring it back.
    await put(1, []);
    const cancelled = await t.get(`${API}/action-items`, {
      token: f.members[0].token,
      query: { meetingId: meeting.id },
    });
    expect(cancelled.body.items[0].status).toBe('cancelled');
    const revived = await patch({ status: 'in_progress' });
    expect([revived.status, revived.body.code]).toEqual([409, 'ACTION_ITEM_CANCELLED']);
    // Written into the minutes again: open.
    const again = await put(2, [{ ...item, id: saved.id }]);
    expect(again.status).toBe(200);
    const listed = await t.get(`${API}/action-items`, {
      token: f.members[0].token,
      query: { meetingId: meeting.id },
    });
    expect(listed.body.items.map((i: any) => [i.id, i.status])).toEqual([[saved.id, 'open']]);
  });
});
