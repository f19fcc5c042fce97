import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { localName } from '../../components/names';
import { Link } from 'react-router';
import { text } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { useFormat } from '../../i18n/format';

interface ListedElection {
  id: string;
  title: string;
  titleKm?: string | null;
  status: string;
  votingOpensAt: unknown;
  votingClosesAt: unknown;
  votingOpenedAt: unknown;
  votingClosedAt: unknown;
}

/**
 * A list of elections, each a link with its status and voting window (and what `extra` adds), or
 * the query's loading, error or "none yet" state. The window is when voting actually opened and
 * closed once it has (as on the election's page), the planned times before.
 */
export function ElectionList<E extends ListedElection>({
  query,
  extra,
}: {
  query: UseQueryResult<{ items: E[] }>;
  extra?: (e: E) => ReactNode;
}) {
  const { t, i18n } = useTranslation('elections');
  const format = useFormat();
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorMessage error={query.error} />;
  if (query.data.items.length === 0) return <p className="muted">{t('list.none')}</p>;
  return (
    <ul className="item-list">
      {query.data.items.map((e) => (
        <li key={e.id}>
          <Link to={`/elections/${e.id}`} className="item-title">
            {localName(e.title, e.titleKm, i18n.language)}
          </Link>
          <span className="item-meta">
            <span className={`badge badge-election-${e.status}`}>{t(`status.${e.status}`)}</span>
            {extra?.(e)}
            <span>
              {t('list.window', {
                from: format.dateTime(text(e.votingOpenedAt) ?? e.votingOpensAt),
                until: format.dateTime(text(e.votingClosedAt) ?? e.votingClosesAt),
              })}
            </span>
          </span>
        </li>
      ))}
    </ul>
  );
}
