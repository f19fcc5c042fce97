import { jest } from '@jest/globals';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { SignedCopyService } from '../../src/approvals/signed-copy.service.js';
import { TransactionService } from '../../src/database/transaction.service.js';
import { adminToken } from '../helpers/auth.js';
import { isPdf, pdfPages, pdfQrCodes, pdfText, pdfWords } from '../helpers/pdf-tools.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import {
  decide,
  docStatus,
  docType,
  getDoc,
  makePerson,
  makePost,
  makeUnit,
  pendingTask,
  type Person,
  saveWorkflow,
  submit,
} from './approvals-fixtures.js';
import { waitFor } from '../support/wait.js';

jest.setTimeout(120_000);

/** A two-page PDF as someone would upload it. */
async function uploadedPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  // Its own title, as a word processor leaves it.
  doc.setTitle('budget-draft.html');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const n of [1, 2]) {
    const page = doc.addPage();
    page.drawText(`Budget plan page ${n}`, { x: 50, y: 700, font, size: 18 });
    // Its own footer, low on the page as a word processor puts page numbers.
    page.drawText(`Pagefooter ${n}/2`, { x: 260, y: 14, font, size: 9 });
  }
  return Buffer.from(await doc.save());
}

const fileForm = (bytes: Buffer, name: string) => {
  const form = new FormData();
  form.append('file', new Blob([bytes]), name);
  return form;
};

