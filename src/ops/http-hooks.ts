import type { FastifyInstance } from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import type { MetricsService } from '../metrics/metrics.service.js';
import type { ShutdownState } from './graceful-close.js';
import { apiSecurityHeaders } from './security-headers.js';

/** Probes and scrapes come every few seconds and say nothing: no log context, no log line. */
const QUIET_PATHS = /^\/(health|metrics)(\/|\?|$)/;

export interface HttpHookParts {
  metrics: MetricsService;
  /** Any instance: its `runInContext` binds a child of the root logger for the request. */
  logger: PinoLogger;
  /** Helmet's full set, for the server's own HTML pages (the docs, the queue dashboard). */
  pageHeaders: Record<string, string>;
  /** Helmet's full set with the web app's CSP, for the app's pages and files. */
  webAppHeaders: Record<string, string>;
  shutdown: ShutdownState;
}

/** The server's own pages (Swagger UI and its assets, the queue dashboard): helmet's full set. */
const PAGE_PATHS = /^\/(docs|admin\/queues)(\/|\?|$)/;
/** JSON and files: the compact API set. Every other path is the web app's (src/ops/web-app.ts). */
const API_PATHS = /^\/(api|health|metrics|docs-json)(\/|\?|$)/;

/** A signed link's signature and the dashboard's `?access_token=` are credentials: kept out of the logs. */
function withoutSecrets(url: string): string {
  if (!url.includes('sig=') && !url.includes('access_token=')) return url;
  return url.replace(/([?&](?:sig|access_token)=)[^&]*/g, '$1[redacted]');
}

/**
 * The work every request needs, in two hooks. Each Fastify hook (and Nest middleware, which on
 * Fastify runs through middie) is another turn of a hook runner: the seven small ones these
 * replace, with pino-http as middleware, held GET /health/live to 0.3 of bare Node's req/s.
 *
 * - onRequest: the answer's headers (`x-request-id`, the security headers chosen by the path,
 *   keep-alive refused once the server is closing), and the request's log context, so every line
 *   logged in it carries `reqId`.
 * - onResponse: the latency histogram, the request's log line, and the socket's end when closing.
 */
export function useHttpHooks(fastify: FastifyInstance, parts: HttpHookParts): void {
  const { metrics, logger, pageHeaders, webAppHeaders, shutdown } = parts;

  fastify.addHook('onRequest', (request, reply, done) => {
    const url = request.url;
    void reply.headers(
      API_PATHS.test(url)
        ? apiSecurityHeaders(request.protocol === 'https')
        : PAGE_PATHS.test(url)
          ? pageHeaders
          : webAppHeaders,
    );
    void reply.header('x-request-id', request.id);
    if (shutdown.closing) reply.raw.shouldKeepAlive = false;
    if (QUIET_PATHS.test(request.url)) return done();
    logger.runInContext(() => done(), { bindings: { reqId: request.id } });
  });

  fastify.addHook('onResponse', (request, reply, done) => {
    // The route pattern, never the raw URL: ids in paths would make a series per request.
    const route = request.routeOptions.url ?? 'unmatched';
    const status = reply.statusCode;
    metrics.observeHttp(request.method, route, status, reply.elapsedTime / 1000);
    if (!QUIET_PATHS.test(request.url)) {
      const line = {
        reqId: request.id,
        method: request.method,
        url: withoutSecrets(request.url),
        route,
        statusCode: status,
        responseTime: Math.round(reply.elapsedTime),
      };
      // The root logger: the request's own context may be gone by now, and it would repeat reqId.
      if (status >= 500) PinoLogger.root.error(line, 'request errored');
      else PinoLogger.root.info(line, 'request completed');
    }
    if (shutdown.closing) request.raw.socket?.end();
    done();
  });
}
