import type { RouteObject } from 'react-router';
import { lazyPage } from '../lazyPage';

export const inboxRoutes: RouteObject[] = [
  {
    path: 'inbox',
    lazy: lazyPage(
      'inbox',
      () => import('./InboxPage'),
      (m) => m.InboxPage,
    ),
  },
];
