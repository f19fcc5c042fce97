import { useTranslation } from 'react-i18next';
import { TIME_ZONE, fileSize, formatNumber, khmerDate, khmerDigits, reportingPeriod } from './khmer-format';

const LOCALES = { km: 'km-KH', en: 'en-GB' } as const;

/**
 * Dates and numbers in the user's language, in Phnom Penh time: English by Intl, Khmer written by
 * khmer-format.ts (the same in every browser and in the server's render).
 */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = LOCALES[i18n.language === 'km' ? 'km' : 'en'];
  const khmer = locale === LOCALES.km;
  const asDate = (v: unknown): Date | null => {
    if (typeof v !== 'string' && typeof v !== 'number' && !(v instanceof Date)) return null;
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? null : d;
  };
  return {
    locale,
    date(v: unknown): string {
      const d = asDate(v);
      if (!d) return '';
      return khmer
        ? khmerDate(d)
        : new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: TIME_ZONE }).format(d);
    },
    dateTime(v: unknown): string {
      const d = asDate(v);
      if (!d) return '';
      if (khmer) return khmerDate(d, true);
      return new Intl.DateTimeFormat(locale, {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone: TIME_ZONE,
      }).format(d);
    },
    /** Counts, amounts, page numbers: Khmer digits in Khmer, as the dates beside them. */
    number(n: number, options?: Intl.NumberFormatOptions): string {
      return formatNumber(n, i18n.language, options);
    },
    /** Digits inside a text (an agenda item's number, `2.1`): Khmer digits in Khmer. */
    digits(text: string): string {
      return i18n.language === 'km' ? khmerDigits(text) : text;
    },
    /** A reporting period (`2026-Q3`, `2026-07`) as people say it. */
    period(p: string): string {
      return reportingPeriod(p, i18n.language);
    },
    bytes(n: number): string {
      return fileSize(n, i18n.language);
    },
  };
}
