import { Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { signOut, useSession } from '../auth/session';
import { useHydrated } from './hydrated';
import { LanguageSelect } from './LanguageSelect';
import { Loading } from './Loading';
import { NotificationsButton } from '../features/notifications/NotificationsButton';

/** The router state of a link from the inbox to a document: the menu then keeps "Inbox" as where one is. */
export const FROM_INBOX = { from: 'inbox' } as const;

/** The signed-in frame: the app's name, navigation, notifications, language and sign-out. */
export function AppShell() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const hydrated = useHydrated();
  const location = useLocation();
  // After hydration only: the server's render knows no router state (a reload keeps it in the browser).
  const fromInbox = hydrated && (location.state as { from?: string } | null)?.from === FROM_INBOX.from;
  const main = useRef<HTMLElement>(null);
  const firstPath = useRef(location.pathname);
  // Another page: reading and tabbing start at its content, as after a full page load (a link of
  // the menu, an item of a list, a form that went on to its result), and a screen reader says
  // where it is. Not on the first page (the browser's own start), nor when the new page has put
  // the focus somewhere in it already; the search part of the address (a list's search) is no new page.
  useEffect(() => {
    if (location.pathname === firstPath.current) return;
    firstPath.current = '';
    const el = main.current;
    if (el && !el.contains(document.activeElement)) el.focus({ preventScroll: true });
  }, [location.pathname]);
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
                {fromInbox ? (
                  // A document opened from the inbox is still the inbox's work, not the documents list.
                  <Link
                    to={to}
                    className={to === '/inbox' ? 'active' : undefined}
                    aria-current={to === '/inbox' ? 'page' : undefined}
                  >
                    {label}
                  </Link>
                ) : (
                  <NavLink to={to}>{label}</NavLink>
                )}
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1} ref={main}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
    </>
  );
}
