import type { RouteObject } from 'react-router';
import { lazyPage } from '../lazyPage';

const pages = () => import('./pages');

export const groupsRoutes: RouteObject[] = [
  { path: 'groups', lazy: lazyPage('groups', pages, (m) => m.GroupsPage) },
  { path: 'groups/:id', lazy: lazyPage('groups', pages, (m) => m.GroupPage) },
];
