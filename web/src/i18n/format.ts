import { useTranslation } from 'react-i18next';

const LOCALES = { km: 'km-KH', en: 'en-GB' } as const;

/** Dates and numbers in the user's language (Intl; Khmer month names with km). */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = LOCALES[i18n.language === 'km' ? 'km' : 'en'];
  const asDate = (v: unknown): Date | null => {
    if (typeof v !== 'string' && typeof v !== 'number' && !(v instanceof Date)) return null;
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? null : d;
  };
  return {
    locale,
    date(v: unknown): string {
      const d = asDate(v);
      return d ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(d) : '';
    },
    dateTime(v: unknown): string {
      const d = asDate(v);
      return d ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(d) : '';
    },
    number(n: number): string {
      return new Intl.NumberFormat(locale).format(n);
    },
    bytes(n: number): string {
      const units = ['B', 'kB', 'MB', 'GB'];
      let i = 0;
      let v = n;
      while (v >= 1024 && i < units.length - 1) {
        v /= 1024;
        i += 1;
      }
      return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(v)} ${units[i]}`;
    },
  };
}
