import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { forbidden } from '../common/errors/domain-error.js';

/** The browser's refresh token: HttpOnly (no script reads it), sent only to the auth routes. */
export const REFRESH_COOKIE = 'refresh_token';
export const REFRESH_COOKIE_PATH = '/api/v1/auth';

/**
 * `Secure` always: browsers accept it on http://localhost and 127.0.0.1, and deployments serve
 * HTTPS. `SameSite=Strict`: no other site's page can make the browser send it.
 */
const ATTRIBUTES = {
  httpOnly: true,
  secure: true,
  sameSite: 'strict',
  path: REFRESH_COOKIE_PATH,
} as const;

export function setRefreshCookie(reply: FastifyReply, token: string, maxAgeSeconds: number): void {
  void reply.header(
    'set-cookie',
    reply.server.serializeCookie(REFRESH_COOKIE, token, { ...ATTRIBUTES, maxAge: maxAgeSeconds }),
  );
}

export function clearRefreshCookie(reply: FastifyReply): void {
  void reply.header(
    'set-cookie',
    reply.server.serializeCookie(REFRESH_COOKIE, '', { ...ATTRIBUTES, maxAge: 0, expires: new Date(0) }),
  );
}

/**
 * The page cookie (PageSessionService): lets the server render a signed-in page's first paint for
 * a GET of an app page. Path=/ (page URLs), HttpOnly, Secure, SameSite=Strict (a link followed from
 * another site, Telegram or an e-mail, arrives without it: that visit gets the page the app
 * renders itself). Set and cleared with the refresh cookie; it is no API credential.
 */
export const PAGE_SESSION_COOKIE = 'page_session';
const PAGE_ATTRIBUTES = { ...ATTRIBUTES, path: '/' } as const;

export function setPageSessionCookie(reply: FastifyReply, value: string, maxAgeSeconds: number): void {
  void reply.header(
    'set-cookie',
    reply.server.serializeCookie(PAGE_SESSION_COOKIE, value, { ...PAGE_ATTRIBUTES, maxAge: maxAgeSeconds }),
  );
}

export function clearPageSessionCookie(reply: FastifyReply): void {
  void reply.header(
    'set-cookie',
    reply.server.serializeCookie(PAGE_SESSION_COOKIE, '', {
      ...PAGE_ATTRIBUTES,
      maxAge: 0,
      expires: new Date(0),
    }),
  );
}

/** The page cookie of a request, if any. */
export function pageSessionCookieOf(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  const value = request.server.parseCookie(header)[PAGE_SESSION_COOKIE];
  return value ? value : undefined;
}

/** The refresh cookie of a request, if any (cookies are parsed here only, not on every request). */
export function refreshCookieOf(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  const value = request.server.parseCookie(header)[REFRESH_COOKIE];
  return value ? value : undefined;
}

/** A JSON body: what a cross-site form cannot send (any other site's fetch of it needs CORS, refused). */
export function isJsonRequest(request: FastifyRequest): boolean {
  const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  return type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type);
}

/**
 * CSRF check of a request that authenticates with the refresh cookie: besides SameSite=Strict,
 * it must carry a JSON body, which an HTML form (urlencoded, multipart, text/plain) cannot.
 */
export function assertCookieRequestIsJson(request: FastifyRequest): void {
  if (!isJsonRequest(request)) {
    throw forbidden(
      'JSON_REQUIRED',
      'A request that uses the refresh cookie must send a JSON body (Content-Type: application/json), e.g. {}',
    );
  }
}