describe('#17.2 the signed copy of an approved document', () => {
  let t: TestApp;
  let staff: Person;
  let head: Person;
  let outsider: Person;
  let type: string;

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_BASE_URL: 'https://dwf.example.gov.kh' });
    const unit = await makeUnit(t, { name: 'ICT office' });
    staff = await makePerson(t, unit.id, 'Sok San');
    head = await makePerson(t, null, 'Head One');
    outsider = await makePerson(t, null, 'Outsider');
    await makePost(t, unit.id, head.id, 'head', 'Head of ICT office');
    type = docType();
    await saveWorkflow(t, {
      name: `letters ${type}`,
      documentType: type,
      stages: [{ name: 'Head of office', mode: 'any', approvers: [{ relative: 'submitter_unit_head' }] }],
    });
  });
  afterAll(() => t.close());

  /** Creates, submits and approves a document; waits for its signed copy. */
  async function approved(create: FormData | Record<string, unknown>) {
    const res = await t.post('/api/v1/documents', create, { token: staff.token });
    expect(res.status).toBe(201);
    await submit(t, staff, res.body.id);
    const task = await pendingTask(t, head, res.body.id);
    expect((await decide(t, head, task.id, 'approve')).status).toBe(200);
    await docStatus(t, res.body.id, 'approved');
    const doc = await waitFor(
      'the signed copy',
      async () => {
        const d = await getDoc(t, staff, res.body.id);
        return d.signedCopy ? d : null;
      },
      { timeoutMs: 60_000 },
    );
    return doc;
  }

  it('#17.2 a PDF keeps its own pages, then the sign-off sheet with Khmer, signers, code, QR and the approved SHA-256; both files verify', async () => {
    const original = await uploadedPdf();
    const form = fileForm(original, 'budget.pdf');
    form.append('title', 'ផែនការថវិកាក្រុមការងារ');
    form.append('documentType', type);
    const doc = await approved(form);
    const approvedSha = doc.versions[0].sha256;
    const copyPath = `/api/v1/documents/${doc.id}/signed-copy.pdf`;
    // A plain link signed for the viewer (WEB.md, Downloads): it opens without a token.
    expect(doc.signedCopy.url.startsWith(`${copyPath}?`)).toBe(true);
    expect((await fetch(`${t.baseUrl}${doc.signedCopy.url}`)).status).toBe(200);

    const res = await fetch(`${t.baseUrl}${doc.signedCopy.url}`, {
      headers: { authorization: `Bearer ${staff.token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const copy = Buffer.from(await res.arrayBuffer());
    expect(isPdf(copy)).toBe(true);
    expect(await pdfPages(copy)).toBe(3);
    // Titled as the signed document, not as the file uploaded.
    expect((await PDFDocument.load(copy)).getTitle()).toBe(`${doc.referenceNumber} ផែនការថវិកាក្រុមការងារ`);
    const text = await pdfText(copy);
    expect(text).toContain('Budget plan page 1');
    expect(text).toContain('Budget plan page 2');
    // Each approved page carries the strip at its foot: a page printed alone still says whose
    // signed copy it is and where to check it.
    const code = doc.verificationUrl.split('/').pop();
    const [first, second] = text.split('\f');
    for (const page of [first, second]) {
      expect(page).toContain('Signed copy');
      expect(page).toContain(doc.referenceNumber);
      expect(page).toContain(`/verify/${code}`);
    }
    // ... below the page's own content, which is made room for: its footer stays readable above
    // the strip (laid over it, the strip hid a letter's page numbers).
    const words = await pdfWords(copy);
    for (const n of [1, 2]) {
      const footer = words.find((w) => w.page === n && w.text === 'Pagefooter');
      const strip = words.filter((w) => w.page === n && /^(Signed|copy)$/.test(w.text));
      expect(footer).toBeDefined();
      expect(strip.length).toBeGreaterThan(0);
      expect(footer!.yMax).toBeLessThan(Math.min(...strip.map((w) => w.yMin)));
    }
    expect(text).toContain('ផែនការថវិកាក្រុមការងារ');
    expect(text).toContain(doc.referenceNumber);
    expect(text).toContain('Head One');
    expect(text).toContain('Head of ICT office');
    expect(text).toContain(approvedSha);
    expect(text).toContain(code);
    expect(await pdfQrCodes(copy)).toEqual([`https://dwf.example.gov.kh/verify/${code}`]);

    // Public verification: both the approved version and the signed copy, each named.
    const asCopy = await t.post(`/api/v1/verify/${doc.verificationCode}`, fileForm(copy, 'signed.pdf'));
    expect(asCopy.body).toEqual({ match: true, matched: 'signed_copy', sha256: doc.signedCopy.sha256 });
    const asOriginal = await t.post(`/api/v1/verify/${doc.verificationCode}`, fileForm(original, 'b.pdf'));
    expect(asOriginal.body).toEqual({ match: true, matched: 'approved_version', sha256: approvedSha });
    const other = await t.post(`/api/v1/verify/${doc.verificationCode}`, fileForm(Buffer.from('x'), 'x.pdf'));
    expect(other.body).toMatchObject({ match: false, matched: null });
    const v = await t.get(`/api/v1/verify/${doc.verificationCode}`);
    expect(v.body.sha256).toBe(approvedSha);
    expect(v.body.signedCopySha256).toBe(doc.signedCopy.sha256);

    // Recorded and audited.
    const audit = await t.get(`/api/v1/documents/${doc.id}/audit`, { token: await adminToken(t) });
    const made = audit.body.items.filter((e: any) => e.action === 'document.signed_copy_made');
    expect(made).toHaveLength(1);
    expect(made[0].data.sha256).toBe(doc.signedCopy.sha256);

    // Who may not see the document does not get its copy.
    const denied = await t.get(copyPath, { token: outsider.token });
    expect(denied.status).toBe(404);
    expect((await t.get(copyPath)).status).toBe(401);

    // The job again (a redelivery, a replay): no second copy.
    await t
      .service<TransactionService>(TransactionService)
      .run((em) =>
        t
          .service<SignedCopyService>(SignedCopyService)
          .make(
            { documentId: doc.id },
            { em, eventId: '00000000-0000-4000-8000-000000000000', afterCommit: () => undefined },
          ),
      );
    const again = await getDoc(t, staff, doc.id);
    // The same copy (its link is signed anew for each answer).
    expect({ ...again.signedCopy, url: undefined }).toEqual({ ...doc.signedCopy, url: undefined });
    const [{ n }] = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_log WHERE entity_id = $1 AND action = 'document.signed_copy_made'`,
      [doc.id],
    );
    expect(n).toBe(1);
  });

  it('#17.2 a text document gets a cover page before the sign-off sheet', async () => {
    const doc = await approved({ title: 'លិខិតក្រុមការងារ', body: 'សេចក្តីជូនដំណឹង', documentType: type });
    const res = await fetch(`${t.baseUrl}${doc.signedCopy.url}`, {
      headers: { authorization: `Bearer ${staff.token}` },
    });
    const copy = Buffer.from(await res.arrayBuffer());
    expect(await pdfPages(copy)).toBe(2);
    const text = await pdfText(copy);
    expect(text).toContain('លិខិតក្រុមការងារ');
    expect(text).toContain(doc.versions[0].sha256);
    const verified = await t.post(`/api/v1/verify/${doc.verificationCode}`, fileForm(copy, 's.pdf'));
    expect(verified.body.matched).toBe('signed_copy');
  });
});
