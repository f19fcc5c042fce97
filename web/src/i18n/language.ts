/**
 * The languages and the anonymous visitor's choice. No library here: the app's entry reads it
 * before the rest of the app has arrived (src/early.ts).
 */
export const LANGUAGES = ['km', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORED = 'language';
const COOKIE = /(?:^|;\s*)lang=(km|en)(?:;|$)/;

/**
 * The language last shown, in a cookie the server reads to render the login and verification
 * pages in it (src/ops/web-pages.ts): only a preference, no secret.
 */
export function rememberShownLanguage(language: Language): void {
  if (typeof document === 'undefined') return;
  const secure = window.location.protocol === 'https:' ? '; Secure' : '';
  document.cookie = `lang=${language}; Path=/; Max-Age=31536000; SameSite=Lax${secure}`;
}

/**
 * The language last shown (the cookie, as the server chose it for its pages), else the anonymous
 * visitor's choice, else the browser's preference (Khmer if it prefers Khmer).
 */
export function initialLanguage(): Language {
  const shown = typeof document === 'undefined' ? null : COOKIE.exec(document.cookie);
  if (shown) return shown[1] as Language;
  try {
    const stored = localStorage.getItem(STORED);
    if (stored === 'km' || stored === 'en') return stored;
  } catch {
    /* storage blocked: follow the browser */
  }
  const preferred = navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const tag of preferred) {
    if (tag.toLowerCase().startsWith('km')) return 'km';
    if (tag.toLowerCase().startsWith('en')) return 'en';
  }
  return 'en';
}

/** Remembers an anonymous visitor's choice (the only thing this app keeps in localStorage). */
export function rememberLanguage(language: Language): void {
  try {
    localStorage.setItem(STORED, language);
  } catch {
    /* not remembered */
  }
}
