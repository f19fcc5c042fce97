import { Navigate, Outlet, useLocation } from 'react-router';
import { Loading } from '../components/Loading';
import { useSession } from './session';

/** The page that asks for a password of one's own (features/settings/ChoosePasswordPage.tsx). */
export const CHOOSE_PASSWORD_PATH = '/choose-password';

/**
 * Signed-in pages: anonymous visitors go to /login and come back to where they were going. A user
 * signed in with a password an administrator set goes to choose their own first (the API refuses
 * them everything else), and then on to where they were going.
 */
export function RequireSignIn() {
  const session = useSession();
  const location = useLocation();
  if (session.status === 'loading') return <Loading />;
  const next = location.pathname + location.search;
  if (session.status === 'anonymous') {
    const params = new URLSearchParams();
    if (next !== '/') params.set('next', next);
    if (session.expired) params.set('expired', '1');
    if (session.reason) params.set('why', session.reason);
    const query = params.toString();
    return <Navigate to={`/login${query ? `?${query}` : ''}`} replace />;
  }
  if (session.user.mustChangePassword && location.pathname !== CHOOSE_PASSWORD_PATH) {
    const query = next !== '/' ? `?${new URLSearchParams({ next }).toString()}` : '';
    return <Navigate to={`${CHOOSE_PASSWORD_PATH}${query}`} replace />;
  }
  return <Outlet />;
}
