import type { ElectionResults } from './tally.js';

const FONT = "'Noto Sans Khmer', 'Khmer OS', 'Khmer OS System', 'Noto Sans', sans-serif";
const ROW = 28;
const LABEL_WIDTH = 260;
const BAR_WIDTH = 420;
const PAD = 16;

const COLORS: Record<string, string> = {
  elected: '#1b7f3b',
  tied: '#c77c02',
  substitute: '#5b7db1',
  not_elected: '#9aa5b1',
};

export function escapeXml(s: string): string {
  return s.replace(
    /[<>&"']/g,
    (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[ch]!,
  );
}

/**
 * A horizontal bar chart of votes per candidate, elected ones in green with a check mark.
 * Names are SVG text (Khmer names included), so any viewer with a Khmer font renders them.
 */
export function renderResultsSvg(title: string, results: ElectionResults): string {
  const max = Math.max(1, ...results.candidates.map((c) => c.votes));
  const height = PAD * 2 + 56 + results.candidates.length * ROW + 24;
  const width = PAD * 2 + LABEL_WIDTH + BAR_WIDTH + 80;
  const rows = results.candidates.map((c, i) => {
    const y = PAD + 56 + i * ROW;
    const w = Math.round((c.votes / max) * BAR_WIDTH);
    const name = c.fullNameKm ? `${c.fullNameKm} (${c.fullName})` : c.fullName;
    const mark = c.outcome === 'elected' ? '✓ ' : '';
    return [
      `<g data-candidate-id="${escapeXml(c.candidateId)}" data-outcome="${c.outcome}">`,
      `<text x="${PAD + LABEL_WIDTH - 8}" y="${y + 18}" text-anchor="end">${mark}${escapeXml(name)}</text>`,
      `<rect x="${PAD + LABEL_WIDTH}" y="${y + 4}" width="${w}" height="${ROW - 8}" fill="${COLORS[c.outcome]}"/>`,
      `<text x="${PAD + LABEL_WIDTH + w + 6}" y="${y + 18}">${c.votes}</text>`,
      `</g>`,
    ].join('');
  });
  const summary =
    `Turnout ${results.ballotsCast}/${results.eligible} (${results.turnoutPercent}%), blank ${results.blankBallots}` +
    (results.quorumPercent !== null ? `, quorum ${results.quorumMet ? 'met' : 'NOT met'}` : '') +
    (results.tie ? ', tie awaiting tie-break' : '');
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}" font-size="14">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${PAD}" y="${PAD + 16}" font-size="18" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="${PAD}" y="${PAD + 40}" fill="#444">${escapeXml(summary)}</text>`,
    ...rows,
    `<text x="${PAD}" y="${height - PAD}" fill="${COLORS.elected}">✓ elected (${results.elected.length}/${results.seats} seats)</text>`,
    `</svg>`,
    '',
  ].join('\n');
}
