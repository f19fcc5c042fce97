import type { FastifyInstance } from 'fastify';

/** How long requests in flight may still run once the server is closing (below Kubernetes' 30 s). */
export const CLOSE_GRACE_MS = 25_000;

/**
 * Makes `app.close()` (SIGTERM) prompt: Fastify stops listening and drops idle keep-alive
 * connections, but a connection busy at that moment would then stay open until its keep-alive
 * timeout. So every answer given while closing says `Connection: close` and its socket ends after
 * it; requests still running after the grace period are cut.
 */
export function closeConnectionsOnShutdown(fastify: FastifyInstance, graceMs = CLOSE_GRACE_MS): void {
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    setTimeout(() => fastify.server.closeAllConnections(), graceMs).unref();
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });
  fastify.addHook('onResponse', (request, _reply, done) => {
    if (closing) request.raw.socket?.end();
    done();
  });
}
