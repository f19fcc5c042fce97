import fastifyStatic from '@fastify/static';
import { HttpStatus, Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { formatVerificationCode, normalizeVerificationCode } from '../approvals/domain/verification-code.js';
import { VerificationService } from '../approvals/verification.service.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { loadServerRender, type PrerenderedQuery } from './server-render.js';
import { SignedInPageData } from './signed-in-page-data.js';
import type { ProfileDto } from '../profile/dto/profile.dto.js';
import { SESSION_END_REASONS } from '../auth/session-end.js';
import {
  displayName,
  escapeHtml,
  type Language,
  loadWebPages,
  pageLanguage,
  type Verification,
} from './web-pages.js';

/**
 * A code as typed (`bb6p b923 h543 2nv5`), written as the page shows codes (`BB6P-B923-H543-2NV5`)
 * when it can be one, so that the address copied from the result reads right; else as typed.
 */
export function tidyCode(typed: string): string {
  const code = normalizeVerificationCode(typed.trim());
  return code ? formatVerificationCode(code) : typed.trim();
}

/**
 * What the login page says first, as the app's own page does (web/src/auth/session-end.ts): why
 * the session ended when the app passed it on (`why`), else that it expired; nothing without
 * `expired`.
 */
export function loginNotice(expired: string | undefined, why: string | undefined): string | null {
  if (!expired) return null;
  return SESSION_END_REASONS.some((r) => r === why) ? `login.ended.${why}` : 'login.expired';
}

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

/**
 * A path that names a file (`/assets/app-1a2b.js`, `/robots.txt`): missing, it is a 404, never the
 * app. Every other path is a page of the app, whatever the client accepts: curl and some QR code
 * scanners open `/verify/<code>` without asking for `text/html`.
 */
function isFilePath(url: string): boolean {
  const path = url.split('?')[0] ?? '';
  return path.startsWith('/assets/') || /\.[A-Za-z0-9]+$/.test(path);
}

/** A page the server rendered: brotli or gzip when the browser takes it (its styles are inline). */
function sendPage(
  request: FastifyRequest,
  reply: FastifyReply,
  html: string,
  csp: string,
  cacheControl = 'no-cache',
) {
  void reply
    .header('cache-control', cacheControl)
    .header('vary', 'Accept-Encoding, Accept-Language, Cookie')
    .header('content-security-policy', csp)
    .type('text/html; charset=utf-8');
  const accepted = String(request.headers['accept-encoding'] ?? '');
  if (/\bbr\b/.test(accepted)) {
    const body = brotliCompressSync(html, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } });
    return reply.header('content-encoding', 'br').send(body);
  }
  if (/\bgzip\b/.test(accepted)) return reply.header('content-encoding', 'gzip').send(gzipSync(html));
  return reply.send(html);
}

