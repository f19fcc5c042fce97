import type { RouteObject } from 'react-router';
import { describe, expect, it } from 'vitest';
import { AREAS } from './early';
import { adminRoutes } from './features/admin/routes';
import { authRoutes } from './features/auth/routes';
import { documentsRoutes } from './features/documents/routes';
import { electionsRoutes } from './features/elections/routes';
import { groupsRoutes } from './features/groups/routes';
import { homeRoutes } from './features/home/routes';
import { inboxRoutes } from './features/inbox/routes';
import { meetingsRoutes } from './features/meetings/routes';
import { notificationsRoutes } from './features/notifications/routes';
import { settingsRoutes } from './features/settings/routes';
import { verifyRoutes } from './features/verify/routes';

const all: RouteObject[] = [
  ...homeRoutes,
  ...authRoutes,
  ...verifyRoutes,
  ...documentsRoutes,
  ...inboxRoutes,
  ...notificationsRoutes,
  ...settingsRoutes,
  ...electionsRoutes,
  ...meetingsRoutes,
  ...groupsRoutes,
  ...adminRoutes,
];

describe('the entry preloads the page being opened', () => {
  it('knows the first path segment of every area', () => {
    const segments = new Set(all.map((r) => (r.index ? '' : (r.path ?? '').split('/')[0]!)));
    expect([...segments].sort()).toEqual(Object.keys(AREAS).sort());
  });
});
