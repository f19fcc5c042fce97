import type * as BullBoardApi from '@bull-board/api';
import type * as BullBoardBullMq from '@bull-board/api/bullMQAdapter';
import type * as BullBoardFastify from '@bull-board/fastify';
import { Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TokenService, accessTokenStillValid } from '../auth/token.service.js';
import type { AppConfig } from '../config/app-config.js';
import { QueueRegistry } from '../outbox/queue-registry.js';
import { isUuid } from '../common/uuid.js';

export const DASHBOARD_PATH = '/admin/queues';
/** The dashboard's own cookie: a short-lived token of type `dashboard`, scoped to DASHBOARD_PATH. */
export const DASHBOARD_COOKIE = 'mwf_dashboard';
/** How long a dashboard session lasts (at most; never longer than an access token). */
export const DASHBOARD_SESSION_SECONDS = 15 * 60;

type Outcome = { ok: true } | { ok: false; status: 401 | 403; code: string; message: string };

/** The credential of a dashboard request: `Authorization: Bearer` (an access token), else the dashboard cookie. */
export function credentialOf(request: FastifyRequest): { token?: string; typ: 'access' | 'dashboard' } {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return { token: header.slice(7).trim(), typ: 'access' };
  for (const pair of (request.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = pair.trim().split('=');
    if (name === DASHBOARD_COOKIE && rest.length) return { token: rest.join('='), typ: 'dashboard' };
  }
  return { typ: 'dashboard' };
}

/** The Set-Cookie of a dashboard session (HttpOnly, SameSite=Strict, only sent to the dashboard). */
export function dashboardCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return (
    `${DASHBOARD_COOKIE}=${token}; Path=${DASHBOARD_PATH}; HttpOnly; SameSite=Strict; ` +
    `Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`
  );
}

/**
 * Checks that a request carries a valid token of an active admin (an access token in the header,
 * or the dashboard cookie's token), the same rules as the global guard: the token says who; roles
 * and status are read from the database.
 */
export async function checkAdmin(
  jwt: JwtService,
  tokens: TokenService,
  credential: { token?: string; typ: 'access' | 'dashboard' },
): Promise<Outcome> {
  const unauthenticated: Outcome = {
    ok: false,
    status: 401,
    code: 'UNAUTHENTICATED',
    message:
      'Sign in: a Bearer access token, or the dashboard cookie from POST /api/v1/ops/dashboard-session',
  };
  if (!credential.token) return unauthenticated;
  let payload: { sub?: unknown; sid?: unknown; typ?: unknown; iat?: number };
  try {
    payload = await jwt.verifyAsync<typeof payload>(credential.token, { algorithms: ['HS256'] });
  } catch {
    return unauthenticated;
  }
  if (payload.typ !== credential.typ || typeof payload.sub !== 'string') return unauthenticated;
  // Both kinds of token belong to a login (sid): signing out ends the dashboard too.
  if (!isUuid(payload.sid)) return unauthenticated;
  const user = await tokens.findTokenUser(payload.sub, payload.sid);
  if (!accessTokenStillValid(user, payload.iat)) return unauthenticated;
  if (!user.roles.includes('admin')) {
    return { ok: false, status: 403, code: 'FORBIDDEN', message: 'This needs the role admin' };
  }
  return { ok: true };
}

/** Where a browser that opens the dashboard without its cookie is sent: the web app opens it from there. */
export const DASHBOARD_OPENER = '/admin?queues=open';

/**
 * A browser navigating to one of the dashboard's pages (typed, bookmarked, reloaded after the
 * cookie's 15 minutes): a GET asking for HTML, not the page's data (/api) or its files (/static).
 * It gets a redirect to the web app rather than a JSON 401; other clients keep the JSON.
 */
export function isPageNavigation(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const path = request.url.split('?')[0];
  if (path !== DASHBOARD_PATH && !path.startsWith(`${DASHBOARD_PATH}/`)) return false;
  const rest = path.slice(DASHBOARD_PATH.length);
  if (rest.startsWith('/api/') || rest.startsWith('/static/')) return false;
  return (request.headers.accept ?? '').includes('text/html');
}

/**
 * bull-board's page asks Google for its fonts; the dashboard's CSP refuses that (the browser logs an
 * error), and an admin page should call no third party anyway. The link goes; the page falls back
 * to the system's fonts.
 */
