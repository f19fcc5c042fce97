import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Schemas, api, call } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { displayName } from '../../components/names';
import { MembersImport } from '../elections/MembersImport';

type Association = Schemas['AssociationDto'];

/** Associations, their members (active / retired), and a CSV import with a row-by-row report. */
export function AssociationsPage() {
  const { t, i18n } = useTranslation('admin');
  const list = useQuery({
    queryKey: ['associations'],
    queryFn: () => call(api.GET('/api/v1/associations', { params: { query: { limit: 100 } } })),
  });
  return (
    <Page title={t('associations.title')}>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorMessage error={list.error} />
      ) : (
        list.data.items.map((a) => (
          <section key={a.id} className="panel" aria-label={displayName(a, i18n.language)}>
            <h2>{displayName(a, i18n.language)}</h2>
            <MembersImport associationId={a.id} />
            <p>
              <Link to={`/associations/${a.id}`}>{t('associations.open')}</Link>
            </p>
            <Members association={a} />
          </section>
        ))
      )}
    </Page>
  );
}

function Members({ association: a }: { association: Association }) {
  const { t, i18n } = useTranslation('admin');
  const members = useQuery({
    queryKey: ['admin', 'members', a.id],
    queryFn: () =>
      call(
        api.GET('/api/v1/associations/{id}/members', {
          params: { path: { id: a.id }, query: { limit: 100 } },
        }),
      ),
  });
  return (
    <details>
      <summary>{t('associations.members')}</summary>
      {members.isPending ? (
        <Loading />
      ) : members.isError ? (
        <ErrorMessage error={members.error} />
      ) : (
        <ul className="plain-list">
          {members.data.items.map((m) => (
            <li key={m.id}>
              {displayName(m, i18n.language)} ({m.username}) · {t(`associations.status.${m.status}`)} ·{' '}
              {t(`associations.role.${m.role}`)}
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
