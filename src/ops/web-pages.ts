import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyRequest } from 'fastify';
import {
  CODE_LENGTH,
  formatVerificationCode,
  normalizeVerificationCode,
} from '../approvals/domain/verification-code.js';
import type { VerificationDto } from '../approvals/dto/decision.dto.js';
import { MINISTRY_TIME_ZONE } from '../common/ministry-time.js';
import { webAppCspWithStyles } from './security-headers.js';

/**
 * The login and public verification pages rendered by the server, so that a phone on a slow
 * network paints them from the first answer: the page's text in the visitor's language, its styles
 * inline (allowed by their hash in the page's CSP), no script needed to read them. The web app
 * then takes over (web/src/prerendered.ts): it renders the same markup into `#root`, keeping what
 * was typed and where the focus was. The markup here mirrors web/src/features/auth/LoginPage.tsx
 * and web/src/features/verify/VerifyPage.tsx: change them together.
 *
 * Controls that need the app to work are disabled here (the Sign in button, the language menu,
 * the file check) and enabled by it; the verification form works without it (a GET of
 * `/verify?code=...`, which the server sends on to `/verify/<code>`).
 */

export type Language = 'km' | 'en';
type Strings = Record<Language, Record<string, unknown>>;

/** The translations the build writes for these pages (web/vite.config.ts `prerenderStrings`). */
export const STRINGS_FILE = '.prerender.json';

/** The verification answer the page shows, or that the code is unknown; the app reads it as it starts. */
export type Verification =
  { code: string; status: 200; data: VerificationDto } | { code: string; status: 404 };

export interface WebPages {
  /**
   * The login page; `notice`: the common namespace's key of what it says first (the app sent the
   * visitor here because the session ended: `loginNotice` in web-app.ts).
   */
  login(language: Language, notice: string | null): string;
  /** `/verify` (no code) or `/verify/<code>`; `result` null when it could not be looked up (the app then asks). */
  verify(language: Language, code: string | null, result: Verification | null): string;
  /** The whole document around `body` (the markup of `#root`), with the app's data for it (JSON). */
  page: (language: Language, title: string, body: string, data: unknown) => string;
  /** A translation (`namespace.key`), interpolated and escaped. */
  text: (language: Language, key: string, vars?: Record<string, string>) => string;
  /** The CSP of these pages: the app's, with the inline styles' hashes. */
  csp: string;
}

export const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** A code in groups of four as the signed copy prints it (the app's readableCode); else as typed. */
function readableCode(typed: string): string {
  const key = normalizeVerificationCode(typed);
  return key ? formatVerificationCode(key) : typed;
}

/** JSON inside `<script type="application/json">`: nothing in it may close the element. */
const jsonInHtml = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

/**
 * The visitor's language: the `lang` cookie the app sets when one is chosen, else the browser's
 * preference (Accept-Language, by weight: Khmer if it prefers Khmer, else English), as the app
 * chooses on a first visit (web/src/i18n/language.ts).
 */
export function pageLanguage(request: FastifyRequest): Language {
  const cookie = /(?:^|;\s*)lang=(km|en)(?:;|$)/.exec(request.headers.cookie ?? '');
  if (cookie) return cookie[1] as Language;
  const ranges = (request.headers['accept-language'] ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
      return { tag, q: q === undefined ? 1 : Number(q), i };
    })
    .filter((r) => r.tag && r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranges) {
    if (tag.startsWith('km')) return 'km';
    if (tag.startsWith('en')) return 'en';
  }
  return 'en';
}

/** Dates as the app writes them (web/src/i18n/format.ts and khmer-format.ts), in Cambodia's time. */
const KHMER_DIGITS = ['០', '១', '២', '៣', '៤', '៥', '៦', '៧', '៨', '៩'];
const KHMER_MONTHS = [
  'មករា',
  'កុម្ភៈ',
  'មីនា',
  'មេសា',
  'ឧសភា',
  'មិថុនា',
  'កក្កដា',
  'សីហា',
  'កញ្ញា',
  'តុលា',
  'វិច្ឆិកា',
  'ធ្នូ',
];

