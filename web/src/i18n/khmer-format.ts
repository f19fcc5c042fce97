/**
 * Khmer dates and numbers where the browser's Intl has no Khmer data (Debian's Chromium, some
 * phones): Khmer digits and month names, the day first, as Khmer official letters write them.
 */
const DIGITS = ['០', '១', '២', '៣', '៤', '៥', '៦', '៧', '៨', '៩'];
const MONTHS = ['មករា', 'កុម្ភៈ', 'មីនា', 'មេសា', 'ឧសភា', 'មិថុនា', 'កក្កដា', 'សីហា', 'កញ្ញា', 'តុលា', 'វិច្ឆិកា', 'ធ្នូ'];

/** Every ASCII digit of `text` as a Khmer digit. */
export function khmerDigits(text: string): string {
  return text.replace(/[0-9]/g, (d) => DIGITS[Number(d)] ?? d);
}

const two = (n: number) => String(n).padStart(2, '0');

/** `៥ ធ្នូ ២០២៦`, and with the time `៥ ធ្នូ ២០២៦ ម៉ោង ០៦:៣៤` (the browser's time zone). */
export function khmerDate(d: Date, withTime = false): string {
  const date = `${d.getDate()} ${MONTHS[d.getMonth()] ?? ''} ${d.getFullYear()}`;
  return khmerDigits(withTime ? `${date} ម៉ោង ${two(d.getHours())}:${two(d.getMinutes())}` : date);
}

/** Whether this browser's Intl formats Khmer itself. */
export function intlHasKhmer(): boolean {
  return Intl.DateTimeFormat.supportedLocalesOf(['km']).length > 0;
}

/**
 * A number in the page's language: in Khmer with Khmer digits (Intl's `khmr` numbering where the
 * browser has Khmer data, written here where it has not), so counts sit beside Khmer dates in one
 * script. Grouping and decimals as en-GB writes them in the fallback.
 */
export function formatNumber(n: number, language: string, options?: Intl.NumberFormatOptions): string {
  if (language !== 'km') return new Intl.NumberFormat('en-GB', options).format(n);
  if (intlHasKhmer()) {
    return new Intl.NumberFormat('km-KH', { ...options, numberingSystem: 'khmr' }).format(n);
  }
  return khmerDigits(new Intl.NumberFormat('en-GB', options).format(n));
}
