import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VerificationDto } from '../approvals/dto/decision.dto.js';
import { loadWebPages, localName, type WebPages } from './web-pages.js';

const signer = (stage: string, stageKm?: string | null) => ({
  name: 'Prak Sokha',
  nameKm: 'ប្រាក់ សុខា',
  post: null,
  postKm: null,
  actingFor: null,
  stage,
  ...(stageKm !== undefined ? { stageKm } : {}),
  at: '2026-12-01T03:00:00.000Z',
});

const verification = (signers: VerificationDto['signers']): VerificationDto => ({
  referenceNumber: 'SYS/2026/00001',
  title: 'Letter',
  documentType: 'letter',
  documentTypeNameKm: null,
  documentTypeNameEn: null,
  issuingUnit: { code: 'SYS', name: 'Office of Information Systems', nameKm: null },
  approvedAt: '2026-12-01T03:00:00.000Z',
  signers,
  sha256: 'a'.repeat(64),
  signedCopySha256: null,
  versionNo: 1,
  manifest: {},
  signature: 'sig',
  publicKeyId: 'key',
  algorithm: 'Ed25519',
  status: 'approved',
  revokedAt: null,
  revocationReason: null,
});

/** The pages of a build (in a scratch folder) whose strings file holds `strings`. */
function buildWith(strings: Record<'km' | 'en', unknown>): { dir: string; pages: WebPages } {
  const dir = mkdtempSync(join(tmpdir(), 'web-pages-'));
  writeFileSync(
    join(dir, 'index.html'),
    '<html lang="km"><head><title>x</title></head><body><div id="root"></div></body></html>',
  );
  writeFileSync(join(dir, '.prerender.json'), JSON.stringify(strings));
  return { dir, pages: loadWebPages(dir)! };
}

describe("the server's /verify page", () => {
  let dir: string;
  let pages: WebPages;
  beforeAll(() => {
    ({ dir, pages } = buildWith({ km: {}, en: {} }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("names each signer's stage in the page's language, as VerifyPage.tsx does", () => {
    const result = {
      code: 'ABCD',
      status: 200 as const,
      data: verification([
        signer('Head of office', 'ប្រធានការិយាល័យ'),
        signer('Director'), // signed before stages had a Khmer name
        signer('Minister', null),
      ]),
    };
    // The signers' list (the page's data for the app, in a script element, carries both names).
    const signers = (html: string) => /<ol class="plain-list signers">.*?<\/ol>/.exec(html)?.[0] ?? '';
    const en = signers(pages.verify('en', 'ABCD', result));
    const km = signers(pages.verify('km', 'ABCD', result));
    expect(en).toContain('<span class="muted">Head of office · ');
    expect(en).not.toContain('ប្រធានការិយាល័យ');
    expect(km).toContain('<span class="muted">ប្រធានការិយាល័យ · ');
    expect(km).not.toContain('Head of office');
    // No Khmer name: the English one, in both languages.
    expect(km).toContain('<span class="muted">Director · ');
    expect(km).toContain('<span class="muted">Minister · ');
  });

  it('localName: Khmer on a Khmer page when there is one, else English', () => {
    expect(localName('Minister', 'រដ្ឋមន្ត្រី', 'km')).toBe('រដ្ឋមន្ត្រី');
    expect(localName('Minister', 'រដ្ឋមន្ត្រី', 'en')).toBe('Minister');
    expect(localName('Minister', null, 'km')).toBe('Minister');
    expect(localName('', 'រដ្ឋមន្ត្រី', 'en')).toBe('រដ្ឋមន្ត្រី');
  });
});

describe("the server's /verify page for an unknown code", () => {
  let dir: string;
  let pages: WebPages;
  beforeAll(() => {
    // The app's own texts, as the build writes them for these pages.
    const verify = (language: string) =>
      JSON.parse(readFileSync(join('web/src/i18n', language, 'verify.json'), 'utf8')) as unknown;
    ({ dir, pages } = buildWith({ km: { verify: verify('km') }, en: { verify: verify('en') } }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says a code one character short is mistyped, in the language of the page, not that the document is false', () => {
    const short = 'F9AQ-W7ZC-CZ0H-EV5';
    const en = pages.verify('en', short, { code: short, status: 404 });
    expect(en).toContain('this one has 15.');
    expect(en).not.toContain('the document is not genuine');
    expect(pages.verify('km', short, { code: short, status: 404 })).toContain('លេខកូដនេះមាន ១៥ តួ');
    // A code of the right length that nobody issued: the document is not genuine.
    const whole = 'F9AQ-W7ZC-CZ0H-EV5N';
    expect(pages.verify('en', whole, { code: whole, status: 404 })).toContain('the document is not genuine');
  });
});
