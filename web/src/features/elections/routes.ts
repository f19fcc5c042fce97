import type { RouteObject } from 'react-router';

const pages = () => import('./pages');

export const electionsRoutes: RouteObject[] = [
  { path: 'elections', lazy: async () => ({ Component: (await pages()).ElectionsPage }) },
  { path: 'elections/:id', lazy: async () => ({ Component: (await pages()).ElectionPage }) },
];
