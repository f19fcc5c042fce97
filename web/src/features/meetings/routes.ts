import type { RouteObject } from 'react-router';
import { lazyPage } from '../lazyPage';

const pages = () => import('./pages');

export const meetingsRoutes: RouteObject[] = [
  { path: 'meetings', lazy: lazyPage('meetings', pages, (m) => m.MeetingsPage) },
  { path: 'meetings/:id', lazy: lazyPage('meetings', pages, (m) => m.MeetingPage) },
  { path: 'meetings/:id/print', lazy: lazyPage('meetings', pages, (m) => m.PrintPage) },
];
