import type { Locale } from '../common/i18n/locale.js';

export interface EmailInput {
  locale: Locale;
  /** The notification's title and body, already in the reader's language. */
  title: string;
  body: string;
  /** The absolute URL of the page the notification is about, if any. */
  url: string | null;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

const WORDS = {
  km: { open: 'បើកមើលក្នុងប្រព័ន្ធ', footer: 'សារនេះផ្ញើដោយប្រព័ន្ធលំហូរការងារឌីជីថលរបស់ក្រសួង។' },
  en: {
    open: 'Open in the system',
    footer: "This message was sent by the ministry's digital workflow system.",
  },
} as const;

/** An e-mail in the reader's language: a plain-text part and an HTML part, both linking to the page. */
export function renderEmail(input: EmailInput): RenderedEmail {
  const w = WORDS[input.locale] ?? WORDS.km;
  const text = [input.body, input.url ? `${w.open}: ${input.url}` : '', '--', w.footer]
    .filter(Boolean)
    .join('\n\n');
  const html = `<!DOCTYPE html>
<html lang="${input.locale === 'en' ? 'en' : 'km'}">
<head><meta charset="utf-8"><title>${esc(input.title)}</title></head>
<body style="font-family: 'Khmer OS Battambang', 'Noto Sans Khmer', Arial, sans-serif; line-height: 1.7; color: #111;">
<h1 style="font-size: 18px;">${esc(input.title)}</h1>
<p>${esc(input.body).replace(/\r?\n/g, '<br>')}</p>
${input.url ? `<p><a href="${esc(input.url)}" style="display: inline-block; padding: 8px 16px; background: #1d4ed8; color: #fff; text-decoration: none; border-radius: 4px;">${esc(w.open)}</a></p>\n<p style="font-size: 12px; color: #555;">${esc(input.url)}</p>` : ''}
<hr><p style="font-size: 12px; color: #555;">${esc(w.footer)}</p>
</body>
</html>
`;
  return { subject: input.title, text, html };
}
