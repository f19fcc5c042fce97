import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import type { PinoLogger } from 'nestjs-pino';
import { pino } from 'pino';
import type { MetricsService } from '../metrics/metrics.service.js';
import { useHttpHooks } from './http-hooks.js';

/** A Fastify instance with the hooks, its root logger writing into `lines`. */
function server(lines: Record<string, unknown>[]) {
  const fastify = Fastify();
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  useHttpHooks(fastify, {
    metrics: { observeHttp: () => undefined } as unknown as MetricsService,
    logger: { runInContext: (run: () => void) => run() } as unknown as PinoLogger,
    rootLogger: pino(sink),
    pageHeaders: {},
    webAppHeaders: {},
    shutdown: { closing: false },
  });
  return fastify;
}

/** A request through a real socket (Fastify's `inject` loads a CommonJS copy of `cookie` Jest cannot). */
async function get(fastify: FastifyInstance, path: string): Promise<Response> {
  const address = await fastify.listen({ port: 0, host: '127.0.0.1' });
  const res = await fetch(`${address}${path}`);
  await res.arrayBuffer();
  return res;
}

describe('the HTTP hooks', () => {
  it('log the error of a route of Fastify’s own with its stack, beside the 500’s line', async () => {
    const lines: Record<string, unknown>[] = [];
    const fastify = server(lines);
    fastify.get('/inbox', () => {
      throw new Error('the page data could not be read');
    });
    const res = await get(fastify, '/inbox');
    await fastify.close();

    expect(res.status).toBe(500);
    const failed = lines.find((l) => l.msg === 'request failed');
    expect(failed).toMatchObject({
      reqId: res.headers.get('x-request-id'),
      route: '/inbox',
      err: { message: 'the page data could not be read' },
    });
    expect((failed?.err as { stack: string }).stack).toContain('http-hooks.spec.ts');
    expect(lines.find((l) => l.msg === 'request errored')).toMatchObject({
      statusCode: 500,
      route: '/inbox',
    });
  });

  it('write no error line for a request that succeeds', async () => {
    const lines: Record<string, unknown>[] = [];
    const fastify = server(lines);
    fastify.get('/', () => ({ ok: true }));
    expect((await get(fastify, '/')).status).toBe(200);
    await fastify.close();
    expect(lines.map((l) => l.msg)).toEqual(['request completed']);
  });
});