export function formatDateTime(value: string | null | undefined, language: Language): string {
  if (!value) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  if (language === 'en') {
    return new Intl.DateTimeFormat('en-GB', {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: MINISTRY_TIME_ZONE,
    }).format(d);
  }
  const part = (type: string) =>
    new Intl.DateTimeFormat('en-GB', {
      timeZone: MINISTRY_TIME_ZONE,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(d)
      .find((p) => p.type === type)?.value ?? '';
  const text = `${Number(part('day'))} ${KHMER_MONTHS[Number(part('month')) - 1] ?? ''} ${part('year')} ម៉ោង ${part('hour')}:${part('minute')}`;
  return khmerDigits(text);
}

function khmerDigits(text: string): string {
  return text.replace(/[0-9]/g, (n) => KHMER_DIGITS[Number(n)] ?? n);
}

/** A name given in both languages (a workflow stage's): the Khmer one on a Khmer page when there is one. */
export function localName(
  en: string | null | undefined,
  km: string | null | undefined,
  language: Language,
): string {
  if (language === 'km' && km) return km;
  return en || km || '';
}

export function displayName(
  person: {
    name?: string | null;
    nameKm?: string | null;
    fullName?: string | null;
    fullNameKm?: string | null;
  } | null,
  language: Language,
): string {
  if (!person) return '';
  const km = person.fullNameKm ?? person.nameKm;
  const en = person.fullName ?? person.name;
  if (language === 'km' && km) return km;
  return en ?? km ?? '';
}

/**
 * Reads the build once: index.html, its stylesheet (to inline) and the translations. Returns null
 * when the build lacks them (an older build, the API tests' stand-in): its index.html is then sent.
 */
export function loadWebPages(root: string): WebPages | null {
  const stringsPath = join(root, STRINGS_FILE);
  if (!existsSync(stringsPath)) return null;
  const strings = JSON.parse(readFileSync(stringsPath, 'utf8')) as Strings;
  let index = readFileSync(join(root, 'index.html'), 'utf8');
  // The entry's stylesheet, inline: a separate file would cost the page another round trip before
  // its first paint. The app's own `<link>` goes, so the browser does not fetch it as well.
  const hashes: string[] = [];
  index = index.replace(
    /<link rel="stylesheet"[^>]*href="\/(assets\/[^"]+\.css)"[^>]*>/g,
    (_tag, file: string) => {
      const css = readFileSync(join(root, file), 'utf8');
      hashes.push(createHash('sha256').update(css, 'utf8').digest('base64'));
      return `<style>${css}</style>`;
    },
  );
  const [head, tail] = index.split('<div id="root"></div>');
  if (tail === undefined || !head) return null;

  const lookUp = (language: Language, key: string): unknown => {
    let node: unknown = strings[language];
    for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
    return node;
  };
  const t = (language: Language, key: string, vars: Record<string, string> = {}, count?: number): string => {
    // i18next's plural keys (`key_one`, `key_other`), by the language's plural rules.
    const plural =
      count === undefined
        ? undefined
        : lookUp(language, `${key}_${new Intl.PluralRules(language).select(count)}`);
    const node =
      plural ?? (count === undefined ? undefined : lookUp(language, `${key}_other`)) ?? lookUp(language, key);
    const text = typeof node === 'string' ? node : key;
    return escapeHtml(text.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => vars[name] ?? ''));
  };

  const page = (language: Language, title: string, body: string, data: unknown) =>
    head
      .replace(/<html lang="[^"]*"/, `<html lang="${language}"`)
      .replace(/<title>[^<]*<\/title>/, `<title>${title} · ${t(language, 'common.appName')}</title>`) +
    `<div id="root">${body}</div>` +
    (data ? `<script type="application/json" id="prerendered">${jsonInHtml(data)}</script>` : '') +
    tail;

  // LanguageSelect.tsx, disabled until the app can switch.
  const languageSelect = (language: Language, compact: boolean) =>
    `<span class="${compact ? 'language compact' : 'language'}"><label for="language-prerendered"${compact ? ' class="visually-hidden"' : ''}>${t(language, 'common.language')}</label><select id="language-prerendered" disabled>` +
    `<option value="km" lang="km"${language === 'km' ? ' selected' : ''}>ខ្មែរ</option><option value="en" lang="en"${language === 'en' ? ' selected' : ''}>English</option></select></span>`;

  const login = (language: Language, notice: string | null) => {
    const c = (key: string) => t(language, `common.${key}`);
    const body =
      `<main id="main" class="standalone login"><div class="login-top"><p class="brand">${c('appName')}</p>${languageSelect(language, false)}</div>` +
      `<h1>${c('login.title')}</h1>` +
      (notice ? `<p class="alert alert-info" role="status">${c(notice)}</p>` : '') +
      `<form class="form" method="post" action="/login">` +
      `<div class="field"><label for="username">${c('login.username')}</label><input id="username" name="username" autocomplete="username" autocapitalize="none" spellcheck="false" required></div>` +
      `<div class="field"><label for="password">${c('login.password')}</label><input id="password" name="password" type="password" autocomplete="current-password" required></div>` +
      `<button type="submit" class="button-primary" disabled>${c('login.signIn')}</button></form>` +
      `<p class="muted"><a href="/verify">${c('login.verifyLink')}</a></p></main>`;
    return page(language, c('login.title'), body, null);
  };

  const verify = (language: Language, code: string | null, result: Verification | null) => {
    const v = (key: string, vars?: Record<string, string>) => t(language, `verify.${key}`, vars);
    const when = (at: string | null | undefined) =>
      `<time datetime="${escapeHtml(at ?? '')}">${escapeHtml(formatDateTime(at, language))}</time>`;
    let outcome = `<p>${v('intro')}</p>`;
    let signedFiles = '';
    if (code && result?.status === 404) {
      // A code typed one character short (or long) is a typing slip, not a forgery: said so.
      const typed = code.replace(/[\s-]/g, '').length;
      const why =
        typed === CODE_LENGTH
          ? v('notFoundText')
          : v('wrongLength', { n: language === 'km' ? khmerDigits(String(typed)) : String(typed) });
      const verdict = typed === CODE_LENGTH ? v('notFound') : v('notACode');
      outcome = `<p class="verdict verdict-bad" role="status">${verdict}</p><p>${why}</p>`;
    } else if (code && result?.status === 200) {
      const d = result.data;
      const verdict =
        d.status === 'revoked'
          ? `<div role="status"><p class="verdict verdict-bad">${v('revoked')}</p><p>${v('revokedText', { date: formatDateTime(d.revokedAt, language) })}</p>` +
            (d.revocationReason
              ? `<p><strong>${v('revocationReason')}${t(language, 'common.colon')}</strong> ${escapeHtml(d.revocationReason)}</p>`
              : '') +
            `</div>`
          : `<p class="verdict verdict-good" role="status">${v('genuine')}</p>`;
      const fact = (label: string, value: string) => `<div><dt>${v(label)}</dt><dd>${value}</dd></div>`;
      const signers = d.signers
        .map((s) => {
          const post = language === 'km' ? (s.postKm ?? s.post) : (s.post ?? s.postKm);
          const actingFor = s.actingFor ? displayName(s.actingFor, language) : null;
          return (
            `<li><strong>${escapeHtml(displayName(s, language))}</strong>${post ? escapeHtml(`, ${post}`) : ''}` +
            (actingFor ? ` (${v('actingFor', { name: actingFor })})` : '') +
            `<br><span class="muted">${escapeHtml(localName(s.stage, s.stageKm, language))} · ${when(s.at)}</span></li>`
          );
        })
        .join('');
      outcome =
        verdict +
        `<dl class="facts">${fact('reference', escapeHtml(d.referenceNumber))}${fact('docTitle', escapeHtml(d.title))}` +
        `${fact('unit', escapeHtml(displayName(d.issuingUnit, language)))}${fact('approvedAt', `<time datetime="${escapeHtml(d.approvedAt)}">${v('inZone', { when: formatDateTime(d.approvedAt, language) })}</time>`)}` +
        `${fact('code', `<code>${escapeHtml(readableCode(code))}</code>`)}</dl>` +
        `<h2>${v('signers')}</h2><ol class="plain-list signers">${signers}</ol>` +
        `<p class="hash">${v('approvedHash')}: <code>${escapeHtml(d.sha256)}</code></p>` +
        (d.signedCopySha256 && d.signedCopySha256 !== d.sha256
          ? `<p class="hash">${v('signedCopyHash')}: <code>${escapeHtml(d.signedCopySha256)}</code></p>`
          : '') +
        // The file check hashes in the browser: it waits for the app. Its stand-in keeps the
        // place (no jump) but is no control: not labelled, out of the accessibility tree.
        `<section class="panel" aria-labelledby="file-check-title"><h2 id="file-check-title">${v('fileCheck.title')}</h2><p>${v('fileCheck.text')}</p>` +
        `<div class="field"><label>${v('fileCheck.label')}</label><input type="file" disabled aria-hidden="true"></div><div role="status" aria-live="polite"></div></section>`;
      signedFiles =
        `<li><a href="/api/v1/verify/${encodeURIComponent(code)}/manifest.json" download="manifest.json">${v('offline.manifest')}</a></li>` +
        `<li><a href="/api/v1/verify/${encodeURIComponent(code)}/signature.bin" download="signature.bin">${v('offline.signature')}</a></li>`;
    }
    const body =
      `<div class="public"><header class="public-header"><a class="brand" href="/verify">${t(language, 'common.appName')}</a>${languageSelect(language, true)}</header>` +
      `<main id="main" class="standalone verify"><h1>${v('title')}</h1>` +
      `<form class="form inline-form" method="get" action="/verify"><div class="field"><label for="verify-code">${v('code')}</label>` +
      `<input id="verify-code" name="code" required autocapitalize="characters" spellcheck="false" value="${escapeHtml(code ?? '')}"></div>` +
      `<button type="submit">${v('check')}</button></form>` +
      outcome +
      `<section aria-labelledby="offline-title" class="muted-section"><h2 id="offline-title">${v('offline.title')}</h2><p>${v('offline.text')}</p>` +
      `<pre class="command"><code>openssl pkeyutl -verify -pubin -inkey ministry-signing-key.pem -rawin -in manifest.json -sigfile signature.bin</code></pre>` +
      `<ul class="plain-list downloads"><li><a href="/api/v1/verify/public-key" download="ministry-signing-key.pem">${v('offline.key')}</a></li>${signedFiles}</ul></section></main></div>`;
    return page(language, v('title'), body, result ? { verify: result } : null);
  };

  return {
    login,
    verify,
    page,
    text: t,
    csp: webAppCspWithStyles(hashes),
  };
}
