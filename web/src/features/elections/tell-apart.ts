import { useQueries } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { api, call, type Schemas } from '../../api/client';
import { displayName, localName } from '../../components/names';

interface Person {
  userId: string;
  fullName: string;
  fullNameKm: string | null;
}

/** The names shown for more than one person (two officials may well be called Kim Sothea). */
export function sharedNames(people: readonly Person[], language: string): Set<string> {
  const seen = new Map<string, Set<string>>();
  for (const p of people) {
    const name = displayName(p, language);
    seen.set(name, (seen.get(name) ?? new Set()).add(p.userId));
  }
  return new Set([...seen].filter(([, ids]) => ids.size > 1).map(([name]) => name));
}

/**
 * What tells apart a member from another of the same name, as far as the reader may know it: their
 * unit, their member number, and their sign-in name (given only to those who manage members). On a
 * narrow screen the line wraps between the parts and within the unit's name, never between "No." and
 * the number (the space before the number does not break).
 */
export function memberMarks(
  m: Pick<Schemas['AssociationMemberDto'], 'unitName' | 'unitNameKm' | 'memberNo' | 'username'>,
  t: TFunction<'elections'>,
  language: string,
): string {
  return [
    localName(m.unitName, m.unitNameKm, language),
    m.memberNo ? t('members.numberIs', { number: m.memberNo }).replace(/ (?=\S+$)/, '\u00a0') : '',
    m.username ?? '',
  ]
    .filter(Boolean)
    .join(' · ');
}

/**
 * What tells apart people shown with the same name (memberMarks), looked up
 * among the association's members (by name, so only for names that are shared). Null for a name
 * nobody else has.
 */
export function useTellApart(
  associationId: string,
  people: readonly Person[],
): (userId: string, form?: 'full' | 'short') => string | null {
  const { t, i18n } = useTranslation('elections');
  const shared = sharedNames(people, i18n.language);
  const searches = [
    ...new Set(people.filter((p) => shared.has(displayName(p, i18n.language))).map((p) => p.fullName)),
  ];
  const found = useQueries({
    queries: searches.map((search) => ({
      queryKey: ['association', associationId, 'members', '', search],
      queryFn: () =>
        call(
          api.GET('/api/v1/associations/{id}/members', {
            params: { path: { id: associationId }, query: { limit: 200, search } },
          }),
        ),
    })),
  });
  const members = found.flatMap((q) => q.data?.items ?? []);
  // `short`: the member number alone where there is one (a chart's label has no room for the unit).
  return (userId, form = 'full') => {
    const p = people.find((x) => x.userId === userId);
    if (!p || !shared.has(displayName(p, i18n.language))) return null;
    const m = members.find((x) => x.userId === userId);
    if (!m) return null;
    const short =
      form === 'short' && m.memberNo ? { ...m, unitName: null, unitNameKm: null, username: null } : m;
    return memberMarks(short, t, i18n.language) || null;
  };
}
