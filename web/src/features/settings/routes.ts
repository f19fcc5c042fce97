import type { RouteObject } from 'react-router';
import { lazyPage } from '../lazyPage';

export const settingsRoutes: RouteObject[] = [
  {
    path: 'settings',
    lazy: lazyPage(
      'settings',
      () => import('./SettingsPage'),
      (m) => m.SettingsPage,
    ),
  },
];
