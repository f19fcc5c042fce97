import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * The framework floor: an empty NestJS app on Fastify answering the same small JSON as
 * /health/live, with nothing of ours (no guard, hooks, logger, metrics). What our server costs
 * beyond it is ours to cut; what it costs beyond bare Node is the framework's.
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

const app = await NestFactory.create<NestFastifyApplication>(FloorModule, new FastifyAdapter(), {
  logger: false,
});
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.getHttpServer().address() as { port: number };
process.stdout.write(`${address.port}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
