/**
 * The languages and the anonymous visitor's choice. No library here: the app's entry reads it
 * before the rest of the app has arrived (src/early.ts).
 */
export const LANGUAGES = ['km', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORED = 'language';

/** The anonymous visitor's choice, else the browser's preference (Khmer if it prefers Khmer). */
export function initialLanguage(): Language {
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
