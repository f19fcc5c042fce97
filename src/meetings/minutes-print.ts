import type { AgendaNode } from './agenda.js';
import { walkAgenda } from './agenda.js';
import type { MinutesContent } from './minutes-content.js';
import type { QuorumState } from './quorum.js';

export interface PrintParticipant {
  name: string;
  nameKm: string | null;
  title: string | null;
  role: string;
  attendance: string;
}

export interface PrintErratum {
  text: string;
  verificationCode: string | null;
  createdAt: Date;
}

export interface PrintableMinutes {
  title: string;
  titleKm: string | null;
  bodyName: string;
  startsAt: Date;
  endsAt: Date | null;
  location: string | null;
  chairName: string;
  secretaryName: string;
  status: string;
  revision: number;
  agenda: AgendaNode[];
  participants: PrintParticipant[];
  quorum: QuorumState;
  content: MinutesContent;
  userNames: Map<string, string>;
  verificationCode: string | null;
  verificationUrl: string | null;
  approvedAt: Date | null;
  errata: PrintErratum[];
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const esc = (s: string | number | null | undefined): string =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** Multi-line notes: escaped, with line breaks kept. */
const para = (s: string): string => esc(s).replace(/\r?\n/g, '<br>');

const ATTENDANCE_KM: Record<string, string> = {
  present: 'វត្តមាន / Present',
  absent: 'អវត្តមាន / Absent',
  excused: 'សុំច្បាប់ / Excused',
  unknown: '—',
};

const ROLE_KM: Record<string, string> = {
  chair: 'ប្រធាន / Chair',
  secretary: 'លេខាធិការ / Secretary',
  member: 'សមាជិក / Member',
  guest: 'ភ្ញៀវកិត្តិយស / Guest',
  observer: 'អ្នកសង្កេតការណ៍ / Observer',
};

/** Phnom Penh time (UTC+7, no daylight saving), as printed minutes show it. */
export function formatLocal(d: Date): string {
  const local = new Date(d.getTime() + 7 * 3600_000);
  return `${local.toISOString().slice(0, 10)} ${local.toISOString().slice(11, 16)} (UTC+7)`;
}

/**
 * The minutes as one self-contained HTML page made for printing (A4, Khmer fonts first, no
 * scripts, no external resources): the browser's "print to PDF" gives the PDF.
 */
export function renderMinutesHtml(m: PrintableMinutes): string {
  const name = (id: string | null | undefined) => (id ? esc(m.userNames.get(id) ?? id) : '—');
  const notesByItem = new Map(m.content.items.map((i) => [i.agendaItemId, i.notes]));
  const agendaRows = walkAgenda(m.agenda)
    .map((a) => {
      const notes = notesByItem.get(a.id);
      return `<section class="agenda-item depth-${a.number.split('.').length}">
  <h3>${esc(a.number)}. ${esc(a.title)}</h3>
  <p class="meta">${a.presenterUserId ? `អ្នកបង្ហាញ / Presenter: ${name(a.presenterUserId)}` : ''}${a.durationMinutes ? ` · ${a.durationMinutes} នាទី / min` : ''}</p>
  ${notes ? `<div class="notes">${para(notes)}</div>` : ''}
</section>`;
    })
    .join('\n');
  const decisions = m.content.decisions
    .map((d, i) => {
      const voted = d.votesFor != null || d.votesAgainst != null || d.abstentions != null;
      const votes = voted
        ? `<span class="votes">គាំទ្រ / For: ${d.votesFor ?? 0} · ប្រឆាំង / Against: ${d.votesAgainst ?? 0} · អនុប្បវាទ / Abstain: ${d.abstentions ?? 0}</span>`
        : '<span class="votes">ឯកច្ឆន្ទ ឬគ្មានការបោះឆ្នោត / No vote taken</span>';
      return `<li><strong>${i + 1}.</strong> ${para(d.text)}<br>${votes}</li>`;
    })
    .join('\n');
  const actions = m.content.actionItems
    .map(
      (a, i) =>
        `<tr><td>${i + 1}</td><td>${esc(a.text)}</td><td>${name(a.ownerUserId)}</td><td>${esc(a.dueOn)}</td></tr>`,
    )
    .join('\n');
  const attendance = m.participants
    .map(
      (p, i) =>
        `<tr><td>${i + 1}</td><td>${esc(p.nameKm ?? p.name)}${p.nameKm && p.nameKm !== p.name ? `<br><small>${esc(p.name)}</small>` : ''}${p.title ? `<br><small>${esc(p.title)}</small>` : ''}</td><td>${esc(ROLE_KM[p.role] ?? p.role)}</td><td>${esc(ATTENDANCE_KM[p.attendance] ?? p.attendance)}</td><td class="sign"></td></tr>`,
    )
    .join('\n');
  const errata = m.errata
    .map(
      (e) =>
        `<li>${para(e.text)} <small>(${formatLocal(e.createdAt)}${e.verificationCode ? ` · ${esc(e.verificationCode)}` : ''})</small></li>`,
    )
    .join('\n');
  const approved = m.status === 'approved';
  return `<!DOCTYPE html>
<html lang="km">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(m.titleKm ?? m.title)} — កំណត់ហេតុប្រជុំ / Minutes</title>
<style>
  @page { size: A4; margin: 18mm 16mm; }
  body { font-family: 'Noto Sans Khmer', 'Khmer OS Battambang', 'Khmer OS', 'Hanuman', 'Noto Sans', Arial, sans-serif;
         font-size: 11.5pt; line-height: 1.7; color: #000; margin: 0 auto; max-width: 180mm; }
  h1 { font-family: 'Khmer OS Muol Light', 'Noto Serif Khmer', 'Noto Sans Khmer', serif; font-size: 15pt; text-align: center; margin: 0 0 4mm; }
  h2 { font-size: 12.5pt; border-bottom: 1px solid #000; margin: 6mm 0 2mm; }
  h3 { font-size: 11.5pt; margin: 3mm 0 1mm; }
  .kingdom { text-align: center; line-height: 1.5; margin-bottom: 6mm; }
  .meta { color: #333; font-size: 10pt; margin: 0; }
  table { width: 100%; border-collapse: collapse; margin: 2mm 0; page-break-inside: auto; }
  th, td { border: 1px solid #444; padding: 1mm 2mm; vertical-align: top; text-align: left; }
  tr { page-break-inside: avoid; }
  td.sign { width: 28mm; }
  .depth-2 { margin-left: 6mm; } .depth-3 { margin-left: 12mm; }
  .votes { font-size: 10pt; color: #333; }
  .draft { border: 2px solid #a00; color: #a00; padding: 2mm; text-align: center; font-weight: bold; }
  .verification { margin-top: 8mm; border-top: 1px solid #000; padding-top: 2mm; font-size: 10pt; }
  .signatures { display: flex; justify-content: space-between; margin-top: 12mm; text-align: center; }
  .signatures div { width: 45%; min-height: 28mm; }
  @media print { .no-print { display: none; } a { color: #000; text-decoration: none; } }
</style>
</head>
<body>
<div class="kingdom">ព្រះរាជាណាចក្រកម្ពុជា<br>ជាតិ សាសនា ព្រះមហាក្សត្រ</div>
${approved ? '' : `<p class="draft">សេចក្តីព្រាង — មិនទាន់អនុម័ត / DRAFT — not approved (revision ${m.revision})</p>`}
<h1>កំណត់ហេតុប្រជុំ<br>${esc(m.titleKm ?? m.title)}</h1>
${m.titleKm ? `<p style="text-align:center">${esc(m.title)}</p>` : ''}
<table class="details">
  <tr><th>ស្ថាប័ន / Body</th><td>${esc(m.bodyName)}</td></tr>
  <tr><th>កាលបរិច្ឆេទ / Date</th><td>${formatLocal(m.startsAt)}${m.endsAt ? ` – ${formatLocal(m.endsAt).slice(11)}` : ''}</td></tr>
  <tr><th>ទីកន្លែង / Place</th><td>${esc(m.location ?? '—')}</td></tr>
  <tr><th>ប្រធានអង្គប្រជុំ / Chair</th><td>${esc(m.chairName)}</td></tr>
  <tr><th>លេខាធិការ / Secretary</th><td>${esc(m.secretaryName)}</td></tr>
  <tr><th>កូរ៉ុម / Quorum</th><td>${m.quorum.present} / ${m.quorum.eligible} (ត្រូវការ / required ${m.quorum.required}) — ${m.quorum.met ? 'គ្រប់កូរ៉ុម / met' : 'មិនគ្រប់កូរ៉ុម / not met'}</td></tr>
</table>

<h2>បញ្ជីវត្តមាន / Attendance</h2>
<table class="attendance">
  <thead><tr><th>ល.រ</th><th>ឈ្មោះ / Name</th><th>តួនាទី / Role</th><th>វត្តមាន / Attendance</th><th>ហត្ថលេខា / Signature</th></tr></thead>
  <tbody>
${attendance}
  </tbody>
</table>

<h2>របៀបវារៈ និងកំណត់ត្រា / Agenda and notes</h2>
${agendaRows || '<p>—</p>'}

<h2>សេចក្តីសម្រេច / Decisions</h2>
${decisions ? `<ol class="decisions" style="list-style:none;padding-left:0">\n${decisions}\n</ol>` : '<p>—</p>'}

<h2>ការងារត្រូវអនុវត្ត / Action items</h2>
${
  actions
    ? `<table class="actions">
  <thead><tr><th>ល.រ</th><th>ការងារ / Action</th><th>អ្នកទទួលខុសត្រូវ / Owner</th><th>កាលកំណត់ / Due</th></tr></thead>
  <tbody>
${actions}
  </tbody>
</table>`
    : '<p>—</p>'
}
${errata ? `<h2>កំណែតម្រូវ / Errata</h2>\n<ol>\n${errata}\n</ol>` : ''}
<div class="signatures">
  <div>លេខាធិការ / Secretary<br><br><br>${esc(m.secretaryName)}</div>
  <div>ប្រធានអង្គប្រជុំ / Chair<br><br><br>${esc(m.chairName)}</div>
</div>
<div class="verification">
${
  m.verificationCode
    ? `លេខកូដផ្ទៀងផ្ទាត់ / Verification code: <strong>${esc(m.verificationCode)}</strong>${m.verificationUrl ? ` — <a href="${esc(m.verificationUrl)}">${esc(m.verificationUrl)}</a>` : ''}${m.approvedAt ? `<br>អនុម័តនៅ / Approved: ${formatLocal(m.approvedAt)}` : ''}`
    : 'មិនទាន់មានលេខកូដផ្ទៀងផ្ទាត់ / No verification code yet (not approved)'
}
</div>
</body>
</html>
`;
}
