import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];

/** What the server says when it refuses: `{ statusCode, code, message, details? }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

type TokenSource = {
  accessToken: () => string | null;
  /** Gets a new access token (the refresh cookie); false when the session cannot be renewed. */
  refresh: () => Promise<boolean>;
  /** The session ended under us (refresh refused). */
  expired: () => void;
};

let tokens: TokenSource = {
  accessToken: () => null,
  refresh: () => Promise.resolve(false),
  expired: () => undefined,
};

export function useTokenSource(source: TokenSource): void {
  tokens = source;
}

const AUTH_PATHS = /\/api\/v1\/auth\/(login|refresh)$/;

/**
 * Answers to GET requests the app's entry sent before the app had arrived (src/early.ts), by URL:
 * the first GET of that URL takes its answer instead of asking again, once. The app drops what is
 * left when the first page is left (app.tsx), so nothing old is handed out later.
 */
const sentEarly = new Map<string, Promise<Response | null>>();

export function takeEarlyAnswer(url: string, response: Promise<Response | null>): void {
  sentEarly.set(url, response);
}

export function dropEarlyAnswers(): void {
  sentEarly.clear();
}

/**
 * fetch with the access token; on a 401 the token is renewed once (refresh cookie) and the request
 * sent again. When renewal fails the session is over and the app shows the sign-in page.
 */
export async function authFetch(input: Request): Promise<Response> {
  const early = input.method === 'GET' ? sentEarly.get(input.url) : undefined;
  if (early) {
    sentEarly.delete(input.url);
    const answer = await early.catch(() => null);
    if (answer?.ok) return answer;
  }
  const retry = input.clone();
  const send = (req: Request): Promise<Response> => {
    const token = tokens.accessToken();
    if (token) req.headers.set('authorization', `Bearer ${token}`);
    return fetch(req, { credentials: 'same-origin' });
  };
  const first = await send(input);
  if (first.status !== 401 || AUTH_PATHS.test(new URL(input.url).pathname) || !tokens.accessToken()) {
    return first;
  }
  if (await tokens.refresh()) return send(retry);
  tokens.expired();
  return first;
}

export const api = createClient<paths>({
  // The server's render of a page (src/entry-server.tsx) asks nothing: it has no window.
  baseUrl: typeof window === 'undefined' ? 'http://app.invalid' : window.location.origin,
  fetch: authFetch,
});

/** The error of an openapi-fetch result as an ApiError (status and stable code). */
export function toApiError(error: unknown, response: Response): ApiError {
  const e = (error ?? {}) as Partial<Schemas['ErrorResponseDto']>;
  return new ApiError(
    response.status,
    e.code ?? `HTTP_${response.status}`,
    e.message ?? response.statusText,
    e.details,
  );
}

/** Unwraps an openapi-fetch result: the data, or throws an ApiError. */
export async function call<T>(
  promise: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await promise;
  if (!response.ok) throw toApiError(error, response);
  return data as T;
}

/** A multipart request (file uploads), through the same token handling. */
export async function postForm<T>(path: string, form: FormData): Promise<T> {
  const response = await authFetch(
    new Request(new URL(path, window.location.origin), { method: 'POST', body: form }),
  );
  const body: unknown = response.status === 204 ? undefined : await response.json().catch(() => undefined);
  if (!response.ok) throw toApiError(body, response);
  return body as T;
}

/**
 * Opens a file that needs the session (a version's file, the signed copy) in a new tab or saves it.
 * Used until the server gives signed download URLs (then a plain link does).
 */
export async function downloadWithSession(path: string, fileName: string): Promise<void> {
  const response = await authFetch(new Request(new URL(path, window.location.origin)));
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => undefined);
    throw toApiError(body, response);
  }
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Reads a value as text (a string, or a number written out), else null. The OpenAPI document types
 * every nullable field now (a server test fails on `Record<string, never>`), so new code reads the
 * field itself.
 */
export function text(value: unknown): string | null {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;
}
