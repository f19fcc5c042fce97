import { useSyncExternalStore } from 'react';
import { ApiError, type Schemas, api, call, toApiError, useTokenSource } from '../api/client';
import { type Language, applyLanguage } from '../i18n';
import { sendRefresh } from '../early';
import { SAID_ON_RETURN, type SessionEndReason, endReasonOf } from './session-end';

export type Profile = Schemas['ProfileDto'];

export type Session =
  | { status: 'loading' }
  /** `expired`: a session this tab had ended; `reason`: why, when the server said (session-end.ts). */
  | { status: 'anonymous'; expired: boolean; reason?: SessionEndReason }
  | { status: 'signedIn'; user: Profile };

/**
 * The sign-in state. The access token lives in this module's memory only; the refresh token is an
 * HttpOnly cookie the browser sends to /api/v1/auth (the server sets it). Neither is kept in
 * localStorage or sessionStorage.
 */
let session: Session = { status: 'loading' };
let accessToken: string | null = null;
const listeners = new Set<() => void>();

const signedOutListeners = new Set<() => void>();

/**
 * Calls `listener` whenever a signed-in session ends (sign-out here or in another tab, an ended
 * login): the app drops the user's data it holds (app.tsx).
 */
export function whenSignedOut(listener: () => void): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

function set(next: Session): void {
  // Signed in, the app speaks the profile's language.
  if (next.status === 'signedIn' && session.status !== 'signedIn') void applyLanguage(next.user.locale);
  const endedSignIn = session.status === 'signedIn' && next.status !== 'signedIn';
  session = next;
  if (endedSignIn) for (const l of signedOutListeners) l();
  for (const l of listeners) l();
}

export function useSession(): Session {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => session,
    // The server's render (src/entry-server.tsx) and the app's hydration of it read the same.
    () => session,
  );
}

/**
 * The server's render of a signed-in page (src/entry-server.tsx): the user the page is for. The
 * render is synchronous, so one request's user cannot show in another's page.
 */
export function renderAs(user: Profile): void {
  session = { status: 'signedIn', user };
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
/** Why the last refresh was refused, when the server said: the login was ended. */
let endedBecause: SessionEndReason | undefined;

export { REFRESH_LOCK, withRefreshLock } from '../early';

/**
 * One refresh at a time: concurrent 401s of this tab wait for the same one, and tabs take turns
 * (the refresh lock, src/early.ts). `sent`: a refresh already on its way (the app's entry sends one
 * before the app's code has arrived). A reload while a refresh is in flight may lose the rotated
 * cookie; the server then accepts the token just replaced for a short grace, so the next page load
 * stays signed in.
 */
export function refresh(sent?: Promise<Response>): Promise<boolean> {
  refreshing ??= (async () => {
    endedBecause = undefined;
    try {
      const response = await (sent ?? sendRefresh());
      if (response.status !== 200) {
        endedBecause = endReasonOf(await response.json().catch(() => null));
        return false;
      }
      keep((await response.json()) as Tokens);
      return true;
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
  if (session.status === 'signedIn') set({ status: 'anonymous', expired: true, reason: endedBecause });
}

useTokenSource({ accessToken: () => accessToken, refresh, expired: expire });

/** GET /me; `sent`: that request already on its way (answered, else asked again here). */
async function loadProfile(sent?: Promise<Response | null>): Promise<Profile> {
  const response = await sent?.catch(() => null);
  if (response?.ok) return (await response.json()) as Profile;
  return call(api.GET('/api/v1/me'));
}

/** Requests the app's entry sends before the app's code has arrived (src/early.ts). */
export type SentAtStart = { refresh: Promise<Response>; profile: Promise<Response | null> };

/**
 * At start: a refresh cookie from an earlier visit signs the user in again. `sent`: that refresh
 * and the profile after it, when the entry has sent them already.
 */
export async function resumeSession(sent?: SentAtStart): Promise<void> {
  if (await refresh(sent?.refresh)) {
    try {
      set({ status: 'signedIn', user: await loadProfile(sent?.profile) });
      return;
    } catch {
      /* fall through to anonymous */
    }
  }
  accessToken = null;
  // A login ended meanwhile by a password change, a disabled account or a stolen token: said on
  // return too (the owner may not know); a sign-out, or a login that merely expired, is not.
  const said = endedBecause && SAID_ON_RETURN.includes(endedBecause) ? endedBecause : undefined;
  set(said ? { status: 'anonymous', expired: true, reason: said } : { status: 'anonymous', expired: false });
}

/**
 * Signs in. `language`: the one the visitor chose on the login page, which becomes the profile's
 * (else the profile's own language is the app's, whatever the browser prefers).
 */
export async function signIn(username: string, password: string, language?: Language): Promise<Profile> {
  const { data, error, response } = await api.POST('/api/v1/auth/login', { body: { username, password } });
  if (!response.ok || !data) throw toApiError(error, response);
  keep(data as Tokens);
  let user = await loadProfile();
  if (language && language !== user.locale) {
    try {
      user = { ...user, ...(await call(api.PATCH('/api/v1/me', { body: { locale: language } }))) };
    } catch {
      /* signed in all the same, in the profile's language */
    }
  }
  set({ status: 'signedIn', user });
  return user;
}

/**
 * The app's other tabs in this browser hear a sign-out at once: they leave their pages for the
 * sign-in page, saying why, and drop what they kept (on a shared computer, a tab left open showed
 * the last user's documents until its next request). Browsers only: not the server's render.
 */
const tabs =
  typeof window !== 'undefined' && 'BroadcastChannel' in window ? new BroadcastChannel('mwf-session') : null;
const SIGNED_OUT = 'signed-out';
tabs?.addEventListener('message', (event: MessageEvent) => {
  if (event.data !== SIGNED_OUT || session.status !== 'signedIn') return;
  accessToken = null;
  forgetTab();
  set({ status: 'anonymous', expired: true, reason: 'logout' });
});

/** What this tab kept for the user (minutes typed and not saved) goes with them. */
function forgetTab(): void {
  try {
    sessionStorage.clear();
  } catch {
    // No storage to clear.
  }
}

export async function signOut(): Promise<void> {
  try {
    await api.POST('/api/v1/auth/logout', { body: {} });
  } catch {
    /* signed out locally whatever the server says */
  }
  accessToken = null;
  // The next person at a shared computer finds nothing of this user's, in this tab or another.
  forgetTab();
  tabs?.postMessage(SIGNED_OUT);
  set({ status: 'anonymous', expired: false });
}

/** After the profile changed (language, e-mail). */
export function updateUser(user: Profile): void {
  if (session.status === 'signedIn') set({ status: 'signedIn', user });
}

export function isApiError(e: unknown, code?: string): e is ApiError {
  return e instanceof ApiError && (code === undefined || e.code === code);
}
