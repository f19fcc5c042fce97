import { type MouseEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, call } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Page } from '../../components/Page';

/** The administrator's start: users, units and posts, workflow templates, associations, audit, and the queue dashboard. */
export function AdminHomePage() {
  const { t } = useTranslation('admin');
  const [error, setError] = useState<unknown>(null);
  // The dashboard is a server page (bull-board): it reads its own cookie, which the API sets for
  // an administrator's access token (POST /ops/dashboard-session). Then the page loads.
  const openQueues = async (e: MouseEvent<HTMLAnchorElement>) => {
    e.preventDefault();
    setError(null);
    try {
      await call(api.POST('/api/v1/ops/dashboard-session'));
      window.location.assign('/admin/queues');
    } catch (err) {
      setError(err);
    }
  };
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
          <a href="/admin/queues" className="item-title" onClick={(e) => void openQueues(e)}>
            {t('home.queues')}
          </a>
          <ErrorMessage error={error} />
        </li>
      </ul>
    </Page>
  );
}
