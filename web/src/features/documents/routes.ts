import type { RouteObject } from 'react-router';
import { lazyPage } from '../lazyPage';

const pages = () => import('./pages');

export const documentsRoutes: RouteObject[] = [
  { path: 'documents', lazy: lazyPage('documents', pages, (m) => m.DocumentsPage) },
  { path: 'documents/new', lazy: lazyPage('documents', pages, (m) => m.NewDocumentPage) },
  { path: 'documents/:id', lazy: lazyPage('documents', pages, (m) => m.DocumentPage) },
];
