import { useQueries, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { useSession } from '../auth/session';
import { useDocumentTypeName } from './documentTypes';
import { displayName } from './names';
import { userQuery } from './userQuery';
import { useFormat } from '../i18n/format';

export const delegationsKey = ['delegations'];

/** The delegations I hold and the ones given to me (the server lists both; an admin's, all). */
export function useDelegations() {
  return useQuery({ queryKey: delegationsKey, queryFn: () => call(api.GET('/api/v1/delegations')) });
}

/**
 * Whom I act for, now or later (its words in `common`: a namespace not yet loaded on the inbox page
 * made its server-drawn page render anew): the delegations given to me that are not revoked or over. A
 * delegate saw nothing of them, and could not tell why documents would come to them.
 */
export function ActingForList({ headingLevel }: { headingLevel: 2 | 3 }) {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const me = session.status === 'signedIn' ? session.user.id : '';
  const delegations = useDelegations();
  const now = Date.now();
  const toMe = (delegations.data ?? []).filter(
    (d) => d.toUserId === me && !d.revokedAt && Date.parse(d.endsAt) > now,
  );
  const people = useQueries({ queries: [...new Set(toMe.map((d) => d.fromUserId))].map(userQuery) });
  if (!toMe.length) return null;
  const name = (id: string) => {
    const found = people.find((q) => q.data?.id === id)?.data;
    return found ? displayName(found, i18n.language) : '…';
  };
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section aria-labelledby="acting-for-title" className="acting-for">
      <Heading id="acting-for-title">{t('actingFor.title')}</Heading>
      <ul className="item-list">
        {toMe.map((d) => (
          <li key={d.id}>
            <DelegationLine delegation={d} name={name(d.fromUserId)} />
          </li>
        ))}
      </ul>
      <p className="muted">{t('actingFor.text')}</p>
    </section>
  );
}

/** A delegation as one line: whose, from when until when, and for which documents. */
export function DelegationLine({
  delegation: d,
  name,
}: {
  delegation: { startsAt: string; endsAt: string; documentTypes?: string[] | null };
  name: string;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const typeName = useDocumentTypeName();
  return (
    <>
      {t('actingFor.row', { name, from: format.date(d.startsAt), until: format.date(d.endsAt) })}
      {' · '}
      {d.documentTypes?.length
        ? t('actingFor.only', { types: d.documentTypes.map(typeName).join(', ') })
        : t('actingFor.all')}
    </>
  );
}
