import i18n, { type BackendModule, type ResourceKey } from 'i18next';
import { initReactI18next } from 'react-i18next';

export const LANGUAGES = ['km', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * Translations: one file per language and area (i18n/km/documents.json, i18n/en/documents.json).
 * `common` ships with the app; an area's file loads with the area's page.
 */
const eager = import.meta.glob<ResourceKey>('./*/common.json', { eager: true, import: 'default' });
const lazy = import.meta.glob<ResourceKey>(['./*/*.json', '!./*/common.json'], { import: 'default' });

const areaBackend: BackendModule = {
  type: 'backend',
  init() {},
  read(language, namespace, done) {
    const load = lazy[`./${language}/${namespace}.json`];
    if (!load) {
      done(new Error(`no translations ${language}/${namespace}`), null);
      return;
    }
    load().then(
      (resource) => done(null, resource),
      (error: unknown) => done(error as Error, null),
    );
  },
};

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

export function applyLanguage(language: Language): Promise<unknown> {
  document.documentElement.lang = language;
  return i18n.changeLanguage(language);
}

export function setUpI18n(language: Language): Promise<unknown> {
  const resources: Record<string, Record<string, ResourceKey>> = {};
  for (const [path, resource] of Object.entries(eager)) {
    const language = path.split('/')[1]!;
    resources[language] = { common: resource };
  }
  document.documentElement.lang = language;
  return i18n
    .use(areaBackend)
    .use(initReactI18next)
    .init({
      lng: language,
      supportedLngs: [...LANGUAGES],
      fallbackLng: false,
      ns: ['common'],
      defaultNS: 'common',
      fallbackNS: 'common',
      resources,
      partialBundledLanguages: true,
      interpolation: { escapeValue: false },
      returnNull: false,
    });
}

export function currentLanguage(): Language {
  return i18n.language === 'km' ? 'km' : 'en';
}

export { i18n };
