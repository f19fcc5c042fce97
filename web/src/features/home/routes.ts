import type { RouteObject } from 'react-router';
import { lazyPage } from '../lazyPage';

export const homeRoutes: RouteObject[] = [
  {
    index: true,
    lazy: lazyPage(
      'home',
      () => import('./HomePage'),
      (m) => m.HomePage,
    ),
  },
];
