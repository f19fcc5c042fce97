import type { RouteObject } from 'react-router';
import { lazyPage } from '../lazyPage';

const pages = () => import('./pages');

export const electionsRoutes: RouteObject[] = [
  { path: 'elections', lazy: lazyPage('elections', pages, (m) => m.ElectionsPage) },
  { path: 'elections/:id', lazy: lazyPage('elections', pages, (m) => m.ElectionPage) },
  { path: 'associations/:id', lazy: lazyPage('elections', pages, (m) => m.AssociationPage) },
  { path: 'associations/:id/terms/:termId/board', lazy: lazyPage('elections', pages, (m) => m.BoardPage) },
];
