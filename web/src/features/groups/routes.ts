import type { RouteObject } from 'react-router';

const pages = () => import('./pages');

export const groupsRoutes: RouteObject[] = [
  { path: 'groups', lazy: async () => ({ Component: (await pages()).GroupsPage }) },
  { path: 'groups/:id', lazy: async () => ({ Component: (await pages()).GroupPage }) },
];
