import { SignedLinks } from '../../src/common/auth/signed-links.js';
import {
  createDoc,
  decide,
  docStatus,
  docType,
  getDoc,
  makePerson,
  makeUnit,
  pendingTask,
  saveWorkflow,
  submit,
  type Person,
} from '../approvals/approvals-fixtures.js';
import { meetingBody, projectGroup, type ProjectFixture } from '../meetings/meetings-fixtures.js';
import { sessionOf, tokenFor } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const API = '/api/v1';
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** A link's path and its query, to rebuild it with one part changed. */
/** The login a person's token belongs to, as a link is signed for it. */
let linkUser: (p: { id: string; token: string }) => { id: string; sessionId: string };

function parts(url: string): { path: string; query: URLSearchParams } {
  const [path, query] = url.split('?');
  return { path, query: new URLSearchParams(query) };
}

describe('#15.4 downloads open as plain links: short-lived signed URLs bound to their user', () => {
  let t: TestApp;
  let links: SignedLinks;
  let owner: Person;
  let stranger: Person;
  let doc: any;
  let unitId: string;
  beforeAll(async () => {
    t = await createTestApp();
    links = t.service(SignedLinks);
    linkUser = (p) => ({ id: p.id, sessionId: sessionOf(t, p.token) });
    unitId = (await makeUnit(t)).id;
    owner = await makePerson(t, unitId);
    stranger = await makePerson(t, (await makeUnit(t)).id);
    doc = await createDoc(t, owner, { documentType: docType(), body: 'អត្ថបទ text v1' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('a document version carries a downloadUrl that works without an Authorization header', async () => {
    const url: string = doc.versions[0].downloadUrl;
    expect(url).toMatch(
      new RegExp(
        `^${API}/documents/${doc.id}/versions/1/file\\?exp=\\d+&uid=${owner.id}&sid=[\\w-]{36}&sig=[\\w-]{43}$`,
      ),
    );
    const exp = Number(parts(url).query.get('exp'));
    expect(exp - Date.now() / 1000).toBeGreaterThan(9 * 60);
    expect(exp - Date.now() / 1000).toBeLessThanOrEqual(10 * 60);
    const res = await t.get(url);
    expect(res.status).toBe(200);
    expect(res.raw).toBe('អត្ថបទ text v1');
    // GET /documents/:id gives a fresh one for whoever asks.
    const again = await t.get(`${API}/documents/${doc.id}`, { token: owner.token });
    expect((await t.get(again.body.versions[0].downloadUrl)).status).toBe(200);
  });

  it("an approved document's QR code opens by link, and encodes the public page", async () => {
    const type = docType();
    const approver = await makePerson(t);
    await saveWorkflow(t, {
      name: `qr ${type}`,
      documentType: type,
      stages: [{ name: 'Approve', mode: 'any', approvers: [{ userId: approver.id }] }],
    });
    const d = await createDoc(t, owner, { documentType: type });
    expect(d.qrCodeUrl).toBeNull();
    await submit(t, owner, d.id);
    const task = await pendingTask(t, approver, d.id);
    expect((await decide(t, approver, task.id, 'approve')).status).toBe(200);
    await docStatus(t, d.id, 'approved');
    const approved = await getDoc(t, owner.token, d.id);
    expect(approved.verificationUrl).toMatch(new RegExp(`^${t.config.PUBLIC_BASE_URL}/verify/[\\w-]+$`));
    const qr = await t.get(approved.qrCodeUrl);
    expect(qr.status).toBe(200);
    expect(qr.headers['content-type']).toMatch(/^image\/svg\+xml/);
  });

  it('a link of a user who must still replace the password an administrator set is refused', async () => {
    const url = links.sign(`${API}/documents/${doc.id}/versions/1/file`, linkUser(owner));
    expect((await t.get(url)).status).toBe(200);
    await t.dataSource.query('UPDATE users SET must_change_password = true WHERE id = $1', [owner.id]);
    try {
      const res = await t.get(url);
      expect([res.status, res.body.code]).toEqual([403, 'PASSWORD_CHANGE_REQUIRED']);
    } finally {
      await t.dataSource.query('UPDATE users SET must_change_password = false WHERE id = $1', [owner.id]);
    }
    expect((await t.get(url)).status).toBe(200);
  });

  it('without a token or a signature the file route still refuses (deny by default)', async () => {
    const res = await t.get(`${API}/documents/${doc.id}/versions/1/file`);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });

  it('an expired link is 401 LINK_EXPIRED', async () => {
    const path = `${API}/documents/${doc.id}/versions/1/file`;
    const old = links.sign(path, linkUser(owner), Date.now() - 11 * 60_000);
    const res = await t.get(old);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('LINK_EXPIRED');
  });

  it('a tampered link, or one moved to another path or user, is 403 LINK_INVALID', async () => {
    const { path, query } = parts(doc.versions[0].downloadUrl);
    const sig = query.get('sig')!;
    const variants: string[] = [];
    const withParam = (name: string, value: string) => {
      const q = new URLSearchParams(query);
      q.set(name, value);
      return `${path}?${q.toString()}`;
    };
    variants.push(withParam('sig', `${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`));
    // The same bytes spelt otherwise: the last character's two unused bits set differently.
    const last = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.indexOf(sig.at(-1)!);
    variants.push(
      withParam(
        'sig',
        `${sig.slice(0, -1)}${'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'[last ^ 1]}`,
      ),
    );
    variants.push(withParam('exp', String(Number(query.get('exp')) + 3600)));
    variants.push(withParam('uid', stranger.id));
    variants.push(withParam('sig', 'short'));
    variants.push(`${API}/documents/${doc.id}/versions/2/file?${query.toString()}`);
    const other = await createDoc(t, owner, { documentType: docType() });
    variants.push(`${API}/documents/${other.id}/versions/1/file?${query.toString()}`);
    const q = new URLSearchParams(query);
    q.delete('uid');
    variants.push(`${path}?${q.toString()}`);
    const otherSession = await tokenFor(t, owner);
    variants.push(withParam('sid', sessionOf(t, otherSession)));
    for (const url of variants) {
      const res = await t.get(url);
      expect([url, res.status, res.body.code]).toEqual([url, 403, 'LINK_INVALID']);
    }
  });

  it("a link made for someone who may not see the document opens nothing: the handler checks that user's access", async () => {
    const forStranger = links.sign(`${API}/documents/${doc.id}/versions/1/file`, linkUser(stranger));
    const res = await t.get(forStranger);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('DOCUMENT_NOT_FOUND');
  });

  it("a disabled account's links stop working", async () => {
    const leaver = await makePerson(t, unitId);
    const own = await createDoc(t, leaver, { documentType: docType() });
    const url: string = own.versions[0].downloadUrl;
    expect((await t.get(url)).status).toBe(200);
    await t.dataSource.query(`UPDATE users SET status = 'disabled' WHERE id = $1`, [leaver.id]);
    const res = await t.get(url);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });

  it('#14.11 signing out ends the links made for that login', async () => {
    const leaver = await makePerson(t, unitId);
    const own = await createDoc(t, leaver, { documentType: docType() });
    const url: string = own.versions[0].downloadUrl;
    expect((await t.get(url)).status).toBe(200);
    const out = await t.post(`${API}/auth/logout`, {}, { token: leaver.token });
    expect(out.status).toBe(204);
    const res = await t.get(url);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });

  it('a signature opens only routes declared for it, never a JSON route', async () => {
    const signed = links.sign(`${API}/documents/${doc.id}`, linkUser(owner));
    const res = await t.get(signed);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });

  it('an uploaded file answers its downloadUrl, and the bearer token still works with the query', async () => {
    const form = new FormData();
    form.append('file', new Blob([PNG], { type: 'image/png' }), 'រូប.png');
    const up = await t.post(`${API}/files`, form, { token: owner.token });
    expect(up.status).toBe(201);
    const res = await fetch(`${t.baseUrl}${up.body.downloadUrl}`);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);
    expect(
      (await t.get(`${API}/files/${up.body.id}?disposition=inline`, { token: owner.token })).status,
    ).toBe(200);
  });

  it('every GET route that answers a file, an image or a printable page accepts signed links', async () => {
    const doc: any = (await t.get('/docs-json')).body;
    const notJson: string[] = [];
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      const op = item.get;
      if (!op || op['x-access'] === 'public' || path === '/metrics') continue;
      const types = Object.keys(op.responses?.['200']?.content ?? {});
      if (types.length && types.every((c) => c !== 'application/json')) {
        notJson.push(path);
        expect([path, op['x-signed-link']]).toEqual([path, true]);
      }
    }
    expect(notJson).toEqual(
      expect.arrayContaining([
        `${API}/documents/{id}/versions/{n}/file`,
        `${API}/files/{id}`,
        `${API}/meetings/{id}/attachments/{attachmentId}/file`,
        `${API}/meetings/{id}/minutes.html`,
        `${API}/meetings/{id}/minutes.pdf`,
        `${API}/elections/{id}/results.svg`,
      ]),
    );
  });

  describe('meetings', () => {
    let f: ProjectFixture;
    let meeting: any;
    beforeAll(async () => {
      f = await projectGroup(t);
      const m = await t.post(`${API}/meetings`, meetingBody(f), { token: f.chair.token });
      expect(m.status).toBe(201);
      meeting = m.body;
    });

    it('attachments carry a downloadUrl for their reader; the printable minutes open by link and keep their styles', async () => {
      const form = new FormData();
      form.append('file', new Blob([PNG], { type: 'image/png' }), 'រូបថត.png');
      const added = await t.post(`${API}/meetings/${meeting.id}/attachments`, form, {
        token: f.secretary.token,
      });
      expect(added.status).toBe(201);
      const list = await t.get(`${API}/meetings/${meeting.id}/attachments`, { token: f.members[0].token });
      const url: string = list.body[0].downloadUrl;
      expect(parts(url).query.get('uid')).toBe(f.members[0].id);
      const res = await fetch(`${t.baseUrl}${url}`);
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);

      const detail = await t.get(`${API}/meetings/${meeting.id}`, { token: f.members[0].token });
      const page = await t.get(detail.body.minutesPrintUrl);
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.raw).toContain('<style>');
      const csp = page.headers['content-security-policy'];
      expect(csp).toContain("style-src 'unsafe-inline'");
      expect(csp).not.toContain('script-src');
      expect(csp).toContain("default-src 'none'");
      const pdf = await fetch(`${t.baseUrl}${detail.body.minutesPdfUrl}`);
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      // The outsider's own link opens nothing.
      const theirs = links.sign(`${API}/meetings/${meeting.id}/minutes.html`, linkUser(f.outsider));
      expect((await t.get(theirs)).status).toBe(404);
    });
  });
});
