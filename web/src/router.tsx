import { createBrowserRouter, type RouteObject } from 'react-router';
import { AppShell } from './components/AppShell';
import { Loading } from './components/Loading';
import { RequireSignIn } from './auth/RequireSignIn';
import { RouteError } from './features/errors/RouteError';
import { NotFoundPage } from './features/errors/NotFoundPage';
import { authRoutes } from './features/auth/routes';
import { documentsRoutes } from './features/documents/routes';
import { electionsRoutes } from './features/elections/routes';
import { meetingsRoutes } from './features/meetings/routes';
import { groupsRoutes } from './features/groups/routes';
import { adminRoutes } from './features/admin/routes';
import { homeRoutes } from './features/home/routes';
import { inboxRoutes } from './features/inbox/routes';
import { notificationsRoutes } from './features/notifications/routes';
import { choosePasswordRoutes, settingsRoutes } from './features/settings/routes';
import { verifyRoutes } from './features/verify/routes';

/**
 * The app's routes. Each area (features/<area>/routes.ts) lists its paths with a lazy import of its
 * pages, so an area's code (and its translations) loads only when one of its pages opens. A new area
 * adds its routes file and one line below.
 */
const signedInAreas: RouteObject[] = [
  ...homeRoutes,
  ...documentsRoutes,
  ...inboxRoutes,
  ...notificationsRoutes,
  ...settingsRoutes,
  ...electionsRoutes,
  ...meetingsRoutes,
  ...groupsRoutes,
  ...adminRoutes,
];

/** Pages anyone may open without signing in. */
const publicAreas: RouteObject[] = [...authRoutes, ...verifyRoutes];

export const routes: RouteObject[] = [
  {
    errorElement: <RouteError />,
    HydrateFallback: Loading,
    children: [
      ...publicAreas,
      {
        element: <RequireSignIn />,
        children: [
          ...choosePasswordRoutes,
          { element: <AppShell />, children: [...signedInAreas, { path: '*', Component: NotFoundPage }] },
        ],
      },
    ],
  },
];

/**
 * Made once translations are set up: the router starts loading the first page's code and
 * translations as it is made (lazy routes), and i18next must be ready to take that request.
 */
export function createRouter() {
  return createBrowserRouter(routes);
}
