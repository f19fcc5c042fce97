import type { RouteObject } from 'react-router';

const pages = () => import('./VerifyPage');

/** Public: where QR codes and printed links land. No sign-in. */
export const verifyRoutes: RouteObject[] = [
  { path: 'verify', lazy: async () => ({ Component: (await pages()).VerifyPage }) },
  { path: 'verify/:code', lazy: async () => ({ Component: (await pages()).VerifyPage }) },
];
