import type { FastifyInstance } from 'fastify';
import type { PinoLogger } from 'nestjs-pino';
import type { Logger as Pino } from 'pino';
import type { MetricsService } from '../metrics/metrics.service.js';
import type { ShutdownState } from './graceful-close.js';
import { redactUrl } from './log-redaction.js';
import { apiSecurityHeaders } from './security-headers.js';

/** Probes and scrapes come every few seconds and say nothing: no log context, no log line. */
const QUIET_PATHS = /^\/(health|metrics)(\/|\?|$)/;

export interface HttpHookParts {
  metrics: MetricsService;
  /** Any instance: its `runInContext` binds a child of the root logger for the request. */
  logger: PinoLogger;
  /** The root logger (`PinoLogger.root`), for the lines written once a request's context may be gone. */
  rootLogger: Pino;
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

/**
 * The work every request needs, in two hooks (and a third for the failures of the routes Nest does not
 * serve). Each Fastify hook (and Nest middleware, which on
 * Fastify runs through middie) is another turn of a hook runner: the seven small ones these
 * replace, with pino-http as middleware, held GET /health/live to 0.3 of bare Node's req/s.
 *
 * - onRequest: the answer's headers (`x-request-id`, the security headers chosen by the path,
 *   keep-alive refused once the server is closing), and the request's log context, so every line
 *   logged in it carries `reqId`.
 * - onResponse: the latency histogram, the request's log line, and the socket's end when closing.
 * - onError (failures only): the error of a route of Fastify's own (the web app's pages, the queue
 *   dashboard), with its stack. Nest's routes never reach it: their errors are answered and logged
 *   by the exception filter.
 */
export function useHttpHooks(fastify: FastifyInstance, parts: HttpHookParts): void {
  const { metrics, logger, rootLogger, pageHeaders, webAppHeaders, shutdown } = parts;

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
        // Query values that look like secrets are replaced (a token in a link must not reach the log).
        url: redactUrl(request.url),
        route,
        statusCode: status,
        responseTime: Math.round(reply.elapsedTime),
      };
      // The root logger: the request's own context may be gone by now, and it would repeat reqId.
      if (status >= 500) rootLogger.error(line, 'request errored');
      else rootLogger.info(line, 'request completed');
    }
    if (shutdown.closing) request.raw.socket?.end();
    done();
  });

  fastify.addHook('onError', (request, _reply, error, done) => {
    rootLogger.error({ reqId: request.id, route: request.routeOptions.url, err: error }, 'request failed');
    done();
  });
}
