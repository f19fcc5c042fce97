import { jest } from '@jest/globals';
import { createHash } from 'node:crypto';
import { createUserWithToken } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { waitFor } from '../support/wait.js';
import { API, holdMeeting, meetingBody, projectGroup, type ProjectFixture } from './meetings-fixtures.js';
import { ministryDay } from '../../src/common/ministry-time.js';

jest.setTimeout(90_000);

/**
 * A new user's trial: the chair opened the approval of the minutes and found only a link that
 * downloaded the printable HTML as `<ref>-v1.txt` (text/plain), and nothing that led to the meeting.
 * The document says what it is about (`subject`: the meeting, its page and its print view), from
 * the meetings' own records; a document merely given the type by hand has none. Minutes returned
 * and corrected go again as the next version of the same document. An HTML version downloads as HTML.
 */
describe('the minutes approval document leads to its meeting', () => {
  let t: TestApp;
  let f: ProjectFixture;
  let meeting: any;
  let first = '';

  beforeAll(async () => {
    t = await createTestApp();
    f = await projectGroup(t);
    const res = await t.post(`${API}/meetings`, meetingBody(f), { token: f.secretary.token });
    expect(res.status).toBe(201);
    meeting = res.body;
    await holdMeeting(t, meeting, f.secretary.token);
    const saved = await t.put(
      `${API}/meetings/${meeting.id}/minutes`,
      {
        baseRevision: 0,
        items: [{ agendaItemId: meeting.agenda[0].id, notes: 'ឯកឧត្តមប្រធានបានបើកកិច្ចប្រជុំ។' }],
        decisions: [],
        actionItems: [],
      },
      { token: f.secretary.token },
    );
    expect(saved.status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const submit = async (): Promise<string> => {
    const res = await t.post(
      `${API}/meetings/${meeting.id}/minutes/submit`,
      {},
      { token: f.secretary.token },
    );
    expect(res.status).toBe(200);
    return (await t.get(`${API}/meetings/${meeting.id}`, { token: f.secretary.token })).body
      .minutesDocumentId;
  };
  const subjectOf = async (documentId: string, token = f.chair.token) => {
    const res = await t.get(`${API}/documents/${documentId}`, { token });
    expect(res.status).toBe(200);
    return res.body.subject;
  };
  const meetingSubject = () => ({
    type: 'meeting',
    id: meeting.id,
    link: `/meetings/${meeting.id}`,
    printLink: `/meetings/${meeting.id}/print`,
  });

  it('names the meeting, its page and its print view, to the chair and the secretary', async () => {
    first = await submit();
    expect(await subjectOf(first)).toEqual(meetingSubject());
    expect(await subjectOf(first, f.secretary.token)).toEqual(meetingSubject());
  });

  it('names the types minutes and minutes_erratum in Khmer and English (not the code)', async () => {
    const types = (await t.get(`${API}/document-types`, { token: f.chair.token })).body;
    expect(types.filter((x: any) => x.code.startsWith('minutes'))).toEqual([
      { code: 'minutes', nameKm: 'កំណត់ហេតុប្រជុំ', nameEn: 'Meeting minutes' },
      { code: 'minutes_erratum', nameKm: 'កំណែតម្រូវកំណត់ហេតុប្រជុំ', nameEn: 'Minutes erratum' },
    ]);
  });

  it('downloads the printable minutes as HTML (not .txt, not text/plain), the bytes the SHA-256 is of', async () => {
    const doc = (await t.get(`${API}/documents/${first}`, { token: f.chair.token })).body;
    const res = await t.get(`${API}/documents/${first}/versions/1/file`, { token: f.chair.token });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const ref = doc.referenceNumber.replace(/\//g, '-');
    expect(res.headers['content-disposition']).toContain(`attachment; filename="${ref}-v1.html"`);
    // The version's own name, as the document page lists it: the kind, the meeting's day, its title
    // (the Khmer one: the meeting has both).
    const held = (await t.get(`${API}/meetings/${meeting.id}`, { token: f.chair.token })).body;
    expect(doc.versions[0].fileName).toBe(
      `កំណត់ហេតុ ${ministryDay(new Date(held.startsAt))} ${held.titleKm}.html`,
    );
    expect(res.headers['content-security-policy']).toBe('sandbox');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.raw).toContain('ឯកឧត្តមប្រធានបានបើកកិច្ចប្រជុំ។');
    expect(createHash('sha256').update(res.raw, 'utf8').digest('hex')).toBe(doc.versions[0].sha256);
    // The signed plain link of the page gives the same.
    const plain = await fetch(`${t.baseUrl}${doc.versions[0].downloadUrl}`);
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  it('sends minutes returned and corrected as the next version of the same document, never a second one beside it', async () => {
    const taskOf = (documentId: string) =>
      waitFor('the task in the chair inbox', async () => {
        const inbox = await t.get(`${API}/approvals/inbox`, { token: f.chair.token });
        return inbox.body.items.find((i: any) => i.documentId === documentId);
      });
    const returned = await t.post(
      `${API}/approval-tasks/${(await taskOf(first)).id}/return`,
      { reason: 'សូមកែសម្រួល' },
      { token: f.chair.token },
    );
    expect(returned.status).toBe(200);
    await waitFor('the minutes back in draft', async () => {
      const m = await t.get(`${API}/meetings/${meeting.id}`, { token: f.secretary.token });
      return m.body.minutesStatus === 'draft';
    });
    // The returned copy is not sent again, nor given a version, by hand on the document's page:
    // it goes from the meeting (it was resubmitted unchanged and signed beside the corrected one).
    for (const [path, body] of [
      ['submit', {}],
      ['versions', { body: 'edited by hand', note: 'x' }],
    ] as const) {
      const refused = await t.post(`${API}/documents/${first}/${path}`, body, { token: f.secretary.token });
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('SUBJECT_OWNS_DOCUMENT');
    }
    const unchanged = (await t.get(`${API}/documents/${first}`, { token: f.secretary.token })).body;
    expect(unchanged.status).toBe('returned');
    expect(unchanged.versions).toHaveLength(1);

    const corrected = await t.put(
      `${API}/meetings/${meeting.id}/minutes`,
      {
        baseRevision: 1,
        items: [{ agendaItemId: meeting.agenda[0].id, notes: 'ឯកឧត្តមប្រធានបានបើកកិច្ចប្រជុំ និងកែសម្រួល។' }],
        decisions: [],
        actionItems: [],
      },
      { token: f.secretary.token },
    );
    expect(corrected.status).toBe(200);
    const second = await submit();
    expect(second).toBe(first);
    const doc = (await t.get(`${API}/documents/${first}`, { token: f.chair.token })).body;
    expect(doc.status).not.toBe('returned');
    expect(doc.versions.map((v: any) => v.no)).toEqual([1, 2]);
    expect(doc.metadata.revision).toBe(2);
    const v2 = await t.get(`${API}/documents/${first}/versions/2/file`, { token: f.chair.token });
    expect(v2.raw).toContain('និងកែសម្រួល');
    expect(await subjectOf(first)).toEqual(meetingSubject());

    // The chair approves the corrected version: the meeting's minutes are approved, on one document.
    const approved = await t.post(
      `${API}/approval-tasks/${(await taskOf(first)).id}/approve`,
      {},
      { token: f.chair.token },
    );
    expect(approved.status).toBe(200);
    await waitFor('the minutes approved', async () => {
      const m = await t.get(`${API}/meetings/${meeting.id}`, { token: f.secretary.token });
      return m.body.minutesStatus === 'approved' && m.body.minutesDocumentId === first;
    });
  });

  it('names no meeting for a document given the type and a meeting id by hand, nor for a letter', async () => {
    // Someone of the body's unit, who may issue documents in its name.
    const unitId = (await t.get(`${API}/documents/${first}`, { token: f.chair.token })).body.orgUnitId;
    const { token } = await createUserWithToken(t, { fullName: 'Clerk', orgUnitId: unitId });
    const forged = await t.post(
      `${API}/documents`,
      { title: 'Not minutes', documentType: 'minutes', body: 'x', metadata: { meetingId: meeting.id } },
      { token },
    );
    expect(forged.status).toBe(201);
    expect(forged.body.subject).toBeNull();
    const letter = await t.post(
      `${API}/documents`,
      { title: 'A letter', documentType: 'letter', body: 'សួស្តី' },
      { token },
    );
    expect(letter.body.subject).toBeNull();
    // A text body still downloads as text.
    const file = await t.get(`${API}/documents/${letter.body.id}/versions/1/file`, { token });
    expect(file.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(file.headers['content-disposition']).toMatch(/filename="A letter-v1\.txt"/);
    expect(file.headers['content-security-policy']).not.toBe('sandbox');
  });
});
