import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, call } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { displayName } from '../../components/names';

/** The working groups I belong to, with my roles. */
export function GroupsPage() {
  const { t, i18n } = useTranslation('groups');
  const groups = useQuery({
    queryKey: ['groups'],
    queryFn: () => call(api.GET('/api/v1/working-groups')),
  });
  return (
    <Page title={t('list.title')}>
      {groups.isPending ? (
        <Loading />
      ) : groups.isError ? (
        <ErrorMessage error={groups.error} />
      ) : groups.data.length === 0 ? (
        <p className="muted">{t('list.none')}</p>
      ) : (
        <ul className="item-list">
          {groups.data.map((g) => (
            <li key={g.id}>
              <Link to={`/groups/${g.id}`} className="item-title">
                {displayName(g, i18n.language)}
              </Link>
              {g.myRoles.length ? (
                <span className="item-meta">{g.myRoles.map((r) => t(`roles.${r}`)).join(', ')}</span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
