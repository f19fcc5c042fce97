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
