import { describe, expect, it } from 'vitest';

const files = import.meta.glob<Record<string, unknown>>('./*/*.json', { eager: true, import: 'default' });

/** Every key path of a translation file, plural forms (`_one`, `_other`) folded into one. */
function keys(resource: unknown, prefix = ''): string[] {
  if (typeof resource !== 'object' || resource === null) return [prefix];
  return Object.entries(resource).flatMap(([k, v]) =>
    keys(v, `${prefix}${prefix ? '.' : ''}${k.replace(/_(zero|one|two|few|many|other)$/, '')}`),
  );
}

const byLanguage = (language: string) =>
  Object.fromEntries(
    Object.entries(files)
      .filter(([path]) => path.startsWith(`./${language}/`))
      .map(([path, resource]) => [path.split('/')[2], new Set(keys(resource))]),
  );

describe('translations', () => {
  const km = byLanguage('km');
  const en = byLanguage('en');

  it('has the same areas in km and en', () => {
    expect(Object.keys(km).sort()).toEqual(Object.keys(en).sort());
    expect(Object.keys(en)).toContain('common.json');
  });

  it('has every English key in Khmer and every Khmer key in English', () => {
    for (const area of Object.keys(en)) {
      const missingInKm = [...en[area]!].filter((k) => !km[area]?.has(k));
      const missingInEn = [...(km[area] ?? [])].filter((k) => !en[area]!.has(k));
      expect({ area, missingInKm, missingInEn }).toEqual({ area, missingInKm: [], missingInEn: [] });
    }
  });

  it('has no empty text', () => {
    for (const [path, resource] of Object.entries(files)) {
      const empty = keys(resource).filter((k) => {
        const value = k.split('.').reduce<unknown>((o, p) => {
          if (typeof o !== 'object' || o === null) return undefined;
          const rec = o as Record<string, unknown>;
          return rec[p] ?? rec[`${p}_other`];
        }, resource);
        return typeof value === 'string' && !value.trim();
      });
      expect({ path, empty }).toEqual({ path, empty: [] });
    }
  });

  it('gives English plurals both forms', () => {
    for (const [path, resource] of Object.entries(files)) {
      if (!path.startsWith('./en/')) continue;
      const raw = JSON.stringify(resource);
      for (const m of raw.matchAll(/"(\w+)_one"/g)) expect(raw).toContain(`"${m[1]}_other"`);
    }
  });
});
