import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, call } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { displayName } from '../../components/names';
import { useFormat } from '../../i18n/format';
import type { Association } from './api';

/** The elections of the associations I belong to, each under its association. */
export function ElectionsPage() {
  const { t, i18n } = useTranslation('elections');
  const associations = useQuery({
    queryKey: ['associations'],
    queryFn: () => call(api.GET('/api/v1/associations', { params: { query: { limit: 100 } } })),
  });
  return (
    <Page title={t('list.title')}>
      {associations.isPending ? (
        <Loading />
      ) : associations.isError ? (
        <ErrorMessage error={associations.error} />
      ) : associations.data.items.length === 0 ? (
        <p className="muted">{t('list.noAssociations')}</p>
      ) : (
        associations.data.items.map((a) => (
          <section key={a.id} className="panel" aria-label={displayName(a, i18n.language)}>
            <h2>{displayName(a, i18n.language)}</h2>
            <AssociationElections association={a} />
          </section>
        ))
      )}
    </Page>
  );
}

function AssociationElections({ association }: { association: Association }) {
  const { t } = useTranslation('elections');
  const format = useFormat();
  const elections = useQuery({
    queryKey: ['associations', association.id, 'elections'],
    queryFn: () =>
      call(api.GET('/api/v1/associations/{id}/elections', { params: { path: { id: association.id } } })),
  });
  if (elections.isPending) return <Loading />;
  if (elections.isError) return <ErrorMessage error={elections.error} />;
  if (elections.data.items.length === 0) return <p className="muted">{t('list.none')}</p>;
  return (
    <ul className="item-list">
      {elections.data.items.map((e) => (
        <li key={e.id}>
          <Link to={`/elections/${e.id}`} className="item-title">
            {e.title}
          </Link>
          <span className="item-meta">
            <span className={`badge badge-election-${e.status}`}>{t(`status.${e.status}`)}</span>
            <span>
              {t('list.window', {
                from: format.dateTime(e.votingOpensAt),
                until: format.dateTime(e.votingClosesAt),
              })}
            </span>
          </span>
        </li>
      ))}
    </ul>
  );
}
