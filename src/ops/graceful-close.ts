import type { FastifyInstance } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** How long requests in flight may still run once the server is closing (below Kubernetes' 30 s). */
export const CLOSE_GRACE_MS = 25_000;

/** Whether this server has begun to close; read by the per-request hooks (ops/http-hooks.ts). */
export interface ShutdownState {
  readonly closing: boolean;
}

/**
 * Makes `app.close()` (SIGTERM) prompt: Fastify stops listening and drops idle keep-alive
 * connections, but a connection busy at that moment would then stay open until its keep-alive
 * timeout. So once closing, every answer says `Connection: close` (Node writes it for a response
 * that may not keep the connection alive) and its socket ends after it; requests still running
 * after the grace period are cut.
 */
export function closeConnectionsOnShutdown(
  fastify: FastifyInstance,
  graceMs = CLOSE_GRACE_MS,
): ShutdownState {
  const state = { closing: false };
  // The open connections (tracked per connection, not per request); at closing, the answer each is
  // working on (Node's `_httpMessage`) is told not to keep its connection alive.
  const sockets = new Set<Socket>();
  fastify.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  fastify.addHook('preClose', (done) => {
    state.closing = true;
    for (const socket of sockets) {
      const res = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
      if (res && !res.headersSent) res.shouldKeepAlive = false;
    }
    setTimeout(() => fastify.server.closeAllConnections(), graceMs).unref();
    done();
  });
  return state;
}
