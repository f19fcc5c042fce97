import { initialLanguage } from './i18n/language';

/**
 * What the entry starts before the rest of the app has arrived. On a slow phone network the app's
 * code (about 120 kB compressed) takes seconds; meanwhile the refresh that signs a returning user
 * in again, the code of the page being opened and its translations are on their way instead of
 * waiting for it. Each is what the app asks for first anyway, and the app takes the same request:
 * the refresh's promise (auth/session.ts `resumeSession`), the same module URLs (the browser
 * fetches a module once). Nothing here may import a library: this file is part of the small entry.
 */

/** The name of the lock that makes refreshes take turns across this browser's tabs of the app. */
export const REFRESH_LOCK = 'mwf-refresh';

/**
 * Runs `work` while holding the refresh lock of this origin (Web Locks API), so two tabs never send
 * the same refresh cookie at once: the second waits, then sends the cookie the first one received.
 * Where the API is missing (an old browser, an insecure context), it just runs; the server's reuse
 * grace then covers two tabs that collide.
 */
export function withRefreshLock<T>(
  work: () => Promise<T>,
  locks: LockManager | undefined = navigatorLocks(),
): Promise<T> {
  return locks ? locks.request(REFRESH_LOCK, work) : work();
}

function navigatorLocks(): LockManager | undefined {
  return typeof navigator !== 'undefined' && 'locks' in navigator ? navigator.locks : undefined;
}

/**
 * POST /api/v1/auth/refresh with the refresh cookie, holding the refresh lock until the answer (and
 * its new cookie) has arrived. `ifPresent`: with no cookie at all the server answers 204 instead of
 * 401 (no error in the console of an anonymous visit). 200 carries the new access token.
 */
export function sendRefresh(): Promise<Response> {
  return withRefreshLock(() =>
    fetch('/api/v1/auth/refresh', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ifPresent: true }),
    }),
  );
}

/**
 * POST /api/v1/auth/refresh with the refresh cookie, as auth/session.ts sends it, and when it
 * succeeds GET /api/v1/me with the new access token. The app reads both answers
 * (auth/session.ts `resumeSession`); this reads a copy of the refresh's body only for the token.
 */
export function startSession(pathname: string): {
  refresh: Promise<Response>;
  profile: Promise<Response | null>;
  firstData: { url: string; response: Promise<Response | null> } | null;
} {
  const refresh = sendRefresh();
  // Registered before the app can read the body: the copy is taken first.
  const token = refresh
    .then(async (response) => {
      if (response.status !== 200) return null;
      const { accessToken } = (await response.clone().json()) as { accessToken?: string };
      return accessToken ?? null;
    })
    .catch(() => null);
  const get = (path: string) =>
    token
      .then((accessToken) =>
        accessToken
          ? fetch(path, { credentials: 'same-origin', headers: { authorization: `Bearer ${accessToken}` } })
          : null,
      )
      .catch(() => null);
  refresh.catch(() => undefined); // the app reads the failure (signed out)
  // A page the server rendered with its data (src/entry-server.tsx) needs no first request.
  const rendered = /"queries":/.test(document.getElementById('prerendered')?.textContent ?? '');
  const data = rendered ? null : firstDataOf(pathname);
  return {
    refresh,
    profile: get('/api/v1/me'),
    firstData: data ? { url: new URL(data, window.location.origin).href, response: get(data) } : null,
  };
}

/**
 * The request a page makes first for what it shows largest, as the page's query sends it (the same
 * URL: api/client.ts hands the answer to that request once). Pages not here ask when they render.
 */
const FIRST_DATA: [RegExp, (id: string) => string][] = [
  [/^\/documents\/([0-9a-f-]{36})$/, (id) => `/api/v1/documents/${id}`],
  [/^\/elections\/([0-9a-f-]{36})$/, (id) => `/api/v1/elections/${id}`],
  [/^\/inbox$/, () => '/api/v1/approvals/inbox?limit=100'],
];

export function firstDataOf(pathname: string): string | null {
  for (const [pattern, path] of FIRST_DATA) {
    const match = pattern.exec(pathname);
    if (match) return path(match[1] ?? '');
  }
  return null;
}

const translations = import.meta.glob(['./i18n/*/*.json', '!./i18n/*/common.json'], { import: 'default' });

/**
 * Each area's first path segment, its pages' module and its translations (the namespace the
 * area's routes load with `lazyPage`). Keep in step with features/<area>/routes.ts; a path that is
 * not here loads as before, only later. The admin pages are never here: their code loads only once
 * the app knows the user is an administrator (a member's browser never fetches it).
 */
export const AREAS: Record<string, [() => Promise<unknown>, string | null]> = {
  '': [() => import('./features/home/HomePage'), 'home'],
  login: [() => import('./features/auth/LoginPage'), null],
  verify: [() => import('./features/verify/VerifyPage'), 'verify'],
  documents: [() => import('./features/documents/pages'), 'documents'],
  inbox: [() => import('./features/inbox/InboxPage'), 'inbox'],
  // An election's page (where notifications point); the list loads its own when opened.
  elections: [() => import('./features/elections/ElectionPage'), 'elections'],
  associations: [() => import('./features/elections/AssociationPage'), 'elections'],
  meetings: [() => import('./features/meetings/pages'), 'meetings'],
  groups: [() => import('./features/groups/pages'), 'groups'],
  settings: [() => import('./features/settings/SettingsPage'), 'settings'],
  notifications: [() => import('./features/notifications/NotificationsPage'), null],
};

/** Starts loading the code and translations of the page at `pathname`; errors are the app's to meet. */
export function preloadPage(pathname: string): void {
  const area = AREAS[pathname.split('/')[1] ?? ''];
  if (!area) return;
  const [load, namespace] = area;
  load().catch(() => undefined);
  if (namespace) translations[`./i18n/${initialLanguage()}/${namespace}.json`]?.().catch(() => undefined);
}
