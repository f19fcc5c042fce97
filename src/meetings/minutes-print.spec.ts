import { esc, formatLocal } from '../pdf/html.js';
import { renderMinutesHtml, type PrintableMinutes } from './minutes-print.js';

const base: PrintableMinutes = {
  title: 'Progress meeting',
  titleKm: 'កិច្ចប្រជុំវឌ្ឍនភាព',
  bodyName: 'ក្រុមការងារ',
  startsAt: new Date('2026-12-01T02:00:00Z'),
  endsAt: null,
  location: 'បន្ទប់ប្រជុំ',
  chairName: 'សុខ ស៊ាន',
  secretaryName: 'ចាន់ ដារា',
  status: 'approved',
  revision: 2,
  agenda: [
    {
      id: 'a1',
      parentId: null,
      position: 0,
      title: 'បើក',
      presenterUserId: 'u1',
      durationMinutes: 5,
      number: '1',
      children: [],
    },
  ],
  participants: [{ name: 'Sok San', nameKm: 'សុខ ស៊ាន', title: null, role: 'chair', attendance: 'present' }],
  quorum: { eligible: 1, present: 1, required: 1, met: true },
  content: {
    items: [{ agendaItemId: 'a1', notes: 'line1\n<script>x</script>' }],
    decisions: [{ text: 'អនុម័ត', votesFor: 10, votesAgainst: 0, abstentions: 1 }],
    actionItems: [{ id: 'x', text: 'ធ្វើការ', ownerUserId: 'u1', dueOn: '2026-12-15' }],
  },
  userNames: new Map([['u1', 'សុខ ស៊ាន']]),
  verificationCode: 'ABCD-1234',
  verificationUrl: 'https://example.gov.kh/verify/ABCD-1234',
  approvedAt: new Date('2026-12-02T03:00:00Z'),
  errata: [],
};

describe('renderMinutesHtml', () => {
  it('is a Khmer, UTF-8, printable page with the record and its verification code', () => {
    const html = renderMinutesHtml(base);
    expect(html).toContain('<html lang="km">');
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain("'Noto Sans Khmer', 'Khmer OS Battambang'");
    expect(html).toContain('@page');
    expect(html).toContain('កិច្ចប្រជុំវឌ្ឍនភាព');
    expect(html).toContain('ABCD-1234');
    expect(html).toContain('For: 10');
    expect(html).toContain('2026-12-15');
    expect(html).not.toContain('DRAFT');
    // A present member is "មានវត្តមាន", as the app writes it (the column is "វត្តមាន" itself).
    expect(html).toContain('<td>មានវត្តមាន / Present</td>');
  });

  it('prints the code and address (or DRAFT) and the page number at the foot of every page', () => {
    const approved = renderMinutesHtml(base);
    expect(approved).toContain(
      '@bottom-left { content: "លេខកូដផ្ទៀងផ្ទាត់ / Verification code: ABCD-1234 · https://example.gov.kh/verify/ABCD-1234";',
    );
    expect(approved).toContain('@bottom-right { content: counter(page) " / " counter(pages);');
    const draft = renderMinutesHtml({ ...base, status: 'draft', verificationCode: null });
    expect(draft).toContain('@bottom-left { content: "សេចក្តីព្រាង / DRAFT — not approved";');
    // A quote in the address cannot end the CSS string.
    expect(renderMinutesHtml({ ...base, verificationUrl: 'https://x/"a\\b' })).toContain(
      'content: "លេខកូដផ្ទៀងផ្ទាត់ / Verification code: ABCD-1234 · https://x/\\"a\\\\b";',
    );
  });

  it('names the meeting once when it has one title (in Khmer), twice when it has two', () => {
    const centred = (title: string) => `<p style="text-align:center">${title}</p>`;
    expect(renderMinutesHtml(base)).toContain(centred('Progress meeting'));
    const khmerOnly = renderMinutesHtml({ ...base, title: 'កិច្ចប្រជុំវឌ្ឍនភាព' });
    expect(khmerOnly).toContain('<h1>កំណត់ហេតុប្រជុំ<br>កិច្ចប្រជុំវឌ្ឍនភាព</h1>');
    expect(khmerOnly).not.toContain(centred('កិច្ចប្រជុំវឌ្ឍនភាព'));
  });

  it('escapes what people typed and marks drafts', () => {
    const html = renderMinutesHtml({ ...base, status: 'draft', verificationCode: null });
    expect(html).not.toContain('<script>x</script>');
    expect(html).toContain('line1<br>&lt;script&gt;');
    expect(html).toContain('DRAFT');
  });

  it('names a decision under its agenda item, and no stray separator where an item has no presenter', () => {
    const html = renderMinutesHtml({
      ...base,
      agenda: [
        { ...base.agenda[0], presenterUserId: null, durationMinutes: 20 },
        {
          ...base.agenda[0],
          id: 'a2',
          number: '2',
          title: 'ផ្សេងៗ',
          presenterUserId: null,
          durationMinutes: null,
        },
      ],
      content: {
        ...base.content,
        decisions: [
          { text: 'អនុម័ត', agendaItemId: 'a2', votesFor: 3 },
          { text: 'គ្មានរបៀបវារៈ' },
          { text: 'ទីបី', agendaItemId: 'a2' },
        ],
      },
    });
    expect(html).toContain('<p class="meta">20 នាទី / min</p>');
    expect(html).not.toMatch(/<p class="meta">\s*·/);
    expect(html).not.toMatch(/<p class="meta"><\/p>/);
    expect(html).toContain('សេចក្តីសម្រេច / Decisions: 1, 3</p>');
    expect(html).toContain('អនុម័ត <span class="votes">(របៀបវារៈ / Agenda item 2)</span>');
    // Counts left empty were not recorded: not printed as zeros.
    expect(html).toContain('For: 3 · ប្រឆាំង / Against: — · អនុប្បវាទ / Abstain: —</span>');
    expect(html).toContain('<strong>2.</strong> គ្មានរបៀបវារៈ<br>');
    expect(html).toMatch(/h2, h3 \{ break-after: avoid;/);
  });

  it('helpers', () => {
    expect(esc(`<a href="x">'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&lt;/a&gt;');
    expect(formatLocal(new Date('2026-12-01T20:30:00Z'))).toBe('2026-12-02 03:30 (UTC+7)');
  });
});
