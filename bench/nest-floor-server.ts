import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { API_SECURITY_HEADERS } from '../src/ops/security-headers.js';

/**
 * The framework floor (issue 18: "an empty NestJS app on Fastify with the same security
 * headers"): an empty NestJS app on Fastify answering the same small JSON as /health/live with the
 * same headers (the API's security headers and a new UUID as `x-request-id`, set by one onRequest
 * hook, Fastify's cheapest way), and nothing else of ours (no guard, logger, metrics). What our
 * server costs beyond it is ours to cut; what it costs beyond bare Node is the framework's.
 * Run as a child process by the bench; prints its port on stdout.
 */
@Controller('health')
class FloorController {
  @Get('live')
  live() {
    return { status: 'ok' };
  }
}

@Module({ controllers: [FloorController] })
class FloorModule {}

const app = await NestFactory.create<NestFastifyApplication>(
  FloorModule,
  new FastifyAdapter({ genReqId: () => randomUUID() }),
  { logger: false },
);
app
  .getHttpAdapter()
  .getInstance()
  .addHook('onRequest', (request, reply, done) => {
    void reply.headers(API_SECURITY_HEADERS);
    void reply.header('x-request-id', request.id);
    done();
  });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.getHttpServer().address() as { port: number };
process.stdout.write(`${address.port}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
