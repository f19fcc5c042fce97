import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { numbersInLanguage } from './index';
import { fileSize, formatNumber } from './khmer-format';

describe('numbers in the page language', () => {
  it('writes Khmer digits in Khmer and Latin ones in English', () => {
    expect(formatNumber(1234, 'en')).toBe('1,234');
    expect(formatNumber(1234, 'km')).toMatch(/^១[.,\u202f\u00a0]?២៣៤$/);
    expect(formatNumber(12.5, 'km', { maximumFractionDigits: 1 })).toMatch(/^១២[.,]៥$/);
  });

  it('writes file sizes with the units of the page language', () => {
    expect(fileSize(512, 'en')).toBe('512 B');
    expect(fileSize(2.5 * 1024 * 1024, 'en')).toBe('2.5 MB');
    expect(fileSize(512, 'km')).toBe('៥១២ បៃ');
    expect(fileSize(2.5 * 1024 * 1024, 'km')).toMatch(/^២[.,]៥ មេហ្គាបៃ$/);
    expect(fileSize(1536, 'km')).toMatch(/^១[.,]៥ គីឡូបៃ$/);
  });

  it('formats every number a translation interpolates, and leaves strings alone', async () => {
    const i18n = i18next.createInstance();
    await i18n.use(numbersInLanguage).init({
      lng: 'km',
      resources: {
        km: { translation: { stage: 'ដំណាក់កាលទី {{n}}', found: 'រកឃើញ {{count}}', ref: 'លេខ {{ref}}' } },
        en: {
          translation: { stage: 'Stage {{n}}', found_one: '{{count}} found', found_other: '{{count}} found' },
        },
      },
      interpolation: { escapeValue: false, alwaysFormat: true },
    });
    expect(i18n.t('stage', { n: 12 })).toBe('ដំណាក់កាលទី ១២');
    expect(i18n.t('found', { count: 3 })).toBe('រកឃើញ ៣');
    expect(i18n.t('ref', { ref: 'DWF-2026-0001' })).toBe('លេខ DWF-2026-0001');
    await i18n.changeLanguage('en');
    expect(i18n.t('stage', { n: 12 })).toBe('Stage 12');
    expect(i18n.t('found', { count: 1 })).toBe('1 found');
  });
});
