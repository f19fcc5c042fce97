/**
 * Khmer dates and numbers, written here rather than by Intl (whose Khmer data Debian's Chromium and
 * some phones lack): Khmer digits and month names, the day first, as Khmer official letters write
 * them. The same on every browser and in the server's render of a page (src/entry-server.tsx).
 */
const DIGITS = ['០', '១', '២', '៣', '៤', '៥', '៦', '៧', '៨', '៩'];
const MONTHS = ['មករា', 'កុម្ភៈ', 'មីនា', 'មេសា', 'ឧសភា', 'មិថុនា', 'កក្កដា', 'សីហា', 'កញ្ញា', 'តុលា', 'វិច្ឆិកា', 'ធ្នូ'];

/** Every ASCII digit of `text` as a Khmer digit. */
export function khmerDigits(text: string): string {
  return text.replace(/[0-9]/g, (d) => DIGITS[Number(d)] ?? d);
}

/** Every Khmer digit of `text` as an ASCII digit (what a form sends, whichever digits were typed). */
export function asciiDigits(text: string): string {
  return text.replace(/[០-៩]/g, (d) => String(DIGITS.indexOf(d)));
}

/**
 * A number as people type it: Khmer or ASCII digits, thousands grouped by commas or spaces, a
 * decimal point (`២០ ០០០`, `15,000`, `1500.50`). Undefined when the text is no such number.
 */
export function typedNumber(text: string): number | undefined {
  const plain = asciiDigits(text.trim()).replace(/(\d)[,\s\u00a0\u202f](?=\d{3}(\D|$))/g, '$1');
  return /^-?\d+(\.\d+)?$/.test(plain) ? Number(plain) : undefined;
}

/**
 * The ministry's time: every date and time the app writes is Phnom Penh time, as the server's
 * notifications, PDFs and server-rendered pages write it, whatever the device's own time zone.
 */
export const TIME_ZONE = 'Asia/Phnom_Penh';

/** The parts of `d` in Phnom Penh time. */
function parts(d: Date): Record<'year' | 'month' | 'day' | 'hour' | 'minute', number> {
  const found = new Intl.DateTimeFormat('en-GB', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d);
  const part = (type: string) => Number(found.find((p) => p.type === type)?.value ?? 0);
  return {
    year: part('year'),
    month: part('month'),
    day: part('day'),
    hour: part('hour'),
    minute: part('minute'),
  };
}

/** Today's date in Phnom Penh, `YYYY-MM-DD` (a date field's value), whatever the device's zone. */
export function todayInPhnomPenh(now = new Date()): string {
  const p = parts(now);
  return `${p.year}-${two(p.month)}-${two(p.day)}`;
}

const two = (n: number) => String(n).padStart(2, '0');

/**
 * A date-and-time field's value (`2026-12-05T09:00`) as the instant it names in Phnom Penh (UTC+7
 * all year: Cambodia keeps no summer time), whatever the device's zone: a meeting set for 09:00 is
 * at 09:00 in the ministry, as every page then shows it. A date alone (`2026-12-05`) is its midnight.
 */
export function ministryInstant(local: string): string {
  const [date = '', time = '00:00'] = local.split('T');
  return new Date(`${date}T${time.length === 5 ? `${time}:00` : time}+07:00`).toISOString();
}

/** The date-and-time field's value (`YYYY-MM-DDTHH:mm`, Phnom Penh time) of an instant; '' for none. */
export function ministryFieldValue(instant: unknown): string {
  if (typeof instant !== 'string' && !(instant instanceof Date)) return '';
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) return '';
  const p = parts(d);
  return `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}`;
}

/**
 * The field value a minute after another (`2026-12-05T09:00` → `…T09:01`), for a closing time that
 * must come after its opening: the server refuses a close equal to the open, so the field's own
 * lower bound is the next minute. '' stays ''.
 */
export function minuteAfter(local: string): string {
  if (!local) return '';
  return ministryFieldValue(new Date(Date.parse(ministryInstant(local)) + 60_000));
}

/** `៥ ធ្នូ ២០២៦`, and with the time `៥ ធ្នូ ២០២៦ ម៉ោង ០៦:៣៤` (Phnom Penh time). */
export function khmerDate(d: Date, withTime = false): string {
  const p = parts(d);
  const date = `${p.day} ${MONTHS[p.month - 1] ?? ''} ${p.year}`;
  return khmerDigits(withTime ? `${date} ម៉ោង ${two(p.hour)}:${two(p.minute)}` : date);
}

/**
 * A number in the page's language: in Khmer with Khmer digits, so counts sit beside Khmer dates in
 * one script; grouping and decimals as en-GB writes them. Written here, not by Intl's Khmer data
 * (which some browsers lack), so every browser and the server's render write the same.
 */
export function formatNumber(n: number, language: string, options?: Intl.NumberFormatOptions): string {
  const text = new Intl.NumberFormat('en-GB', options).format(n);
  return language === 'km' ? khmerDigits(text) : text;
}

const SIZE_UNITS: Record<'km' | 'en', readonly string[]> = {
  km: ['បៃ', 'គីឡូបៃ', 'មេហ្គាបៃ', 'ជីហ្គាបៃ'],
  en: ['B', 'kB', 'MB', 'GB'],
};

/** A file's size in the page language: "2.3 MB", "២.៣ មេហ្គាបៃ" (steps of 1,024). */
export function fileSize(n: number, language: string): string {
  const units = SIZE_UNITS[language === 'km' ? 'km' : 'en'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${formatNumber(v, language, { maximumFractionDigits: 1 })} ${units[i]}`;
}

const EN_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * A reporting period as people say it: `2026-Q3` is "Q3 2026" and "ត្រីមាសទី៣ ឆ្នាំ២០២៦",
 * `2026-07` is "July 2026" and "ខែកក្កដា ឆ្នាំ២០២៦"; anything else stays as written.
 */
export function reportingPeriod(period: string, language: string): string {
  const km = language === 'km';
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  if (quarter) {
    const [, year = '', q = ''] = quarter;
    return km ? khmerDigits(`ត្រីមាសទី${q} ឆ្នាំ${year}`) : `Q${q} ${year}`;
  }
  const month = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period);
  if (month) {
    const [, year = '', m = ''] = month;
    return km
      ? khmerDigits(`ខែ${MONTHS[Number(m) - 1] ?? ''} ឆ្នាំ${year}`)
      : `${EN_MONTHS[Number(m) - 1] ?? ''} ${year}`;
  }
  return period;
}
