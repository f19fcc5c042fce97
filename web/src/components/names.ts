/** A person's name in the user's language (the Khmer name when there is one and the page is in Khmer). */
export function displayName(
  person: { fullName?: unknown; fullNameKm?: unknown; name?: unknown; nameKm?: unknown } | null | undefined,
  language: string,
): string {
  if (!person) return '';
  const km = person.fullNameKm ?? person.nameKm;
  const en = person.fullName ?? person.name;
  if (language === 'km' && typeof km === 'string' && km) return km;
  return typeof en === 'string' ? en : typeof km === 'string' ? km : '';
}

/**
 * A name given in both languages (a workflow stage's or template's `name` + `nameKm`): the Khmer one
 * when the page is in Khmer and there is one, else the English one.
 */
export function localName(
  en: string | null | undefined,
  km: string | null | undefined,
  language: string,
): string {
  if (language === 'km' && km) return km;
  return en || km || '';
}
