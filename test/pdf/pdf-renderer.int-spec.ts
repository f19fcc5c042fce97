import { jest } from '@jest/globals';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { AppConfig } from '../../src/config/app-config.js';
import { qrSvg } from '../../src/pdf/html.js';
import { PdfRenderer, PdfRendererClosedError } from '../../src/pdf/pdf-renderer.service.js';
import { renderSignOffSheetHtml } from '../../src/approvals/sign-off-sheet.js';
import { isPdf, pdfPages, pdfQrCodes, pdfText } from '../helpers/pdf-tools.js';

jest.setTimeout(90_000);

/** The Chromium processes this test process started (the renderer's browser is our direct child). */
/** Browsers this Jest worker started before this file's renderer (an earlier file's): not ours. */
let earlier = new Set<number>();

/** The Chromium processes this file's renderers started (children of this Jest worker). */
async function browserPids(): Promise<number[]> {
  const { stdout } = await promisify(execFile)('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)]);
  return stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter(([, comm]) => comm?.startsWith('chrom'))
    .map(([pid]) => Number(pid))
    .filter((pid) => !earlier.has(pid));
}

const config = {
  CHROMIUM_PATH: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  PDF_MAX_PAGES: 2,
  PDF_TIMEOUT_MS: 30_000,
} as AppConfig;

const manifest = {
  referenceNumber: 'ICT/2026/00042',
  title: 'ផែនការថវិកាក្រុមការងារ <script>alert(1)</script>',
  issuingUnit: { code: 'ICT', name: 'ICT Department', nameKm: 'នាយកដ្ឋានព័ត៌មានវិទ្យា' },
  documentId: '00000000-0000-4000-8000-000000000001',
  documentType: 'letter',
  versionNo: 2,
  sha256: 'a'.repeat(64),
  verificationCode: 'ABCD2345EFGH6789',
  signers: [
    {
      name: 'Sok Dara',
      nameKm: 'សុខ ដារ៉ា',
      post: 'Director',
      postKm: 'ប្រធាននាយកដ្ឋាន',
      actingFor: {
        name: 'Chan Sophea',
        nameKm: 'ចាន់ សុភា',
        post: 'Secretary of State',
        postKm: 'រដ្ឋលេខាធិការ',
      },
      stage: 'Director',
      at: '2026-12-01T03:00:00.000Z',
    },
  ],
  approvedAt: '2026-12-01T03:00:00.000Z',
  publicKeyId: '0123456789abcdef',
};

describe('#17.1 PDFs rendered by headless Chromium', () => {
  const renderer = new PdfRenderer(config);
  beforeAll(async () => {
    earlier = new Set(await browserPids());
  });
  afterAll(() => renderer.onApplicationShutdown());

  const url = 'https://dwf.example.gov.kh/verify/ABCD-2345-EFGH-6789';
  const sheet = async (cover: boolean) =>
    renderSignOffSheetHtml({
      manifest,
      code: 'ABCD-2345-EFGH-6789',
      verificationUrl: url,
      qrSvg: await qrSvg(url),
      cover: cover ? { fileName: 'ផែនការ.docx', mime: 'application/msword', size: 1234 } : null,
    });

  it('#17.1 the sign-off sheet keeps Khmer in character order, escapes text, and carries a QR code of the verification URL', async () => {
    const pdf = await renderer.render(await sheet(false));
    expect(isPdf(pdf)).toBe(true);
    const text = await pdfText(pdf);
    expect(text).toContain('ក្រុមការងារ');
    expect(text).toContain('សុខ ដារ៉ា');
    expect(text).toContain('ICT/2026/00042');
    expect(text).toContain('<script>alert(1)</script>');
    expect(text).toContain('a'.repeat(64));
    expect(await pdfQrCodes(pdf)).toEqual([url]);
  });

  it('#17.1 a cover page comes first when the approved version is not a PDF', async () => {
    const pdf = await renderer.render(await sheet(true));
    expect(await pdfPages(pdf)).toBe(2);
    expect(await pdfText(pdf)).toContain('ផែនការ.docx');
  });

  it('keeps its pages between renders: one context, never more pages than the limit', async () => {
    const html = await sheet(false);
    await renderer.render(html);
    await Promise.all([1, 2, 3, 4].map(() => renderer.render(html)));
    const { browser, context } = (await renderer['session'])!;
    const pages = context.pages();
    expect(browser.contexts()).toEqual([context]);
    expect(pages.length).toBeGreaterThanOrEqual(1);
    expect(pages.length).toBeLessThanOrEqual(config.PDF_MAX_PAGES);
    expect(isPdf(await renderer.render(html))).toBe(true);
    expect(context.pages().every((p) => pages.includes(p))).toBe(true);
  });

  it('#17.1 pages render concurrently up to the limit, and a browser that died is launched again', async () => {
    const html = await sheet(false);
    const many = await Promise.all([1, 2, 3].map(() => renderer.render(html)));
    expect(many.every(isPdf)).toBe(true);
    const [pid] = await browserPids();
    expect(pid).toBeGreaterThan(0);
    process.kill(pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 500));
    const again = await renderer.render(html);
    expect(isPdf(again)).toBe(true);
    const after = await browserPids();
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(pid);
  });

  it('a renderer that has shut down launches no browser: a render then fails and no Chromium outlives it', async () => {
    const late = new PdfRenderer(config);
    const html = await sheet(false);
    const before = await browserPids();
    // Shut down while a render is launching the browser, then asked again (a job still running).
    const first = late.render(html);
    await late.onApplicationShutdown();
    await first.catch(() => undefined);
    await expect(late.render(html)).rejects.toBeInstanceOf(PdfRendererClosedError);
    await late.onApplicationShutdown();
    expect(await browserPids()).toEqual(before);
  });

  it('#17.1 a render that passes its timeout fails instead of hanging', async () => {
    const slow = new PdfRenderer({ ...config, PDF_TIMEOUT_MS: 1 } as AppConfig);
    try {
      await expect(slow.render(await sheet(false))).rejects.toThrow();
    } finally {
      await slow.onApplicationShutdown();
    }
  });
});
