import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Page } from '../../components/Page';

/** The administrator's start: users, units and posts, workflow templates, associations, audit, and the queue dashboard. */
export function AdminHomePage() {
  const { t } = useTranslation('admin');
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
          {/* A server page (bull-board), not one of the app's: a plain link loads it. */}
          <a href="/admin/queues" className="item-title">
            {t('home.queues')}
          </a>
        </li>
      </ul>
    </Page>
  );
}
