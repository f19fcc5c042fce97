import { jest } from '@jest/globals';
import { isPdf, pdfQrCodes, pdfText, squeezeKhmer } from '../helpers/pdf-tools.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { ministryDay } from '../../src/common/ministry-time.js';
import { dispositionName } from '../support/content-disposition.js';
import { waitFor } from '../support/wait.js';
import { API, meetingBody, projectGroup, startMeeting, type ProjectFixture } from './meetings-fixtures.js';

// Under a loaded CI machine the app, the queue and the DWF round trips need more than the default.
jest.setTimeout(60_000);

/**
 * The judged flow: the chair of a project working group with sub-groups schedules a progress
 * meeting with 11 members and the undersecretary as chair; the secretary records attendance and
 * minutes in Khmer, a decision and three action items; the chair approves; members read the locked
 * minutes and print them; the next meeting lists the open action items; a sub-group's request
 * gets answered.
 */
describe('meetings: the progress meeting of a project working group', () => {
  let t: TestApp;
  let f: ProjectFixture;
  let meeting: any;
  let actionItems: any[];

  beforeAll(async () => {
    t = await createTestApp();
    f = await projectGroup(t);
  }, 120_000);

  /** GET minutes.pdf as bytes. */
  async function minutesPdf(
    token: string,
  ): Promise<{ status: number; type: string | null; name: string; pdf: Buffer }> {
    const res = await fetch(`${t.baseUrl}${API}/meetings/${meeting.id}/minutes.pdf`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      name: dispositionName(res.headers.get('content-disposition')),
      pdf: Buffer.from(await res.arrayBuffer()),
    };
  }
  /** What a saved record of these minutes is called: its kind, the meeting's day in Phnom Penh, its title. */
  // The record's name is in Khmer: the meeting has a Khmer title.
  const recordName = async (kind: 'Minutes' | 'Erratum', rest = '.pdf') => {
    const { startsAt } = (await t.get(`${API}/meetings/${meeting.id}`, { token: f.chair.token })).body;
    const word = { Minutes: 'កំណត់ហេតុ', Erratum: 'កំណែតម្រូវ' }[kind];
    return `${word} ${ministryDay(new Date(startsAt))} កិច្ចប្រជុំពិនិត្យវឌ្ឍនភាព ត្រីមាសទី៣${rest.replace('(draft)', '(សេចក្តីព្រាង)')}`;
  };
  afterAll(async () => {
    await t?.close();
  });

  it('the chair schedules it with an agenda, 11 members and a guest minister; reminders are set', async () => {
    const res = await t.post(`${API}/meetings`, meetingBody(f), { token: f.chair.token });
    expect(res.status).toBe(201);
    meeting = res.body;
    expect(meeting).toMatchObject({
      status: 'scheduled',
      minutesStatus: 'none',
      titleKm: 'កិច្ចប្រជុំពិនិត្យវឌ្ឍនភាព ត្រីមាសទី៣',
      workingGroupId: f.root.id,
      openActionItems: [],
      canEdit: true,
    });
    expect(meeting.participants).toHaveLength(14);
    expect(meeting.participants.slice(0, 3).map((p: any) => p.role)).toEqual([
      'chair',
      'secretary',
      'vice_chair',
    ]);
    expect(meeting.participants[2].userId).toBe(f.members[0].id);
    expect(meeting.participants[0].nameKm).toBe('ឯកឧត្តម អនុរដ្ឋលេខាធិការ ជា សុវណ្ណ');
    const guest = meeting.participants.find((p: any) => p.role === 'guest');
    expect(guest).toMatchObject({
      userId: null,
      name: 'ឯកឧត្តម រដ្ឋមន្ត្រី',
      title: 'Minister of Posts and Telecommunications',
    });
    expect(meeting.agenda.map((a: any) => a.number)).toEqual(['1', '2', '3']);
    expect(meeting.agenda[1].children.map((a: any) => `${a.number} ${a.title}`)).toEqual([
      '2.1 ក្រុមការងាររងហេដ្ឋារចនាសម្ព័ន្ធ',
      '2.2 ក្រុមការងាររងសេវាកម្ម',
    ]);
    expect(meeting.quorum).toEqual({ eligible: 13, present: 0, required: 7, met: false });
    const reminders = await t.dataSource.query(
      `SELECT payload->>'kind' AS kind, run_at FROM outbox_events WHERE name = 'meetings.reminder' AND payload->>'meetingId' = $1 ORDER BY run_at`,
      [meeting.id],
    );
    const startsAt = new Date(meeting.startsAt).getTime();
    expect(reminders.map((r: any) => [r.kind, startsAt - new Date(r.run_at).getTime()])).toEqual([
      ['24h', 24 * 3600_000],
      ['1h', 3600_000],
    ]);
    const invitations = await t.dataSource.query(
      `SELECT payload FROM outbox_events WHERE name = 'notifications.dispatch' AND payload->>'eventKey' = $1`,
      [`meeting:${meeting.id}:invited`],
    );
    expect(invitations[0].payload.userIds).toHaveLength(12);
  });

  it('the secretary records attendance; the quorum is met', async () => {
    await startMeeting(t, meeting.id);
    const byUser = new Map(meeting.participants.map((p: any) => [p.userId ?? p.name, p.id]));
    const entries = [
      { participantId: byUser.get(f.chair.id), status: 'present' },
      { participantId: byUser.get(f.secretary.id), status: 'present' },
      ...f.members.map((m, i) => ({
        participantId: byUser.get(m.id),
        status: i < 9 ? 'present' : i === 9 ? 'absent' : 'excused',
      })),
      { participantId: byUser.get('ឯកឧត្តម រដ្ឋមន្ត្រី'), status: 'present' },
    ];
    const res = await t.put(`${API}/meetings/${meeting.id}/attendance`, entries, {
      token: f.secretary.token,
    });
    expect(res.status).toBe(200);
    expect(res.body.quorum).toEqual({ eligible: 13, present: 11, required: 7, met: true });
    expect(res.body.quorumMet).toBe(true);
    const bad = await t.put(
      `${API}/meetings/${meeting.id}/attendance`,
      [{ participantId: entries[0].participantId, status: 'asleep' }],
      {
        token: f.secretary.token,
      },
    );
    expect(bad.status).toBe(400);
    const view = await t.get(`${API}/meetings/${meeting.id}`, { token: f.members[4].token });
    expect(view.body).toMatchObject({ status: 'held', quorumMet: true, canEdit: false });
    // The audit entry names a member by account (the audit page shows the name); the guest, who has
    // none, by participant id alone (no outsider's name in a log that cannot be erased).
    const [recorded] = await t.dataSource.query<{ data: { entries: Record<string, string>[] } }[]>(
      `SELECT data FROM audit_log WHERE stream = $1 AND action = 'meeting.attendance_recorded'`,
      [`meeting:${meeting.id}`],
    );
    expect(recorded.data.entries).toContainEqual({
      participantId: byUser.get(f.chair.id),
      status: 'present',
      userId: f.chair.id,
    });
    expect(recorded.data.entries).toContainEqual({
      participantId: byUser.get('ឯកឧត្តម រដ្ឋមន្ត្រី'),
      status: 'present',
    });
  });

  it('the secretary writes the minutes in Khmer: notes, a decision with votes, three action items', async () => {
    const [opening, progress] = meeting.agenda;
    const first = await t.put(
      `${API}/meetings/${meeting.id}/minutes`,
      {
        baseRevision: 0,
        items: [
          { agendaItemId: opening.id, notes: 'ឯកឧត្តមប្រធានបានបើកកិច្ចប្រជុំនៅម៉ោង ៨:០០ ព្រឹក។' },
          { agendaItemId: progress.children[0].id, notes: 'ក្រុមការងាររងហេដ្ឋារចនាសម្ព័ន្ធបានសម្រេច ៦០%។' },
        ],
        decisions: [
          {
            text: 'អង្គប្រជុំបានអនុម័តផែនការសកម្មភាពឆ្នាំ២០២៧',
            agendaItemId: progress.id,
            votesFor: 10,
            votesAgainst: 0,
            abstentions: 1,
          },
        ],
        actionItems: [
          { text: 'រៀបចំសេចក្តីព្រាងគោលនយោបាយទិន្នន័យ', ownerUserId: f.members[0].id, dueOn: '2027-01-15' },
          {
            text: 'ផ្ញើរបាយការណ៍ហិរញ្ញវត្ថុ',
            ownerUserId: f.members[1].id,
            dueOn: '2027-01-31',
            agendaItemId: progress.id,
          },
          { text: 'រៀបចំសិក្ខាសាលាផ្សព្វផ្សាយ', ownerUserId: f.members[2].id, dueOn: '2027-02-15' },
        ],
      },
      { token: f.secretary.token },
    );
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ revision: 1, status: 'draft' });
    actionItems = first.body.actionItems;
    expect(actionItems).toHaveLength(3);
    // An action item carries the agenda item it came out of, in the minutes and in its own list.
    expect(actionItems.map((a: any) => a.agendaItemId ?? null)).toEqual([null, progress.id, null]);
    const listed = await t.get(`${API}/action-items`, {
      token: f.members[1].token,
      query: { meetingId: meeting.id },
    });
    expect(listed.body.items.find((a: any) => a.id === actionItems[1].id).agendaItemId).toBe(progress.id);
    // The chair corrects a note on top of revision 1; the action items keep their ids.
    const second = await t.put(
      `${API}/meetings/${meeting.id}/minutes`,
      {
        baseRevision: 1,
        items: [
          ...first.body.items.slice(0, 1),
          { ...first.body.items[1], notes: 'ក្រុមការងាររងហេដ្ឋារចនាសម្ព័ន្ធបានសម្រេច ៦៥%។' },
        ],
        decisions: first.body.decisions,
        actionItems,
      },
      { token: f.chair.token },
    );
    expect(second.status).toBe(200);
    expect(second.body.revision).toBe(2);
    expect(second.body.actionItems.map((a: any) => a.id)).toEqual(actionItems.map((a) => a.id));
    expect(second.body.revisions.map((r: any) => [r.revision, r.authorId])).toEqual([
      [1, f.secretary.id],
      [2, f.chair.id],
    ]);
    const diff = await t.get(`${API}/meetings/${meeting.id}/minutes/diff`, {
      token: f.members[3].token,
      query: { from: '1', to: '2' },
    });
    expect(diff.body.items.changed.map((c: any) => c.key)).toEqual([progress.children[0].id]);
    expect(diff.body.decisions).toEqual({ added: [], removed: [], changed: [] });
  });

  it('#17.3 draft minutes print as a PDF with a visible DRAFT mark and no verification code', async () => {
    const draft = await minutesPdf(f.members[3].token);
    expect(draft.status).toBe(200);
    expect(draft.type).toBe('application/pdf');
    expect(draft.name).toBe(await recordName('Minutes', ' (draft).pdf'));
    expect(isPdf(draft.pdf)).toBe(true);
    const text = squeezeKhmer(await pdfText(draft.pdf));
    expect(text).toContain('DRAFT');
    // The vice-chair's role (the narrow column breaks the line after "Vice-").
    expect(text).toContain('អនុប្រធាន / Vice-');
    expect(text).toContain(squeezeKhmer('ក្រុមការងាររងហេដ្ឋារចនាសម្ព័ន្ធបានសម្រេច ៦៥%។'));
    expect(text).not.toContain('Verification code:');
    expect(await pdfQrCodes(draft.pdf)).toEqual([]);
  });

  it('owners see their action items across groups and update them; others may not', async () => {
    const mine = await t.get(`${API}/action-items`, { token: f.members[0].token });
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((i: any) => i.text)).toEqual(['រៀបចំសេចក្តីព្រាងគោលនយោបាយទិន្នន័យ']);
    const item = mine.body.items[0];
    const upd = await t.patch(
      `${API}/action-items/${item.id}`,
      { status: 'in_progress', progressNote: 'បានប្រមូលមតិយោបល់ពីក្រសួងពាក់ព័ន្ធ' },
      { token: f.members[0].token },
    );
    expect(upd.status).toBe(200);
    expect(upd.body).toMatchObject({ status: 'in_progress', overdue: false });
    const other = await t.patch(
      `${API}/action-items/${item.id}`,
      { status: 'done' },
      { token: f.members[1].token },
    );
    expect(other.status).toBe(403);
    expect(
      (await t.patch(`${API}/action-items/${item.id}`, { status: 'done' }, { token: f.outsider.token }))
        .status,
    ).toBe(404);
    expect((await t.patch(`${API}/action-items/${item.id}`, {}, { token: f.members[0].token })).status).toBe(
      400,
    );
    const byGroup = await t.get(`${API}/action-items`, {
      token: f.members[5].token,
      query: { workingGroupId: f.root.id },
    });
    expect(byGroup.body.items).toHaveLength(3);
    expect(
      (
        await t.get(`${API}/action-items`, {
          token: f.members[5].token,
          query: { ownerUserId: f.members[0].id },
        })
      ).status,
    ).toBe(403);
    expect(
      (await t.get(`${API}/action-items`, { token: f.outsider.token, query: { workingGroupId: f.root.id } }))
        .status,
    ).toBe(404);
  });

  it('the secretary submits; the chair finds the minutes in the approval inbox and approves', async () => {
    const notSecretary = await t.post(
      `${API}/meetings/${meeting.id}/minutes/submit`,
      {},
      { token: f.chair.token },
    );
    expect(notSecretary.status).toBe(403);
    const submitted = await t.post(
      `${API}/meetings/${meeting.id}/minutes/submit`,
      {},
      { token: f.secretary.token },
    );
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('in_approval');
    const locked = await t.put(
      `${API}/meetings/${meeting.id}/minutes`,
      { baseRevision: 2, items: [], decisions: [], actionItems: [] },
      { token: f.secretary.token },
    );
    expect(locked.body.code).toBe('MINUTES_IN_APPROVAL');
    const view = await t.get(`${API}/meetings/${meeting.id}`, { token: f.secretary.token });
    const documentId = view.body.minutesDocumentId;
    expect(documentId).toBeTruthy();
    const doc = await t.get(`${API}/documents/${documentId}`, { token: f.chair.token });
    expect(doc.body).toMatchObject({ documentType: 'minutes', status: 'in_review' });
    expect(doc.body.referenceNumber).toMatch(/^DGP\/\d{4}\/\d+$/);

    const task = await waitFor('the task in the chair inbox', async () => {
      const inbox = await t.get(`${API}/approvals/inbox`, { token: f.chair.token });
      return inbox.body.items.find((i: any) => i.documentId === documentId);
    });
    const approved = await t.post(
      `${API}/approval-tasks/${task.id}/approve`,
      { comment: 'យល់ព្រម' },
      { token: f.chair.token },
    );
    expect(approved.status).toBe(200);
    await waitFor(
      'the minutes approved',
      async () => {
        const m = await t.get(`${API}/meetings/${meeting.id}`, { token: f.secretary.token });
        return m.body.minutesStatus === 'approved';
      },
      { timeoutMs: 40_000 },
    ); // the minutes' PDF is rendered on the way
  });

  it('members read the locked minutes with their verification code and print them', async () => {
    const meetingView = await t.get(`${API}/meetings/${meeting.id}`, { token: f.members[7].token });
    const code = meetingView.body.minutesVerificationCode;
    expect(code).toMatch(/^[0-9A-Z]{16}$/);
    const formatted = code.replace(/(.{4})(?=.)/g, '$1-');
    const verified = await t.get(`${API}/verify/${formatted}`);
    expect(verified.status).toBe(200);
    const read = await t.get(`${API}/meetings/${meeting.id}/minutes`, { token: f.members[7].token });
    expect(read.body).toMatchObject({ status: 'approved', revision: 2, verificationCode: formatted });
    expect(read.body.decisions[0]).toMatchObject({ votesFor: 10, votesAgainst: 0, abstentions: 1 });
    const published = await t.dataSource.query(
      `SELECT payload FROM outbox_events WHERE name = 'notifications.dispatch' AND payload->>'eventKey' = $1`,
      [`meeting:${meeting.id}:minutes-approved`],
    );
    expect(published).toHaveLength(1);
    expect(published[0].payload.template).toBe('minutes.published');
    expect(published[0].payload.userIds.sort()).toEqual(
      [f.chair.id, f.secretary.id, ...f.members.map((m) => m.id)].sort(),
    );

    const html = await t.get(`${API}/meetings/${meeting.id}/minutes.html`, { token: f.members[7].token });
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    for (const text of [
      '<html lang="km">',
      'Noto Sans Khmer',
      'កិច្ចប្រជុំពិនិត្យវឌ្ឍនភាព ត្រីមាសទី៣',
      'ឯកឧត្តម រដ្ឋមន្ត្រី',
      'ក្រុមការងាររងហេដ្ឋារចនាសម្ព័ន្ធបានសម្រេច ៦៥%។',
      'អង្គប្រជុំបានអនុម័តផែនការសកម្មភាពឆ្នាំ២០២៧',
      'For: 10',
      'ផ្ញើរបាយការណ៍ហិរញ្ញវត្ថុ',
      formatted,
      'អវត្តមាន / Absent',
      'ក្រុមការងារគម្រោងរដ្ឋាភិបាលឌីជីថល',
    ]) {
      expect(html.raw).toContain(text);
    }
    expect(html.raw).not.toContain('DRAFT');

    // The app's printable page shows the QR code from a plain signed link (no Authorization header).
    expect(meetingView.body.minutesQrUrl).toMatch(
      new RegExp(`^${API}/meetings/${meeting.id}/minutes/qr.svg\\?`),
    );
    const qr = await fetch(`${t.baseUrl}${meetingView.body.minutesQrUrl}`);
    expect(qr.status).toBe(200);
    expect(qr.headers.get('content-type')).toContain('image/svg+xml');
    expect(await qr.text()).toContain('<svg');
  });

  it('#17.3 the approved minutes are one final PDF (Khmer, attendance, votes, code and QR) that verifies as matching', async () => {
    const meetingView = await t.get(`${API}/meetings/${meeting.id}`, { token: f.members[7].token });
    const formatted = meetingView.body.minutesVerificationCode.replace(/(.{4})(?=.)/g, '$1-');
    const first = await minutesPdf(f.members[7].token);
    expect(first.status).toBe(200);
    expect(first.type).toBe('application/pdf');
    expect(first.name).toBe(await recordName('Minutes'));
    const text = squeezeKhmer(await pdfText(first.pdf));
    expect(text).toContain('ក្រុមការងារ');
    // Every page carries the code and its number of the whole (only the last page had the code).
    const pages = (await pdfText(first.pdf)).split('\f').filter((page) => page.trim());
    pages.forEach((page, i) => {
      expect(page).toContain(`Verification code: ${formatted}`);
      expect(page).toMatch(new RegExp(`\\b${i + 1}\\s*/\\s*${pages.length}\\b`));
    });
    for (const expected of [
      'កិច្ចប្រជុំពិនិត្យវឌ្ឍនភាព ត្រីមាសទី៣',
      'ឯកឧត្តម រដ្ឋមន្ត្រី',
      'អវត្តមាន / Absent',
      'ក្រុមការងាររងហេដ្ឋារចនាសម្ព័ន្ធ',
      'ក្រុមការងាររងហេដ្ឋារចនាសម្ព័ន្ធបានសម្រេច ៦៥%។',
      'អង្គប្រជុំបានអនុម័តផែនការសកម្មភាពឆ្នាំ២០២៧',
      'For: 10',
      'ផ្ញើរបាយការណ៍ហិរញ្ញវត្ថុ',
      formatted,
    ]) {
      expect(text).toContain(squeezeKhmer(expected));
    }
    expect(text).not.toContain('DRAFT');
    expect(await pdfQrCodes(first.pdf)).toEqual([`${t.config.PUBLIC_BASE_URL}/verify/${formatted}`]);

    // Every export serves the same file, and it is the one the manifest signs.
    const second = await minutesPdf(f.chair.token);
    expect(second.pdf.equals(first.pdf)).toBe(true);
    const form = new FormData();
    form.append('file', new Blob([first.pdf]), 'minutes.pdf');
    const verified = await t.post(`${API}/verify/${formatted}`, form);
    expect(verified.body).toMatchObject({ match: true, matched: 'approved_version' });
    const manifest = (await t.get(`${API}/verify/${formatted}`)).body;
    expect(manifest.sha256).toBe(verified.body.sha256);
    expect(manifest.manifest.renderedFromSha256).toMatch(/^[0-9a-f]{64}$/);
    // The printable minutes the chair approved (the document's version, HTML) are what the PDF was
    // made from: checked, they are said to be that, not "does not match".
    const documentId = (await t.get(`${API}/meetings/${meeting.id}`, { token: f.chair.token })).body
      .minutesDocumentId;
    const doc = (await t.get(`${API}/documents/${documentId}`, { token: f.chair.token })).body;
    const html = await t.get(`${API}/documents/${documentId}/versions/${doc.currentVersionNo}/file`, {
      token: f.chair.token,
    });
    const source = new FormData();
    source.append('file', new Blob([html.raw]), 'minutes.html');
    expect((await t.post(`${API}/verify/${formatted}`, source)).body).toEqual({
      match: true,
      matched: 'rendered_from',
      sha256: manifest.manifest.renderedFromSha256,
    });
    expect((await minutesPdf(f.outsider.token)).status).toBe(404);
  });

  it('a correction is an erratum, approved by the chair through the DWF, then printed', async () => {
    const member = await t.post(
      `${API}/meetings/${meeting.id}/errata`,
      { text: 'x' },
      { token: f.members[0].token },
    );
    expect(member.status).toBe(403);
    const erratum = await t.post(
      `${API}/meetings/${meeting.id}/errata`,
      { text: 'កែតម្រូវ៖ ក្រុមការងាររងសេវាកម្មបានសម្រេច ៥០% មិនមែន ៤០% ទេ' },
      { token: f.secretary.token },
    );
    expect(erratum.status).toBe(201);
    expect(erratum.body.status).toBe('in_approval');
    const task = await waitFor('the erratum in the chair inbox', async () => {
      const inbox = await t.get(`${API}/approvals/inbox`, { token: f.chair.token });
      return inbox.body.items.find((i: any) => i.documentId === erratum.body.documentId);
    });
    await t.post(`${API}/approval-tasks/${task.id}/approve`, {}, { token: f.chair.token });
    await waitFor(
      'the erratum approved',
      async () => {
        const m = await t.get(`${API}/meetings/${meeting.id}/minutes`, { token: f.members[2].token });
        return m.body.errata[0]?.status === 'approved';
      },
      { timeoutMs: 40_000 },
    ); // the erratum's PDF is rendered on the way
    const m = await t.get(`${API}/meetings/${meeting.id}/minutes`, { token: f.members[2].token });
    expect(m.body.errata[0].verificationCode).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    expect(m.body.status).toBe('approved');
    const html = await t.get(`${API}/meetings/${meeting.id}/minutes.html`, { token: f.members[2].token });
    expect(html.raw).toContain('ក្រុមការងាររងសេវាកម្មបានសម្រេច ៥០% មិនមែន ៤០% ទេ');
    expect(html.raw).toContain(m.body.errata[0].verificationCode);
  });

  it('#17.3 an approved erratum has its own signed PDF that refers to the original minutes and verifies', async () => {
    const m = await t.get(`${API}/meetings/${meeting.id}/minutes`, { token: f.secretary.token });
    const erratum = m.body.errata[0];
    const doc = await t.get(`${API}/documents/${erratum.documentId}`, { token: f.secretary.token });
    expect(
      doc.body.signedCopy.url.startsWith(`${API}/documents/${erratum.documentId}/signed-copy.pdf?`),
    ).toBe(true);
    const res = await fetch(`${t.baseUrl}${doc.body.signedCopy.url}`, {
      headers: { authorization: `Bearer ${f.secretary.token}` },
    });
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    const text = squeezeKhmer(await pdfText(pdf));
    expect(text).toContain(squeezeKhmer('ក្រុមការងាររងសេវាកម្មបានសម្រេច ៥០% មិនមែន ៤០% ទេ'));
    expect(text).toContain(m.body.verificationCode);
    expect(text).toContain(erratum.verificationCode);
    expect(await pdfQrCodes(pdf)).toEqual([`${t.config.PUBLIC_BASE_URL}/verify/${erratum.verificationCode}`]);
    const form = new FormData();
    form.append('file', new Blob([pdf]), 'erratum.pdf');
    const verified = await t.post(`${API}/verify/${erratum.verificationCode}`, form);
    expect(verified.body).toMatchObject({ match: true, matched: 'approved_version' });

    // Every participant (not only the submitter and approver) opens it from the meeting as a plain link.
    const asMember = await t.get(`${API}/meetings/${meeting.id}/minutes`, { token: f.members[7].token });
    const link = asMember.body.errata[0].pdfUrl;
    expect(link).toMatch(new RegExp(`^${API}/meetings/${meeting.id}/errata/${erratum.id}/pdf\\?`));
    const plain = await fetch(`${t.baseUrl}${link}`);
    expect(plain.status).toBe(200);
    expect(dispositionName(plain.headers.get('content-disposition'))).toBe(await recordName('Erratum'));
    expect(Buffer.from(await plain.arrayBuffer()).equals(pdf)).toBe(true);
    const outsider = await t.get(`${API}/meetings/${meeting.id}/errata/${erratum.id}/pdf`, {
      token: f.outsider.token,
    });
    expect(outsider.status).toBe(404);
  });

  it('the next meeting lists the open action items for follow-up', async () => {
    const next = await t.post(
      `${API}/meetings`,
      meetingBody(f, {
        title: 'Progress meeting, Q4',
        titleKm: 'កិច្ចប្រជុំពិនិត្យវឌ្ឍនភាព ត្រីមាសទី៤',
        startsAt: new Date(Date.now() + 30 * 24 * 3600_000).toISOString(),
        endsAt: undefined,
      }),
      { token: f.secretary.token },
    );
    expect(next.status).toBe(201);
    expect(next.body.openActionItems.map((a: any) => [a.text, a.status, a.meetingId])).toEqual([
      ['រៀបចំសេចក្តីព្រាងគោលនយោបាយទិន្នន័យ', 'in_progress', meeting.id],
      ['ផ្ញើរបាយការណ៍ហិរញ្ញវត្ថុ', 'open', meeting.id],
      ['រៀបចំសិក្ខាសាលាផ្សព្វផ្សាយ', 'open', meeting.id],
    ]);
    // Done items drop off the list.
    await t.patch(
      `${API}/action-items/${actionItems[1].id}`,
      { status: 'done' },
      { token: f.secretary.token },
    );
    const again = await t.get(`${API}/meetings/${next.body.id}`, { token: f.members[9].token });
    expect(again.body.openActionItems).toHaveLength(2);
    const page = await t.get(`${API}/working-groups/${f.root.id}`, { token: f.members[9].token });
    expect(page.body.meetings.map((m: any) => m.id)).toEqual([next.body.id, meeting.id]);
    expect(page.body.openActionItems).toHaveLength(2);
    expect(page.body.subGroups).toHaveLength(2);
    expect(page.body.members).toHaveLength(13);
  });

  it("a sub-group's request is answered by the project group's chair", async () => {
    const report = await t.post(
      `${API}/working-groups/${f.subGroups[0].id}/progress-reports`,
      {
        period: '2026-Q4',
        progressPercent: 65,
        achievements: 'បានដំឡើងបណ្តាញ',
        challenges: 'ខ្វះថវិកា',
        requests: [{ text: 'សូមអនុម័តថវិកាបន្ថែម' }],
      },
      { token: f.subLead.token },
    );
    expect(report.status).toBe(201);
    const answered = await t.post(
      `${API}/requests/${report.body.requests[0].id}/respond`,
      { response: 'យល់ព្រម', status: 'accepted' },
      { token: f.chair.token },
    );
    expect(answered.status).toBe(200);
    expect(answered.body.status).toBe('accepted');
    const reports = await t.get(`${API}/working-groups/${f.root.id}/progress-reports`, {
      token: f.chair.token,
    });
    expect(reports.body.reports[0].requests[0]).toMatchObject({ status: 'accepted', response: 'យល់ព្រម' });
  });
});
