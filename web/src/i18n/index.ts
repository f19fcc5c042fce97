import i18n, { type BackendModule, type FormatterModule, type ResourceKey } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { formatNumber } from './khmer-format';
import { LANGUAGES, type Language, rememberShownLanguage } from './language';

export { LANGUAGES, type Language, initialLanguage, rememberLanguage } from './language';

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

/**
 * Every number a translation interpolates (`{{count}}`, `{{n}}`) is written in the page's
 * language, so a Khmer sentence never carries Latin digits; strings (codes, names) pass as they are.
 */
export const numbersInLanguage: FormatterModule = {
  type: 'formatter',
  init() {},
  add() {},
  addCached() {},
  // The value goes back as it came unless it is a number (i18next's type says string).
  format: (value: unknown, _format?: string, lng?: string) =>
    (typeof value === 'number' && Number.isFinite(value)
      ? formatNumber(value, lng ?? 'en')
      : value) as string,
};

export function applyLanguage(language: Language): Promise<unknown> {
  document.documentElement.lang = language;
  rememberShownLanguage(language);
  return i18n.changeLanguage(language);
}

/** How i18next is set up, in the browser and in the server's render (src/entry-server.tsx). */
export function i18nOptions(language: Language, resources: Record<string, Record<string, ResourceKey>>) {
  return {
    lng: language,
    supportedLngs: [...LANGUAGES],
    fallbackLng: false as const,
    ns: ['common'],
    defaultNS: 'common',
    fallbackNS: 'common',
    resources,
    partialBundledLanguages: true,
    interpolation: { escapeValue: false, alwaysFormat: true },
    returnNull: false,
  };
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
    .use(numbersInLanguage)
    .use(initReactI18next)
    .init(i18nOptions(language, resources));
}

export function currentLanguage(): Language {
  return i18n.language === 'km' ? 'km' : 'en';
}

export { i18n };
