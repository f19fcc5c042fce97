import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import enHome from './en/home.json';
import enInbox from './en/inbox.json';
import kmHome from './km/home.json';
import kmInbox from './km/inbox.json';
import { i18nOptions, numbersInLanguage } from './index';

describe('a count of nothing is said as nothing, not as "0 documents"', () => {
  it('in Khmer and in English, on the home page and the inbox', async () => {
    const i18n = i18next.createInstance();
    await i18n.use(numbersInLanguage).init({
      ...i18nOptions('km', {
        km: { home: kmHome, inbox: kmInbox },
        en: { home: enHome, inbox: enInbox },
      }),
      ns: ['home', 'inbox'],
    });
    expect(i18n.t('inbox:count', { count: 0, n: '០' })).toBe('គ្មានឯកសាររង់ចាំការសម្រេចរបស់អ្នកទេ។');
    expect(i18n.t('home:tasksWaiting', { count: 0, n: '០' })).toBe('គ្មានឯកសាររង់ចាំអ្នកទេ');
    expect(i18n.t('inbox:count', { count: 2, n: '២' })).toMatch(/^មានឯកសារ ២ /);
    await i18n.changeLanguage('en');
    expect(i18n.t('inbox:count', { count: 0, n: '0' })).toBe('Nothing waits for your decision.');
    expect(i18n.t('home:tasksWaiting', { count: 0, n: '0' })).toBe('Nothing waits for you');
    expect(i18n.t('home:tasksWaiting', { count: 1, n: '1' })).toBe('1 document waits for you');
  });
});
