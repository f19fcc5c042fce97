import { useQuery } from '@tanstack/react-query';
import { type MouseEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, call } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Page } from '../../components/Page';
import { formatNumber } from '../../i18n/khmer-format';

const QUEUES = '/admin/queues';
/** When this tab last opened the dashboard on arrival (a time in ms), to never loop. */
const AUTO_OPENED = 'mwf.queuesAutoOpened';

/** The administrator's start: users, units and posts, stuck approvals, workflow templates, associations, audit, and the queue dashboard. */
export function AdminHomePage() {
  const { t } = useTranslation('admin');
  const [error, setError] = useState<unknown>(null);
  const [params] = useSearchParams();
  // The dashboard is a server page (bull-board): it reads its own cookie, which the API sets for
  // an administrator's access token (POST /ops/dashboard-session). Then the page loads.
  const open = async (how: 'assign' | 'replace') => {
    setError(null);
    try {
      await call(api.POST('/api/v1/ops/dashboard-session'));
      window.location[how](QUEUES);
    } catch (err) {
      setError(err);
    }
  };
  const openQueues = (e: MouseEvent<HTMLAnchorElement>) => {
    e.preventDefault();
    void open('assign');
  };
  // /admin?queues=open: where the server sends a browser that opened the dashboard without its
  // cookie (typed, bookmarked, or reloaded after 15 minutes). Open it for them, in place of this
  // page (Back leads to where they were). Once: should the cookie not hold, the server would send
  // them here again, and a second round in a few seconds stops here with the link.
  const once = useRef(false);
  const autoOpen = params.get('queues') === 'open';
  useEffect(() => {
    if (!autoOpen || once.current) return;
    once.current = true;
    const last = Number(sessionStorage.getItem(AUTO_OPENED) ?? 0);
    if (Date.now() - last < 10_000) return;
    sessionStorage.setItem(AUTO_OPENED, String(Date.now()));
    void open('replace');
  }, [autoOpen]);
  return (
    <Page title={t('home.title')}>
      <ul className="item-list">
        <li>
          <Link to="/admin/users" className="item-title">
            {t('users.title')}
          </Link>
        </li>
        <li>
          <Link to="/admin/org-units" className="item-title">
            {t('units.title')}
          </Link>
        </li>
        <li>
          <Link to="/admin/approvals" className="item-title" aria-describedby="admin-stuck-count">
            {t('stuck.title')}
          </Link>
          <StuckCount id="admin-stuck-count" />
        </li>
        <li>
          <Link to="/admin/workflows" className="item-title">
            {t('workflows.title')}
          </Link>
        </li>
        <li>
          <Link to="/admin/associations" className="item-title">
            {t('associations.title')}
          </Link>
        </li>
        <li>
          <Link to="/admin/audit" className="item-title">
            {t('audit.title')}
          </Link>
        </li>
        <li>
          <a href={QUEUES} className="item-title" onClick={openQueues}>
            {t('home.queues')}
          </a>
          <ErrorMessage error={error} />
        </li>
      </ul>
    </Page>
  );
}

/** How many approvals wait on an administrator, under the link to them (first page of the overdue: "50+"). */
function StuckCount({ id }: { id: string }) {
  const { t, i18n } = useTranslation('admin');
  const blocked = useQuery({
    queryKey: ['admin', 'approvals', 'blocked'],
    queryFn: () => call(api.GET('/api/v1/approvals/blocked')),
  });
  const overdue = useQuery({
    queryKey: ['admin', 'approvals', 'overdue-count'],
    queryFn: () => call(api.GET('/api/v1/approvals/overdue', { params: { query: { limit: 50 } } })),
  });
  const held = useQuery({
    queryKey: ['admin', 'approvals', 'held'],
    queryFn: () => call(api.GET('/api/v1/approvals/held-by-inactive')),
  });
  if (!blocked.data || !overdue.data || !held.data) return null;
  const late = overdue.data.items.length;
  const count = (n: number, more = false) => formatNumber(n, i18n.language) + (more ? '+' : '');
  // Only what there is: "3 past their deadline", not "0 with nobody to approve · 3 past...".
  const parts = [
    blocked.data.length ? t('home.stuckBlocked', { n: count(blocked.data.length) }) : null,
    held.data.items.length ? t('home.stuckHeld', { n: count(held.data.items.length, held.data.more) }) : null,
    late ? t('home.stuckOverdue', { n: count(late, !!overdue.data.nextCursor) }) : null,
  ].filter((part) => part !== null);
  return (
    <div id={id} className={parts.length ? 'alert-inline' : 'muted'}>
      {parts.length ? parts.join(' · ') : t('home.nothingStuck')}
    </div>
  );
}
