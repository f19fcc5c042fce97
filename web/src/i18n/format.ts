import { useTranslation } from 'react-i18next';
import { formatNumber, intlHasKhmer, khmerDate } from './khmer-format';

const LOCALES = { km: 'km-KH', en: 'en-GB' } as const;

/** Dates and numbers in the user's language (Intl; Khmer written here where Intl lacks Khmer). */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = LOCALES[i18n.language === 'km' ? 'km' : 'en'];
  // Without Khmer data Intl would fall back to US English: Khmer is written here instead.
  const ownKhmer = locale === LOCALES.km && !intlHasKhmer();
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
      return ownKhmer ? khmerDate(d) : new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(d);
    },
    dateTime(v: unknown): string {
      const d = asDate(v);
      if (!d) return '';
      if (ownKhmer) return khmerDate(d, true);
      return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
    },
    /** Counts, amounts, page numbers: Khmer digits in Khmer, as the dates beside them. */
    number(n: number, options?: Intl.NumberFormatOptions): string {
      return formatNumber(n, i18n.language, options);
    },
    bytes(n: number): string {
      const units = ['B', 'kB', 'MB', 'GB'];
      let i = 0;
      let v = n;
      while (v >= 1024 && i < units.length - 1) {
        v /= 1024;
        i += 1;
      }
      return `${formatNumber(v, i18n.language, { maximumFractionDigits: 1 })} ${units[i]}`;
    },
  };
}
