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

/** Outside the app's frame: until the password is one's own, nothing else may open. */
export const choosePasswordRoutes: RouteObject[] = [
  {
    path: 'choose-password',
    lazy: lazyPage(
      'settings',
      () => import('./ChoosePasswordPage'),
      (m) => m.ChoosePasswordPage,
    ),
  },
];
