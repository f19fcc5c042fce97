import 'reflect-metadata';
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import multipart from '@fastify/multipart';
import { DiscoveryService, MetadataScanner, ModulesContainer, NestFactory, Reflector } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Logger, PinoLogger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import { ErrorResponseDto } from './common/errors/error-response.dto.js';
import { useJsonBodyParser } from './common/http/json-body.js';
import { MetricsService } from './metrics/metrics.service.js';
import { closeConnectionsOnShutdown } from './ops/graceful-close.js';
import { OpenApiAccess, operationIdOf } from './ops/openapi-access.js';
import { registerQueueDashboard } from './ops/queue-dashboard.js';
import { useHttpHooks } from './ops/http-hooks.js';
import { helmetHeaders, webAppHeaders } from './ops/security-headers.js';
import { registerWebApp } from './ops/web-app.js';

export interface CreateAppOptions {
  /** Keep Nest's own start-up logs quiet (tests). */
  quiet?: boolean;
}

/** Builds the HTTP application (not listening yet). Used by `main.ts` and by the tests. */
export async function createHttpApp(
  config: AppConfig,
  options: CreateAppOptions = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: 1024 * 1024,
    trustProxy: config.TRUST_PROXY,
    // One request id for the reply header and every log line: the caller's x-request-id or a new UUID.
    genReqId: (req: IncomingMessage) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
      (req as { id?: string }).id = id;
      return id;
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    bufferLogs: true,
    abortOnError: false,
    logger: options.quiet ? false : undefined,
  });
  if (!options.quiet) app.useLogger(app.get(Logger));
  useJsonBodyParser(app);
  useGlobalPrefix(app);
  const fastify = app.getHttpAdapter().getInstance();
  useHttpHooks(fastify, {
    metrics: app.get(MetricsService),
    logger: await app.resolve(PinoLogger),
    rootLogger: PinoLogger.root,
    // The docs UI loads its own inline scripts and styles.
    pageHeaders: helmetHeaders({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", "'unsafe-inline'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
        },
      },
    }),
    webAppHeaders: webAppHeaders(),
    shutdown: closeConnectionsOnShutdown(fastify),
  });
  // Without configured origins no CORS header is ever sent, so the plugin (a hook on every request) is left out.
  if (config.corsOrigins.length) await app.register(cors, { origin: config.corsOrigins, credentials: false });
  // Cookies are read and written only where used (the auth routes): no hook on every request.
  await app.register(cookie, { hook: false });
  // Uploads stream through request.parts() (src/files). The plugin as it comes, its own cleanup hooks
  // on every request included: leaving them out cost no measurable CPU per request (bench/README.md).
  await app.register(multipart, { limits: { fileSize: config.UPLOAD_MAX_BYTES, files: 1, fields: 30 } });
  await registerQueueDashboard(app, config);
  await registerWebApp(app, config);
  setUpOpenApi(app);
  // SIGTERM/SIGINT: app.close() (drain HTTP, finish jobs, close pools), then exit 0 (src/main.ts).
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  await app.init();
  return app;
}

/** `/api/v1` before every route but the probes, metrics and the API docs. */
export function useGlobalPrefix(app: NestFastifyApplication): void {
  app.setGlobalPrefix('api/v1', { exclude: ['health/live', 'health/ready', 'metrics', 'docs', 'docs-json'] });
}

/**
 * The OpenAPI document of the app's routes. Needs only the scanned modules, so it also works on an
 * app created with `preview: true` (no database, no Redis): scripts/openapi.mjs generates the web
 * client's types from it.
 */
export function openApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const doc = new DocumentBuilder()
    .setTitle('Ministry workflow and meeting records')
    .setDescription(
      'Document approvals (DWF) with public verification, working groups and meetings, association board elections. ' +
        'Errors always have the shape of ErrorResponseDto.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  const access = new OpenApiAccess(
    new DiscoveryService(app.get(ModulesContainer)),
    new MetadataScanner(),
    new Reflector(),
  );
  return access.annotate(
    SwaggerModule.createDocument(app, doc, {
      extraModels: [ErrorResponseDto],
      operationIdFactory: operationIdOf,
    }),
  );
}

/**
 * Served at /docs and /docs-json, built on the first request there (then kept): scanning every
 * route for the document costs more than the rest of the start-up, which need not wait for it.
 */
function setUpOpenApi(app: NestFastifyApplication): void {
  SwaggerModule.setup('docs', app, () => openApiDocument(app), { jsonDocumentUrl: 'docs-json' });
}
