import type { FastifyHelmetOptions } from '@fastify/helmet';
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

/**
 * What a JSON (or file) answer needs: nothing may frame, script or sniff it (OWASP's REST set;
 * `frame-ancestors 'none'` supersedes X-Frame-Options, and a JSON answer has no referrer to leak).
 * Helmet's full set (about 700 bytes) is for pages a browser renders; sent with every API answer it
 * halved the throughput of small answers on this machine, where bytes on a socket are dear.
 */
export const API_SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
};
/** Browsers honour HSTS only over HTTPS (directly or as the trusted proxy reports it). */
const HSTS = { 'strict-transport-security': 'max-age=31536000; includeSubDomains' };
const API_SECURITY_HEADERS_HTTPS = { ...API_SECURITY_HEADERS, ...HSTS };

/** The security headers of an API answer (JSON, files, errors). */
export function apiSecurityHeaders(https: boolean): Record<string, string> {
  return https ? API_SECURITY_HEADERS_HTTPS : API_SECURITY_HEADERS;
}

/**
 * The web app's CSP: everything from this origin only, no inline script and no inline style (Vite
 * builds plain CSS files; styles React sets through the DOM are not inline markup, so they pass),
 * images also as `data:` and `blob:` (previews of a chosen file), never framed. No
 * `upgrade-insecure-requests`: the demo and the browser tests run over plain http on localhost.
 */
export const WEB_APP_CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
};

/** Helmet's full set for the web app's pages and files, with the app's own CSP. */
export function webAppHeaders(): Record<string, string> {
  return helmetHeaders({
    contentSecurityPolicy: { useDefaults: false, directives: WEB_APP_CSP_DIRECTIVES },
    frameguard: { action: 'deny' },
  });
}

/**
 * The web app's CSP for a page the server renders with its styles inline (src/ops/web-pages.ts):
 * as `webAppHeaders`, plus the SHA-256 of each inline `<style>` the page carries, so that exactly
 * those styles apply and no other inline style (nor any inline script) does. Worked out once at start.
 */
export function webAppCspWithStyles(styleHashes: string[]): string {
  const headers = helmetHeaders({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        ...WEB_APP_CSP_DIRECTIVES,
        styleSrc: [...WEB_APP_CSP_DIRECTIVES.styleSrc, ...styleHashes.map((h) => `'sha256-${h}'`)],
      },
    },
  });
  const csp = headers['content-security-policy'];
  if (!csp) throw new Error('helmet set no content-security-policy');
  return csp;
}