/**
 * Serves the built web app (WEB_DIST_DIR, default `web/dist`) at `/`: its files as they are
 * (hashed assets cached for a year, everything else revalidated), and its `index.html` for every
 * other GET of a page (deep links like `/documents/:id` survive a reload). The login and
 * verification pages come rendered in the visitor's language (src/ops/web-pages.ts), so they paint
 * before the app's code arrives. Server paths (SERVER_PATHS) and missing files get the ordinary
 * 404. Without a build (API-only deployments, API tests) those pages say how to build it.
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
  const pages = built ? loadWebPages(root) : null;
  const serverRender = pages ? await loadServerRender(root) : null;
  const verification = app.get(VerificationService, { strict: false });
  const signedInData = new SignedInPageData(app);

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

    scope.get('/*', (request, reply) => {
      if (SERVER_PATHS.test(request.url) || isFilePath(request.url)) return reply.callNotFound();
      return sendApp(reply);
    });
    if (!pages) {
      scope.get('/', (_request, reply) => sendApp(reply));
      return;
    }

    // The signed-in pages, rendered for the user of the page cookie (src/auth/page-session.service.ts)
    // by the web app's own components (web/src/entry-server.tsx), which the app then hydrates.
    // Without a good cookie, or for what the user may not see, the plain app (which asks the API
    // itself and says why). `private`: the HTML carries the user's own data.
    const signedIn = async (
      request: FastifyRequest,
      reply: FastifyReply,
      queriesFor: (
        user: NonNullable<Awaited<ReturnType<SignedInPageData['user']>>>,
      ) => Promise<PrerenderedQuery[] | null>,
      // The window's title, as the page sets it (escaped).
      titleOf: (queries: PrerenderedQuery[], language: Language, user: ProfileDto) => string,
    ) => {
      if (!serverRender) return sendApp(reply);
      const read = async () => {
        const user = await signedInData.user(request);
        const found = user && (await queriesFor(user));
        return user && found ? { user, queries: [...found, ...(await signedInData.frame(user.auth))] } : null;
      };
      // Data that cannot be read now (the database away, a bug) leaves the page to the plain app,
      // which asks the API itself and says what is wrong: a page, never a bare 500.
      const path = request.url.split('?')[0] ?? '/';
      const data = await read().catch((error: unknown) => {
        new Logger('WebApp').error(`the data of ${path} could not be read: ${String(error)}`);
        return null;
      });
      if (!data) return sendApp(reply);
      const { user, queries } = data;
      const language: Language = user.auth.locale === 'km' ? 'km' : 'en';
      const html = await serverRender
        .render({ url: request.url, language, user: user.profile, queries })
        .catch((error: unknown) => {
          // A page the app cannot render here is a bug to fix; the visitor gets the plain app.
          new Logger('WebApp').error(`server render of ${path} failed: ${String(error)}`);
          return null;
        });
      if (!html) return sendApp(reply);
      const page = pages.page(language, titleOf(queries, language, user.profile), html, {
        signedIn: true,
        queries,
      });
      return sendPage(request, reply, page, pages.csp, 'private, no-cache');
    };
    const titled = (queries: PrerenderedQuery[]) => escapeHtml((queries[0]?.data as { title: string }).title);
    scope.get('/', (request, reply) =>
      signedIn(
        request,
        reply,
        (user) => signedInData.home(user.auth, user.profile),
        (_queries, language, user) =>
          pages.text(language, 'home.title', { name: displayName(user, language) }),
      ),
    );
    scope.get('/inbox', (request, reply) =>
      signedIn(
        request,
        reply,
        (user) => signedInData.inbox(user.auth),
        (_queries, language) => pages.text(language, 'inbox.title'),
      ),
    );
    scope.get('/documents/:id', (request, reply) =>
      signedIn(
        request,
        reply,
        (user) => signedInData.document(user.auth, (request.params as { id: string }).id),
        titled,
      ),
    );
    scope.get('/elections/:id', (request, reply) =>
      signedIn(
        request,
        reply,
        (user) => signedInData.election(user.auth, (request.params as { id: string }).id),
        titled,
      ),
    );

    scope.get('/login', (request, reply) => {
      const { expired, why } = request.query as { expired?: string; why?: string };
      return sendPage(
        request,
        reply,
        pages.login(pageLanguage(request), loginNotice(expired, why)),
        pages.csp,
      );
    });
    // The code form works without script: its GET lands here and goes on to the code's page.
    scope.get('/verify', (request, reply) => {
      const code = (request.query as { code?: unknown }).code;
      if (typeof code === 'string' && code.trim()) {
        return reply.redirect(`/verify/${encodeURIComponent(tidyCode(code))}`, 303);
      }
      return sendPage(request, reply, pages.verify(pageLanguage(request), null, null), pages.csp);
    });
    scope.get('/verify/:code', async (request, reply) => {
      const { code } = request.params as { code: string };
      return sendPage(
        request,
        reply,
        pages.verify(pageLanguage(request), code, await lookUp(verification, request, code)),
        pages.csp,
      );
    });
  });
}

/**
 * The verification the page shows, counted against the visitor's rate limit as the API's is (the
 * app then does not ask again). Null when it cannot be answered now (rate limited, the database
 * away): the app asks itself and says why.
 */
async function lookUp(
  verification: VerificationService,
  request: FastifyRequest,
  code: string,
): Promise<Verification | null> {
  try {
    await verification.rateLimit(request.ip);
    return { code, status: 200, data: await verification.verify(code) };
  } catch (error) {
    if (error instanceof DomainError && error.status === HttpStatus.NOT_FOUND) return { code, status: 404 };
    new Logger('WebApp').warn(`verification page without its answer: ${String(error)}`);
    return null;
  }
}
