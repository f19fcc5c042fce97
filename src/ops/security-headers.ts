import type { FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import { createRequire } from 'node:module';

type HelmetMiddleware = (req: unknown, res: unknown, next: (err?: unknown) => void) => void;
type Helmet = (options: FastifyHelmetOptions) => HelmetMiddleware;

/** helmet itself, as @fastify/helmet (the declared dependency) loads it. */
function loadHelmet(): Helmet {
  const require = createRequire(import.meta.url);
  const fromPlugin = createRequire(require.resolve('@fastify/helmet'));
  return fromPlugin('helmet') as Helmet;
}

/**
 * The headers helmet sends, worked out once at start. @fastify/helmet rebuilds helmet's
 * middleware (and re-parses the CSP) on every request, which cost as much CPU as all the rest of
 * a GET /health/live; these headers never vary here (no per-request nonces), so they are set from
 * a table instead.
 */
export function helmetHeaders(options: FastifyHelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string | number | string[]) => {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
    getHeader: (name: string) => headers[name.toLowerCase()],
  };
  let failed: unknown;
  loadHelmet()(options)({ headers: {}, method: 'GET', url: '/' }, res, (err) => (failed = err));
  if (failed) throw failed instanceof Error ? failed : new Error('helmet refused its options');
  return headers;
}

/** Sends helmet's headers on every answer of this instance (including 404s and bull-board's). */
export function useSecurityHeaders(fastify: FastifyInstance, options: FastifyHelmetOptions): void {
  const headers = helmetHeaders(options);
  fastify.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(headers);
    done();
  });
}
