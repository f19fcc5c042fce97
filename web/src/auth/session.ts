import { useSyncExternalStore } from 'react';
import { ApiError, type Schemas, api, call, toApiError, useTokenSource } from '../api/client';
import { applyLanguage } from '../i18n';

export type Profile = Schemas['ProfileDto'];

export type Session =
  { status: 'loading' } | { status: 'anonymous'; expired: boolean } | { status: 'signedIn'; user: Profile };

/**
 * The sign-in state. The access token lives in this module's memory only; the refresh token is an
 * HttpOnly cookie the browser sends to /api/v1/auth (the server sets it). Nothing is kept in
 * localStorage or sessionStorage.
 */
let session: Session = { status: 'loading' };
let accessToken: string | null = null;
const listeners = new Set<() => void>();

function set(next: Session): void {
  // Signed in, the app speaks the profile's language.
  if (next.status === 'signedIn' && session.status !== 'signedIn') void applyLanguage(next.user.locale);
  session = next;
  for (const l of listeners) l();
}

export function useSession(): Session {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => session,
  );
}

export function currentSession(): Session {
  return session;
}

type Tokens = { accessToken: string };

/** Keeps the access token only; the refresh token stays in its HttpOnly cookie. */
function keep(tokens: Tokens): void {
  accessToken = tokens.accessToken;
}

let refreshing: Promise<boolean> | null = null;

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
 * Asks the server for a new access token with the refresh cookie. `ifPresent`: with no cookie at
 * all the server answers 204 instead of 401 (no error in the console of an anonymous visit).
 */
async function refreshOnce(): Promise<boolean> {
  const response = await fetch('/api/v1/auth/refresh', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ifPresent: true }),
  });
  if (response.status !== 200) return false;
  keep((await response.json()) as Tokens);
  return true;
}

/**
 * One refresh at a time: concurrent 401s of this tab wait for the same one, and tabs take turns
 * (withRefreshLock). A reload while a refresh is in flight may lose the rotated cookie; the server
 * then accepts the token just replaced for a short grace, so the next page load stays signed in.
 */
export function refresh(): Promise<boolean> {
  refreshing ??= (async () => {
    try {
      return await withRefreshLock(refreshOnce);
    } catch {
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

function expire(): void {
  accessToken = null;
  if (session.status === 'signedIn') set({ status: 'anonymous', expired: true });
}

useTokenSource({ accessToken: () => accessToken, refresh, expired: expire });

async function loadProfile(): Promise<Profile> {
  return call(api.GET('/api/v1/me'));
}

/** At start: a refresh cookie from an earlier visit signs the user in again. */
export async function resumeSession(): Promise<void> {
  if (await refresh()) {
    try {
      set({ status: 'signedIn', user: await loadProfile() });
      return;
    } catch {
      /* fall through to anonymous */
    }
  }
  accessToken = null;
  set({ status: 'anonymous', expired: false });
}

export async function signIn(username: string, password: string): Promise<Profile> {
  const { data, error, response } = await api.POST('/api/v1/auth/login', { body: { username, password } });
  if (!response.ok || !data) throw toApiError(error, response);
  keep(data as Tokens);
  const user = await loadProfile();
  set({ status: 'signedIn', user });
  return user;
}

export async function signOut(): Promise<void> {
  try {
    await api.POST('/api/v1/auth/logout', { body: {} });
  } catch {
    /* signed out locally whatever the server says */
  }
  accessToken = null;
  set({ status: 'anonymous', expired: false });
}

/** After the profile changed (language, e-mail). */
export function updateUser(user: Profile): void {
  if (session.status === 'signedIn') set({ status: 'signedIn', user });
}

export function isApiError(e: unknown, code?: string): e is ApiError {
  return e instanceof ApiError && (code === undefined || e.code === code);
}
