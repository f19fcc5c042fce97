import type { RouteObject } from 'react-router';
import { lazyPage } from '../lazyPage';

// A module per page: a member opening an election (a notification's link) loads that page only,
// not the association pages and their member import.
export const electionsRoutes: RouteObject[] = [
  {
    path: 'elections',
    lazy: lazyPage(
      'elections',
      () => import('./ElectionsPage'),
      (m) => m.ElectionsPage,
    ),
  },
  {
    path: 'elections/:id',
    lazy: lazyPage(
      'elections',
      () => import('./ElectionPage'),
      (m) => m.ElectionPage,
    ),
  },
  {
    path: 'associations/:id',
    lazy: lazyPage(
      'elections',
      () => import('./AssociationPage'),
      (m) => m.AssociationPage,
    ),
  },
  {
    path: 'associations/:id/terms/:termId/board',
    lazy: lazyPage(
      'elections',
      () => import('./AssociationPage'),
      (m) => m.BoardPage,
    ),
  },
];
