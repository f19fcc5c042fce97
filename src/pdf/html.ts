import QRCode from 'qrcode';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML content and attribute values. Every value a template prints goes through it. */
export const esc = (s: string | number | null | undefined): string =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** The QR code of a URL as an inline SVG element (ours, not user input). */
export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

/**
 * The page style of every rendered paper: A4, Khmer system fonts first (fonts-khmeros in the
 * image), no external resources.
 */
export const PAPER_STYLE = `
  @page { size: A4; margin: 18mm 16mm; }
  body { font-family: 'Khmer OS Battambang', 'Khmer OS', 'Noto Sans Khmer', 'Hanuman', 'Noto Sans', Arial, sans-serif;
         font-size: 11pt; line-height: 1.7; color: #000; margin: 0; }
  h1 { font-family: 'Khmer OS Muol Light', 'Khmer OS Battambang', serif; font-size: 15pt; text-align: center; margin: 0 0 4mm; }
  h2 { font-size: 12pt; border-bottom: 1px solid #000; margin: 5mm 0 2mm; }
  table { width: 100%; border-collapse: collapse; margin: 2mm 0; }
  th, td { border: 1px solid #444; padding: 1mm 2mm; vertical-align: top; text-align: left; }
  th { width: 48mm; font-weight: bold; }
  .kingdom { text-align: center; line-height: 1.5; margin-bottom: 6mm; }
  .mono { font-family: 'DejaVu Sans Mono', monospace; font-size: 9pt; word-break: break-all; }
  .qr { width: 40mm; height: 40mm; }
  .qr svg { width: 40mm; height: 40mm; }
  .page-break { break-after: page; }
`;

/** Phnom Penh time (UTC+7, no daylight saving). */
export function formatLocal(d: Date | string): string {
  const local = new Date(new Date(d).getTime() + 7 * 3600_000).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)} (UTC+7)`;
}
