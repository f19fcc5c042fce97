/** `<UNITCODE>/<YEAR>/<5-digit>`, e.g. `ICT/2026/00042`. Numbers past 99999 simply grow wider. */
export function formatReferenceNumber(unitCode: string, year: number, n: number): string {
  return `${unitCode}/${year}/${String(n).padStart(5, '0')}`;
}
