import type { RouteObject } from 'react-router';
import { lazyPage } from '../lazyPage';

const pages = () => import('./VerifyPage');

/** Public: where QR codes and printed links land. No sign-in. */
export const verifyRoutes: RouteObject[] = [
  { path: 'verify', lazy: lazyPage('verify', pages, (m) => m.VerifyPage) },
  { path: 'verify/:code', lazy: lazyPage('verify', pages, (m) => m.VerifyPage) },
];
