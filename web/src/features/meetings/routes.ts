import type { RouteObject } from 'react-router';

const pages = () => import('./pages');

export const meetingsRoutes: RouteObject[] = [
  { path: 'meetings', lazy: async () => ({ Component: (await pages()).MeetingsPage }) },
  { path: 'meetings/:id', lazy: async () => ({ Component: (await pages()).MeetingPage }) },
];
