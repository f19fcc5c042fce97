import fastifyStatic from '@fastify/static';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { AppConfig } from '../config/app-config.js';

/**
 * Paths that belong to the server, never to the web app: the API, the docs, the probes, the
 * metrics and the queue dashboard. An unknown path under them keeps its JSON 404.
 */
export const SERVER_PATHS = /^\/(api|health|metrics|docs|docs-json|admin\/queues)(\/|\?|$)/;

/** Vite names its build output `assets/<name>-<hash>.<ext>`: a file there never changes. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

const NOT_BUILT = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Web app not built</title></head>
<body>
<h1>The web app is not built</h1>
<p>This server answers the API at <a href="/api/v1">/api/v1</a> (documented at <a href="/docs">/docs</a>), but the browser app has not been built.</p>
<p>Build it with <code>npm run build</code> (it writes <code>web/dist</code>) and restart the server, or set <code>WEB_DIST_DIR</code> to where it was built.</p>
</body>
</html>
`;

/** A browser opening a page asks for HTML; fetches, scripts and images do not. */
function acceptsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('text/html') || accept.includes('application/xhtml+xml');
}

/**
 * Serves the built web app (WEB_DIST_DIR, default `web/dist`) at `/`: its files as they are
 * (hashed assets cached for a year, everything else revalidated), and its `index.html` for every
 * other GET a browser makes for a page (deep links like `/documents/:id` survive a reload).
 * Server paths (SERVER_PATHS), requests that do not accept HTML and missing assets get the
 * ordinary 404. Without a build (API-only deployments, API tests) those pages say how to build it.
 *
 * @fastify/static stays at 9.x: 10.x needs content-disposition 3, which is ESM-only and declares
 * Node >= 22 (Jest's sandbox on Node 20 cannot load it). Nest's `useStaticAssets` is not used, as
 * it would serve the files at the root scope with no fallback; this scope has its own `sendFile`.
 */
export async function registerWebApp(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const root = resolve(config.WEB_DIST_DIR);
  const built = existsSync(join(root, 'index.html'));
  if (!built) {
    new Logger('WebApp').warn(`no web app at ${root} (run npm run build): / says so`);
  }
  const assets = `${join(root, 'assets')}${sep}`;

  await app.register(async (scope: FastifyInstance) => {
    if (built) {
      await scope.register(fastifyStatic, {
        root,
        prefix: '/',
        // A route per file, found at start: the build is complete before the server starts, and
        // no wildcard route shadows the server's own 404s.
        wildcard: false,
        index: false,
        serveDotFiles: false,
        // The build writes .br and .gz beside each asset: a phone on a slow network gets those.
        preCompressed: true,
        // Its own `public, max-age=0` would replace the one set here.
        cacheControl: false,
        setHeaders: (res, path) => {
          res.setHeader('cache-control', path.startsWith(assets) ? IMMUTABLE : 'no-cache');
        },
      });
    }
    const sendApp = (reply: FastifyReply) =>
      built
        ? reply.sendFile('index.html')
        : reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(NOT_BUILT);

    scope.get('/', (_request, reply) => sendApp(reply));
    scope.get('/*', (request, reply) => {
      if (SERVER_PATHS.test(request.url) || !acceptsHtml(request)) return reply.callNotFound();
      return sendApp(reply);
    });
  });
}
