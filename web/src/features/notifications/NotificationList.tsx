import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { useFormat } from '../../i18n/format';

/** The app page a notification's link names (an absolute URL of this site, or a path). */
export function pageOf(link: string | null): string | null {
  if (!link) return null;
  let path = link;
  try {
    const url = new URL(link, window.location.origin);
    if (url.origin !== window.location.origin) return null;
    path = url.pathname + url.search + url.hash;
  } catch {
    return null;
  }
  // Older notifications named the API route of their subject.
  return path.replace(/^\/api\/v1(?=\/(documents|meetings|elections|groups)\/)/, '');
}

export function NotificationList({ limit = 50 }: { limit?: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const client = useQueryClient();
  const list = useQuery({
    queryKey: ['notifications', 'list', limit],
    queryFn: () => call(api.GET('/api/v1/notifications', { params: { query: { limit } } })),
  });
  const read = useMutation({
    mutationFn: (id: string) =>
      call(api.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } })),
    onSettled: () => client.invalidateQueries({ queryKey: ['notifications'] }),
  });
  const readAll = useMutation({
    mutationFn: () => call(api.POST('/api/v1/notifications/read-all')),
    onSettled: () => client.invalidateQueries({ queryKey: ['notifications'] }),
  });
  if (list.isPending) return <Loading />;
  if (list.isError) return <ErrorMessage error={list.error} />;
  const items = list.data.items;
  if (!items.length) return <p>{t('notifications.none')}</p>;
  const markRead = (n: Schemas['NotificationDto']) => {
    if (!n.readAt) read.mutate(n.id);
  };
  return (
    <>
      {/* Above the list, so that a long list (it scrolls in the header's panel) never hides it. */}
      {items.some((n) => !n.readAt) ? (
        <div className="notification-actions">
          <button type="button" className="button-quiet" onClick={() => readAll.mutate()}>
            {t('notifications.markAllRead')}
          </button>
        </div>
      ) : null}
      <ul className="notification-list">
        {items.map((n) => {
          const content = (
            <>
              <span className="notification-title">
                {n.readAt ? null : <span className="visually-hidden">{t('notifications.new')} </span>}
                {n.readAt ? null : <span aria-hidden="true">● </span>}
                {n.title}
              </span>
              <span className="notification-body">{n.body}</span>
              {/* What it asked is done (decided, by the reader or another): it no longer waits on them. */}
              {n.done ? <span className="badge badge-done">{t('notifications.done')}</span> : null}
              <time dateTime={n.createdAt}>{format.dateTime(n.createdAt)}</time>
            </>
          );
          // A notice about something with a page is a link to it (it can open in a new tab, and is
          // read as a link); one without only marks itself read.
          const page = pageOf(n.link);
          return (
            <li key={n.id} className={n.readAt ? 'read' : 'unread'}>
              {page ? (
                <Link to={page} className="notification" onClick={() => markRead(n)}>
                  {content}
                </Link>
              ) : (
                <button type="button" className="notification" onClick={() => markRead(n)}>
                  {content}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}
