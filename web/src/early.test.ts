import type { RouteObject } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from './api/client';
import { AREAS, firstDataOf, startSession } from './early';
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
  it('never preloads the admin pages', () => {
    expect(Object.keys(AREAS)).not.toContain('admin');
  });

  it('knows the first path segment of every area', () => {
    const segments = new Set(all.map((r) => (r.index ? '' : (r.path ?? '').split('/')[0]!)));
    segments.delete('admin'); // never preloaded: only an administrator's browser fetches it
    expect([...segments].sort()).toEqual(Object.keys(AREAS).sort());
  });
});

describe("the entry asks for a page's first data", () => {
  afterEach(() => vi.unstubAllGlobals());

  /** The URL the app's own request goes to (fetch stubbed: only the URL is read). */
  async function urlOf(send: () => Promise<unknown>): Promise<string> {
    let url = '';
    vi.stubGlobal(
      'fetch',
      vi.fn((input: Request) => {
        url = input.url;
        return Promise.resolve(new Response('{}', { headers: { 'content-type': 'application/json' } }));
      }),
    );
    await send();
    return url;
  }

  const id = '019e8ee3-4d81-46e0-b1b8-c1b63bca6bfa';
  const early = (path: string) => new URL(firstDataOf(path)!, window.location.origin).href;

  it('at the URL the page asks for, so the page takes that answer', async () => {
    expect(early(`/documents/${id}`)).toBe(
      await urlOf(() => api.GET('/api/v1/documents/{id}', { params: { path: { id } } })),
    );
    expect(early(`/elections/${id}`)).toBe(
      await urlOf(() => api.GET('/api/v1/elections/{id}', { params: { path: { id } } })),
    );
    expect(early('/inbox')).toBe(
      await urlOf(() =>
        api.GET('/api/v1/approvals/inbox', { params: { query: { limit: 100, cursor: undefined } } }),
      ),
    );
  });

  it('not for a page the server rendered with its data', () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.resolve(new Response(null, { status: 204 }))),
    );
    expect(startSession(`/elections/${id}`).firstData?.url).toBe(early(`/elections/${id}`));
    const script = document.createElement('script');
    script.type = 'application/json';
    script.id = 'prerendered';
    script.textContent = JSON.stringify({ signedIn: true, queries: [{ key: ['election', id], data: {} }] });
    document.body.append(script);
    try {
      expect(startSession(`/elections/${id}`).firstData).toBeNull();
    } finally {
      script.remove();
    }
  });

  it('not for other pages', () => {
    expect(firstDataOf('/')).toBeNull();
    expect(firstDataOf('/documents')).toBeNull();
    expect(firstDataOf('/documents/new')).toBeNull();
    expect(firstDataOf('/login')).toBeNull();
  });
});
