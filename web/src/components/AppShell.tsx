import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useNavigate } from 'react-router';
import { signOut, useSession } from '../auth/session';
import { useHydrated } from './hydrated';
import { LanguageSelect } from './LanguageSelect';
import { Loading } from './Loading';
import { NotificationsButton } from '../features/notifications/NotificationsButton';

/** The signed-in frame: the app's name, navigation, notifications, language and sign-out. */
export function AppShell() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const hydrated = useHydrated();
  const isAdmin = session.status === 'signedIn' && session.user.roles.includes('admin');
  const links: [string, string][] = [
    ['/inbox', t('nav.inbox')],
    ['/documents', t('nav.documents')],
    ['/meetings', t('nav.meetings')],
    ['/groups', t('nav.groups')],
    ['/elections', t('nav.elections')],
  ];
  if (isAdmin) links.push(['/admin', t('nav.admin')]);
  return (
    <>
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className="app-header">
        <div className="bar">
          <NavLink to="/" className="brand" end>
            {t('appName')}
          </NavLink>
          <div className="bar-tools">
            <NotificationsButton />
            <LanguageSelect compact />
            <NavLink to="/settings" className="tool-link">
              {t('nav.settings')}
            </NavLink>
            <button
              type="button"
              className="button-quiet"
              disabled={!hydrated}
              onClick={() => void signOut().then(() => navigate('/login', { replace: true }))}
            >
              {t('signOut')}
            </button>
          </div>
        </div>
        <nav aria-label={t('nav.label')}>
          <ul className="nav-list">
            {links.map(([to, label]) => (
              <li key={to}>
                <NavLink to={to}>{label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
    </>
  );
}
