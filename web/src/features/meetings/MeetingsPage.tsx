import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, call } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { useFormat } from '../../i18n/format';
import { minutesDue } from './minutesDue';
import { localName } from '../../components/names';

/** My meetings, the next first. */
export function MeetingsPage() {
  const { t, i18n } = useTranslation('meetings');
  const format = useFormat();
  const now = Date.now();
  const meetings = useQuery({
    queryKey: ['meetings'],
    queryFn: () => call(api.GET('/api/v1/meetings', { params: { query: { limit: 100 } } })),
  });
  return (
    <Page title={t('list.title')}>
      {meetings.isPending ? (
        <Loading />
      ) : meetings.isError ? (
        <ErrorMessage error={meetings.error} />
      ) : meetings.data.items.length === 0 ? (
        <p className="muted">{t('list.none')}</p>
      ) : (
        <ul className="item-list">
          {meetings.data.items.map((m) => (
            <li key={m.id}>
              <Link to={`/meetings/${m.id}`} className="item-title">
                {localName(m.title, m.titleKm, i18n.language)}
              </Link>
              <span className="item-meta">
                <span>{format.dateTime(m.startsAt)}</span>
                {m.location ? <span>{m.location}</span> : null}
                <span className="badge">{t(`status.${m.status}`)}</span>
                <span>{t(`minutesStatus.${m.minutesStatus}`)}</span>
                {minutesDue(m, now) ? <span className="badge badge-due">{t('list.minutesDue')}</span> : null}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
