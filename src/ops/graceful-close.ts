import type { FastifyInstance } from 'fastify';

/** How long requests in flight may still run once the server is closing (below Kubernetes' 30 s). */
export const CLOSE_GRACE_MS = 25_000;

/** Whether this server has begun to close; read by the per-request hooks (ops/http-hooks.ts). */
export interface ShutdownState {
  readonly closing: boolean;
}

/**
 * Makes `app.close()` (SIGTERM) prompt: Fastify stops listening and drops idle keep-alive
 * connections, but a connection busy at that moment would then stay open until its keep-alive
 * timeout. So once closing, every answer says `Connection: close` and its socket ends after it
 * (the HTTP hooks do both); requests still running after the grace period are cut.
 */
export function closeConnectionsOnShutdown(
  fastify: FastifyInstance,
  graceMs = CLOSE_GRACE_MS,
): ShutdownState {
  const state = { closing: false };
  fastify.addHook('preClose', (done) => {
    state.closing = true;
    setTimeout(() => fastify.server.closeAllConnections(), graceMs).unref();
    done();
  });
  return state;
}
