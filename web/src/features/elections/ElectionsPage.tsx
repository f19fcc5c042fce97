import './elections.css';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, call } from '../../api/client';
import { useSession } from '../../auth/session';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { displayName } from '../../components/names';
import { ElectionList } from './ElectionList';
import { membershipOf } from './api';

/**
 * My elections: those of every association I belong to, open voting first, each saying whether I
 * may vote or have voted; and my associations (members, terms, boards, and for their admins the
 * tools to run them).
 */
export function ElectionsPage() {
  const { t, i18n } = useTranslation('elections');
  const session = useSession();
  const elections = useQuery({
    queryKey: ['elections', 'mine'],
    queryFn: () => call(api.GET('/api/v1/elections', { params: { query: { limit: 200 } } })),
  });
  const associations = useQuery({
    queryKey: ['associations'],
    queryFn: () => call(api.GET('/api/v1/associations', { params: { query: { limit: 100 } } })),
  });
  const systemAdmin = session.status === 'signedIn' && session.user.roles.includes('admin');
  return (
    <Page title={t('list.title')}>
      <section className="panel" aria-labelledby="my-elections-title">
        <h2 id="my-elections-title">{t('list.mine')}</h2>
        <ElectionList
          query={elections}
          extra={(e) => (
            <>
              {e.voted ? (
                <span className="badge badge-approved">{t('list.voted')}</span>
              ) : e.mayVoteNow ? (
                <span className="badge badge-pending">{t('list.mayVote')}</span>
              ) : !e.eligible && e.status !== 'cancelled' ? (
                <span>{t('list.notEligible')}</span>
              ) : null}
              <span>
                {displayName({ name: e.associationName, nameKm: e.associationNameKm }, i18n.language)}
              </span>
            </>
          )}
        />
      </section>
      <section className="panel" aria-labelledby="my-associations-title">
        <h2 id="my-associations-title">{t('list.associations')}</h2>
        {associations.isPending ? (
          <Loading />
        ) : associations.isError ? (
          <ErrorMessage error={associations.error} />
        ) : associations.data.items.length === 0 ? (
          <p className="muted">{t('list.noAssociations')}</p>
        ) : (
          <ul className="item-list">
            {associations.data.items.map((a) => {
              const m = membershipOf(a);
              const runs = systemAdmin || m?.role === 'admin' || m?.role === 'committee';
              return (
                <li key={a.id}>
                  <Link to={`/associations/${a.id}`} className="item-title">
                    {displayName(a, i18n.language)}
                  </Link>
                  {m?.role ? <span className="item-meta">{t(`members.roles.${m.role}`)}</span> : null}
                  {runs ? <span className="item-meta">{t('list.manage')}</span> : null}
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </Page>
  );
}
