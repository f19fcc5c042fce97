/** Text as a search compares it: NFC (Khmer typed in different orders of marks) and lower case. */
export function normalize(value: string): string {
  return value
    .normalize('NFC')
    .toLocaleLowerCase()
    .replace(/\u200b/g, '')
    .trim();
}

/** Whether any of the texts contains the query as a substring (Khmer has no spaces between words). */
export function matches(query: string, ...texts: (string | null | undefined)[]): boolean {
  const q = normalize(query);
  if (!q) return true;
  return texts.some((t) => t && normalize(t).includes(q));
}
