import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Schemas, api, call } from '../../api/client';
import { useSession } from '../../auth/session';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { StatusBadge, documentStatus } from '../../components/StatusBadge';
import { useFormat } from '../../i18n/format';
import { displayName, localName } from '../../components/names';
import { minutesDue } from '../meetings/minutesDue';

function Card({ title, children, link }: { title: string; children: ReactNode; link?: ReactNode }) {
  // An id of its own: the title has spaces, and aria-labelledby reads a space as between two ids.
  const id = useId();
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
      {link ? <p className="card-link">{link}</p> : null}
    </section>
  );
}

/** My documents, each a link to its page, with its status. */
function DocumentLinks({ documents }: { documents: Schemas['DocumentSummaryDto'][] }) {
  return (
    <ul className="plain-list">
      {documents.map((d) => (
        <li key={d.id}>
          <Link to={`/documents/${d.id}`}>{d.title}</Link> <StatusBadge status={documentStatus(d)} />
        </li>
      ))}
    </ul>
  );
}

/**
 * What waits on me: tasks, my documents returned to me or in review, my next meetings, elections
 * where I may vote.
 */
export function HomePage() {
  const { t, i18n } = useTranslation('home');
  const session = useSession();
  const format = useFormat();
  const user = session.status === 'signedIn' ? session.user : null;
  const inbox = useQuery({
    queryKey: ['inbox', 'home'],
    queryFn: () => call(api.GET('/api/v1/approvals/inbox', { params: { query: { limit: 100 } } })),
  });
  const inReview = useQuery({
    queryKey: ['documents', 'mine', 'in_review'],
    queryFn: () =>
      call(
        api.GET('/api/v1/documents', { params: { query: { box: 'mine', status: 'in_review', limit: 5 } } }),
      ),
  });
  // Returned for revision: mine to revise and send again (the card shows only when there are some).
  const returned = useQuery({
    queryKey: ['documents', 'mine', 'returned'],
    queryFn: () =>
      call(
        api.GET('/api/v1/documents', { params: { query: { box: 'mine', status: 'returned', limit: 5 } } }),
      ),
  });
  const meetings = useQuery({
    queryKey: ['meetings', 'next'],
    queryFn: () =>
      call(
        api.GET('/api/v1/meetings', {
          params: { query: { from: new Date().toISOString(), status: 'scheduled', limit: 5 } },
        }),
      ),
  });
  // Meetings I record whose minutes are due (the latest that began; the app reads them itself).
  const recorded = useQuery({
    queryKey: ['meetings', 'begun'],
    queryFn: () =>
      call(api.GET('/api/v1/meetings', { params: { query: { to: new Date().toISOString(), limit: 20 } } })),
    enabled: !!user,
  });
  const toRecord = (recorded.data?.items ?? []).filter(
    (m) => m.secretaryUserId === user?.id && minutesDue(m, Date.now()),
  );
  const actionItems = useQuery({
    queryKey: ['action-items', 'mine'],
    queryFn: () => call(api.GET('/api/v1/action-items', { params: { query: { limit: 50 } } })),
  });
  const associations = user?.memberships.associations ?? [];
  const elections = useQuery({
    queryKey: ['elections', 'mine', 'voting'],
    enabled: associations.length > 0,
    queryFn: async () =>
      (await call(api.GET('/api/v1/elections', { params: { query: { status: 'voting', limit: 20 } } })))
        .items,
  });

  const taskCount = inbox.data?.items.length ?? 0;
  const now = Date.now();
  const overdue =
    inbox.data?.items.filter((i) => typeof i.dueAt === 'string' && Date.parse(i.dueAt) < now).length ?? 0;
  const name = user ? displayName(user, i18n.language) : '';
  // A ballot waiting for me is what waits on me most (a retired member has little else here).
  const ballotWaiting = elections.data?.some((e) => e.mayVoteNow) ?? false;
  // A retired official approves and submits nothing: the inbox and documents cards show for them
  // only when something is there (a task routed before they retired).
  const retired = user?.status === 'retired';
  const showInbox = !retired || taskCount > 0;
  const showInReview = !retired || (inReview.data?.items.length ?? 0) > 0;
  const electionsCard = (
    <Card title={t('elections')}>
      {!associations.length ? (
        <p>{t('noElections')}</p>
      ) : elections.isPending ? (
        <Loading />
      ) : elections.isError ? (
        <ErrorMessage error={elections.error} />
      ) : elections.data.length ? (
        <ul className="plain-list">
          {elections.data.map((e) => (
            <li key={e.id}>
              <Link to={`/elections/${e.id}`}>{localName(e.title, e.titleKm, i18n.language)}</Link>{' '}
              {e.voted ? t('youVoted') : t('votingUntil', { time: format.dateTime(e.votingClosesAt) })}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('noElections')}</p>
      )}
    </Card>
  );

  return (
    <Page title={t('title', { name })}>
      <div className="cards">
        {ballotWaiting ? electionsCard : null}
        {returned.data?.items.length ? (
          <Card title={t('returned')} link={<Link to="/documents">{t('allDocuments')}</Link>}>
            <p>{t('returnedHint')}</p>
            <DocumentLinks documents={returned.data.items} />
          </Card>
        ) : null}
        {showInbox ? (
          <Card title={t('inbox')} link={<Link to="/inbox">{t('openInbox')}</Link>}>
            {inbox.isPending ? (
              <Loading />
            ) : inbox.isError ? (
              <ErrorMessage error={inbox.error} />
            ) : (
              <p className="big-number">
                {t('tasksWaiting', {
                  count: taskCount,
                  n: format.number(taskCount) + (inbox.data.nextCursor ? '+' : ''),
                })}
                {overdue ? (
                  <span className="overdue">
                    {' '}
                    <span aria-hidden="true">⚠ </span>
                    {t('overdue', { count: overdue, n: format.number(overdue) })}
                  </span>
                ) : null}
              </p>
            )}
          </Card>
        ) : null}
        {showInReview ? (
          <Card title={t('inReview')} link={<Link to="/documents">{t('allDocuments')}</Link>}>
            {inReview.isPending ? (
              <Loading />
            ) : inReview.isError ? (
              <ErrorMessage error={inReview.error} />
            ) : inReview.data.items.length ? (
              <DocumentLinks documents={inReview.data.items} />
            ) : (
              <p>{t('noneInReview')}</p>
            )}
          </Card>
        ) : null}
        {toRecord.length ? (
          <Card title={t('minutesToWrite')}>
            <ul className="plain-list">
              {toRecord.map((m) => (
                <li key={m.id}>
                  <Link to={`/meetings/${m.id}`}>{localName(m.title, m.titleKm, i18n.language)}</Link>{' '}
                  <time dateTime={m.startsAt}>{format.dateTime(m.startsAt)}</time>
                </li>
              ))}
            </ul>
          </Card>
        ) : null}
        <Card title={t('meetings')}>
          {meetings.isPending ? (
            <Loading />
          ) : meetings.isError ? (
            <ErrorMessage error={meetings.error} />
          ) : meetings.data.items.length ? (
            <ul className="plain-list">
              {meetings.data.items.map((m) => (
                <li key={m.id}>
                  <Link to={`/meetings/${m.id}`}>{localName(m.title, m.titleKm, i18n.language)}</Link>{' '}
                  <time dateTime={m.startsAt}>{format.dateTime(m.startsAt)}</time>
                </li>
              ))}
            </ul>
          ) : (
            <p>{t('noMeetings')}</p>
          )}
        </Card>
        <Card title={t('actionItems')}>
          {actionItems.isPending ? (
            <Loading />
          ) : actionItems.isError ? (
            <ErrorMessage error={actionItems.error} />
          ) : actionItems.data.items.some((a) => a.status === 'open' || a.status === 'in_progress') ? (
            <ul className="plain-list">
              {actionItems.data.items
                .filter((a) => a.status === 'open' || a.status === 'in_progress')
                .slice(0, 10)
                .map((a) => (
                  <li key={a.id}>
                    <Link to={`/meetings/${a.meetingId}#action-items`}>{a.text}</Link>{' '}
                    {a.dueOn ? (
                      <span className={a.overdue ? 'overdue' : 'muted'}>
                        {t(a.overdue ? 'actionOverdue' : 'actionDue', { when: format.date(a.dueOn) })}
                      </span>
                    ) : null}
                  </li>
                ))}
            </ul>
          ) : (
            <p>{t('noActionItems')}</p>
          )}
        </Card>
        {ballotWaiting ? null : electionsCard}
      </div>
    </Page>
  );
}
