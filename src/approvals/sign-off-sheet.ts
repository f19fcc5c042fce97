import { esc, formatLocal, PAPER_STYLE } from '../pdf/html.js';
import type { Manifest } from './domain/manifest.js';

export interface SignedCopyInput {
  manifest: Manifest;
  /** The code as people read it (grouped). */
  code: string;
  /** `${PUBLIC_BASE_URL}/verify/<code>` */
  verificationUrl: string;
  /** The QR code of verificationUrl (inline SVG from qrSvg). */
  qrSvg: string;
  /** For an approved version that is not a PDF: what the cover page describes. */
  cover?: { fileName: string; mime: string; size: number } | null;
  /**
   * For an approved PDF: the render begins with the strip stamped at the foot of each of its pages
   * (STAMP_PAGES of the output are the strip; the sheet follows).
   */
  stamp?: boolean;
}

/** The strip's page: the first of the render when `stamp` is asked for. */
export const STAMP_PAGES = 1;

/**
 * The foot of each approved page in the signed copy: a page printed or passed on alone still says
 * it belongs to a signed copy, with its reference and code, and where to check it. Its own page of
 * the render (a named page, A4-wide and 9 mm high, no background), laid over each page's foot.
 */
const STAMP_STYLE = `
  @page stamp { size: 210mm 9mm; margin: 0; }
  .stamp { page: stamp; break-after: page; height: 9mm; padding: 0 8mm; box-sizing: border-box;
           font-size: 7pt; line-height: 9mm; color: #333; text-align: right; white-space: nowrap;
           overflow: hidden; }
`;

function stampStrip(input: SignedCopyInput): string {
  const m = input.manifest;
  return `<div class="stamp">ច្បាប់ចម្លងដែលបានអនុម័ត / Signed copy · ${esc(m.referenceNumber)} · ${esc(input.code)} · ${esc(input.verificationUrl)}</div>`;
}

/**
 * The sheet is one page for a usual route (up to about six signers): tighter than the minutes, and
 * the verification block (QR code, code, hash, key) never split from itself or left alone on a page.
 */
const SHEET_STYLE = `
  .sheet { line-height: 1.45; }
  .sheet .kingdom { margin-bottom: 3mm; }
  .sheet h1 { margin-bottom: 2mm; }
  .sheet h2 { margin-top: 3mm; }
  .sheet td, .sheet th { padding: 0.6mm 1.5mm; }
  .sheet small { font-size: 8pt; }
  .sheet .qr, .sheet .qr svg { width: 34mm; height: 34mm; }
  .verification { break-inside: avoid; }
`;

const person = (name: string, nameKm: string | null) =>
  nameKm && nameKm !== name ? `${esc(nameKm)}<br><small>${esc(name)}</small>` : esc(name);
const post = (title: string | null, titleKm: string | null) =>
  titleKm && titleKm !== title ? `${esc(titleKm)}<br><small>${esc(title)}</small>` : esc(title ?? '—');

/** The cover page of a signed copy whose approved version is not a PDF (its pages cannot be included). */
function coverPage(input: SignedCopyInput): string {
  const m = input.manifest;
  const c = input.cover!;
  return `<section class="cover page-break">
<div class="kingdom">ព្រះរាជាណាចក្រកម្ពុជា<br>ជាតិ សាសនា ព្រះមហាក្សត្រ</div>
<h1>${esc(m.title)}</h1>
<p style="text-align:center">${esc(m.referenceNumber)}</p>
<table>
  <tr><th>ឯកសារដែលបានអនុម័ត / Approved file</th><td>${esc(c.fileName)}</td></tr>
  <tr><th>ប្រភេទ / Type</th><td>${esc(c.mime)}</td></tr>
  <tr><th>ទំហំ / Size</th><td>${esc(c.size)} bytes</td></tr>
  <tr><th>SHA-256</th><td class="mono">${esc(m.sha256)}</td></tr>
</table>
<p>ឯកសារនេះមិនមែនជា PDF ទេ៖ សូមផ្ទៀងផ្ទាត់ឯកសារដើមជាមួយលេខកូដខាងក្រោម។<br>
This file is not a PDF: check the approved file itself against the verification code on the next page.</p>
</section>`;
}

/**
 * The sign-off sheet (and, for a non-PDF approved version, a cover page before it): reference
 * number, title, issuing unit, every signer with post, acting-for and time, the verification code
 * and its QR code, and the approved version's SHA-256.
 */
export function renderSignOffSheetHtml(input: SignedCopyInput): string {
  const m = input.manifest;
  const unit = m.issuingUnit;
  const signers = m.signers
    .map(
      (s, i) => `<tr><td>${i + 1}</td><td>${person(s.name, s.nameKm)}</td><td>${post(s.post, s.postKm)}</td>
<td>${s.actingFor ? `ជំនួស / for ${person(s.actingFor.name, s.actingFor.nameKm)}<br><small>${post(s.actingFor.post, s.actingFor.postKm)}</small>` : '—'}</td>
<td>${person(s.stage, s.stageKm ?? null)}</td><td>${esc(formatLocal(s.at))}</td></tr>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="km">
<head>
<meta charset="utf-8">
<title>${esc(m.referenceNumber)} — សន្លឹកអនុម័ត / Sign-off sheet</title>
<style>${PAPER_STYLE}${SHEET_STYLE}${input.stamp ? STAMP_STYLE : ''}</style>
</head>
<body>
${input.stamp ? stampStrip(input) : ''}
${input.cover ? coverPage(input) : ''}
<section class="sheet">
<div class="kingdom">ព្រះរាជាណាចក្រកម្ពុជា<br>ជាតិ សាសនា ព្រះមហាក្សត្រ</div>
<h1>សន្លឹកអនុម័ត<br>Sign-off sheet</h1>
<table>
  <tr><th>លេខយោង / Reference</th><td>${esc(m.referenceNumber)}</td></tr>
  <tr><th>ចំណងជើង / Title</th><td>${esc(m.title)}</td></tr>
  <tr><th>អង្គភាពចេញ / Issuing unit</th><td>${person(unit.name, unit.nameKm)} (${esc(unit.code)})</td></tr>
  <tr><th>កំណែ / Version</th><td>${esc(m.versionNo)}</td></tr>
  <tr><th>អនុម័តនៅ / Approved</th><td>${esc(formatLocal(m.approvedAt))}</td></tr>
</table>
<h2>អ្នកចុះហត្ថលេខា / Signers</h2>
<table>
  <thead><tr><th style="width:auto">ល.រ</th><th style="width:auto">ឈ្មោះ / Name</th><th style="width:auto">មុខតំណែង / Post</th><th style="width:auto">ជំនួស / Acting for</th><th style="width:auto">ដំណាក់កាល / Stage</th><th style="width:auto">ពេលវេលា / Time</th></tr></thead>
  <tbody>
${signers}
  </tbody>
</table>
<div class="verification">
<h2>ការផ្ទៀងផ្ទាត់ / Verification</h2>
<table>
  <tr><td class="qr" rowspan="3">${input.qrSvg}</td>
      <td>លេខកូដផ្ទៀងផ្ទាត់ / Verification code: <strong>${esc(input.code)}</strong></td></tr>
  <tr><td>${esc(input.verificationUrl)}</td></tr>
  <tr><td>SHA-256 នៃកំណែដែលបានអនុម័ត / of the approved version:<br><span class="mono">${esc(m.sha256)}</span></td></tr>
</table>
<p><small>ហត្ថលេខាឌីជីថល Ed25519 / Ed25519 signature, key ${esc(m.publicKeyId)}</small></p>
</div>
</section>
</body>
</html>
`;
}