export function withoutExternalFonts(
  _request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
  done: (err: null, payload: unknown) => void,
): void {
  const html = typeof payload === 'string' && String(reply.getHeader('content-type')).startsWith('text/html');
  done(
    null,
    html
      ? payload.replace(/<link[^>]*href="https:\/\/fonts\.googleapis\.com\/[^"]*"[^>]*>\s*/g, '')
      : payload,
  );
}

/**
 * bull-board at /admin/queues, for admins only. Its routes are plain Fastify routes outside Nest's
 * guard, so an onRequest hook of their own scope checks the credential. A browser gets there with
 * the session of the web app: it calls POST /api/v1/ops/dashboard-session with its access token,
 * which sets the dashboard cookie (HttpOnly, SameSite=Strict, Path=/admin/queues, 15 minutes), and
 * then opens the page. No token ever travels in the address (where logs and history keep it).
 */
export async function registerQueueDashboard(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const logger = new Logger('QueueDashboard');
  let registry: QueueRegistry;
  let tokens: TokenService;
  try {
    registry = app.get(QueueRegistry, { strict: false });
    tokens = app.get(TokenService, { strict: false });
  } catch {
    logger.warn('queue or users module not loaded: no dashboard at /admin/queues');
    return;
  }
  const jwt = new JwtService({ secret: config.JWT_SECRET });
  // bull-board is CommonJS and reaches an ESM-only dependency (content-disposition 3) through
  // @fastify/static. Node's require loads it (require(esm), Node >= 20.19); Jest's sandbox on
  // Node 20 cannot, so test apps run without the dashboard unless the test maps that module.
  let createBullBoard: typeof BullBoardApi.createBullBoard;
  let BullMQAdapter: typeof BullBoardBullMq.BullMQAdapter;
  let BullBoardFastifyAdapter: typeof BullBoardFastify.FastifyAdapter;
  try {
    ({ createBullBoard } = await import('@bull-board/api'));
    ({ BullMQAdapter } = await import('@bull-board/api/bullMQAdapter'));
    ({ FastifyAdapter: BullBoardFastifyAdapter } = await import('@bull-board/fastify'));
  } catch (err) {
    logger.warn(`bull-board did not load (${(err as Error).message.split('\n')[0]}): no dashboard`);
    return;
  }
  const serverAdapter = new BullBoardFastifyAdapter();
  serverAdapter.setBasePath(DASHBOARD_PATH);
  createBullBoard({
    queues: registry.queues().map((q) => new BullMQAdapter(q)),
    serverAdapter,
    // The way back to the web app, in the dashboard's own menu (a public option of bull-board).
    options: {
      uiConfig: { boardTitle: 'MWF queues', miscLinks: [{ text: 'Administration', url: '/admin' }] },
    },
  });

  const guard = async (request: FastifyRequest, reply: FastifyReply) => {
    const outcome = await checkAdmin(jwt, tokens, credentialOf(request));
    if (!outcome.ok) {
      // A signed-in admin's browser without the cookie: the web app sets it (from its own session)
      // and comes back; anyone else ends on the app's sign-in or "not found" page.
      if (isPageNavigation(request)) {
        return reply.header('cache-control', 'no-store').redirect(DASHBOARD_OPENER, 303);
      }
      return reply
        .status(outcome.status)
        .header('cache-control', 'no-store')
        .send({ statusCode: outcome.status, code: outcome.code, message: outcome.message });
    }
    // The page and its assets are files; the data behind /api comes from Redis, which BullMQ's
    // connection would wait for without end: while it is away, say so at once.
    if (request.url.startsWith(`${DASHBOARD_PATH}/api/`) && !registry.isConnected()) {
      return reply.status(503).header('cache-control', 'no-store').send({
        statusCode: 503,
        code: 'REDIS_UNAVAILABLE',
        message: 'Redis does not answer; the queues cannot be read now',
      });
    }
  };

  await app.register(async (scope: FastifyInstance) => {
    scope.addHook('onRequest', guard);
    scope.addHook('onSend', withoutExternalFonts);
    await scope.register(serverAdapter.registerPlugin(), { prefix: DASHBOARD_PATH });
  });
}
