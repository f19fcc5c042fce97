import type * as BullBoardApi from '@bull-board/api';
import type * as BullBoardBullMq from '@bull-board/api/bullMQAdapter';
import type * as BullBoardFastify from '@bull-board/fastify';
import { Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { accessTokenStillValid, isAccessPayload, TokenService } from '../auth/token.service.js';
import type { AppConfig } from '../config/app-config.js';
import { QueueRegistry } from '../queue/queue-registry.js';

export const DASHBOARD_PATH = '/admin/queues';
const COOKIE = 'access_token';

type Outcome = { ok: true } | { ok: false; status: 401 | 403; code: string; message: string };

/** The access token of a request: `Authorization: Bearer`, else the `access_token` cookie, else `?access_token=`. */
export function tokenOf(request: FastifyRequest): { token?: string; fromQuery: boolean } {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return { token: header.slice(7).trim(), fromQuery: false };
  for (const pair of (request.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = pair.trim().split('=');
    if (name === COOKIE && rest.length)
      return { token: decodeURIComponent(rest.join('=')), fromQuery: false };
  }
  const query = (request.query ?? {}) as Record<string, unknown>;
  const fromQuery = typeof query[COOKIE] === 'string' ? query[COOKIE] : undefined;
  return { token: fromQuery, fromQuery: fromQuery !== undefined };
}

/**
 * Checks that a request carries a valid access token of an active admin, the same rules as the
 * global guard (the token says who; roles and status are read from the database).
 */
export async function checkAdmin(
  jwt: JwtService,
  tokens: TokenService,
  token: string | undefined,
): Promise<Outcome> {
  const unauthenticated: Outcome = {
    ok: false,
    status: 401,
    code: 'UNAUTHENTICATED',
    message: `A valid access token is required (Bearer header, ${COOKIE} cookie or ?${COOKIE}=)`,
  };
  if (!token) return unauthenticated;
  let payload: unknown;
  try {
    payload = await jwt.verifyAsync<object>(token, { algorithms: ['HS256'] });
  } catch {
    return unauthenticated;
  }
  if (!isAccessPayload(payload)) return unauthenticated;
  const user = await tokens.findTokenUser(payload.sub, payload.sid);
  if (!accessTokenStillValid(user, payload.iat)) return unauthenticated;
  if (!user.roles.includes('admin')) {
    return { ok: false, status: 403, code: 'FORBIDDEN', message: 'This needs the role admin' };
  }
  return { ok: true };
}

/**
 * bull-board at /admin/queues, for admins only. Its routes are plain Fastify routes outside Nest's
 * guard, so an onRequest hook of their own scope checks the token. A browser opens
 * `/admin/queues?access_token=<token>` once: the token moves to an HttpOnly, SameSite=Strict
 * cookie scoped to the dashboard, and the page reloads without it in the address bar.
 */
export async function registerQueueDashboard(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const logger = new Logger('QueueDashboard');
  let registry: QueueRegistry;
  let tokens: TokenService;
  try {
    registry = app.get(QueueRegistry, { strict: false });
    tokens = app.get(TokenService, { strict: false });
  } catch {
    logger.warn('queue or auth module not loaded: no dashboard at /admin/queues');
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
    options: { uiConfig: { boardTitle: 'MWF queues' } },
  });

  const guard = async (request: FastifyRequest, reply: FastifyReply) => {
    const { token, fromQuery } = tokenOf(request);
    const outcome = await checkAdmin(jwt, tokens, token);
    if (!outcome.ok) {
      return reply
        .status(outcome.status)
        .header('cache-control', 'no-store')
        .send({ statusCode: outcome.status, code: outcome.code, message: outcome.message });
    }
    if (fromQuery && token) {
      const secure = request.protocol === 'https' ? '; Secure' : '';
      const cookie = `${COOKIE}=${encodeURIComponent(token)}; Path=${DASHBOARD_PATH}; HttpOnly; SameSite=Strict; Max-Age=${config.JWT_ACCESS_TTL_SECONDS}${secure}`;
      const url = new URL(request.url, 'http://x');
      url.searchParams.delete(COOKIE);
      return reply
        .header('set-cookie', cookie)
        .header('cache-control', 'no-store')
        .redirect(`${url.pathname}${url.search}`, 303);
    }
  };

  await app.register(async (scope: FastifyInstance) => {
    scope.addHook('onRequest', guard);
    await scope.register(serverAdapter.registerPlugin(), { prefix: DASHBOARD_PATH });
  });
}
