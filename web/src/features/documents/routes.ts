import type { RouteObject } from 'react-router';

const pages = () => import('./pages');

export const documentsRoutes: RouteObject[] = [
  { path: 'documents', lazy: async () => ({ Component: (await pages()).DocumentsPage }) },
  { path: 'documents/new', lazy: async () => ({ Component: (await pages()).NewDocumentPage }) },
  { path: 'documents/:id', lazy: async () => ({ Component: (await pages()).DocumentPage }) },
];
