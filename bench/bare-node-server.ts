import { randomUUID } from 'node:crypto';
import { createServer, type OutgoingHttpHeaders } from 'node:http';
import { API_SECURITY_HEADERS } from '../src/ops/security-headers.js';

/**
 * The framework baseline: plain Node http answering a small JSON, as /health/live does.
 * With `--same-answer` it sends the answer of our GET /health/live byte for byte in shape (the
 * API's security headers, a new `x-request-id`, Fastify's keep-alive timeout), so that what it
 * costs a client to read those headers is set apart from what the framework costs.
 * Run as a child process by the bench; prints its port on stdout.
 */
const sameAnswer = process.argv.includes('--same-answer');
const body = JSON.stringify({ status: 'ok' });
const plain = { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length };
const headers: () => OutgoingHttpHeaders = sameAnswer
  ? () => ({ ...API_SECURITY_HEADERS, 'x-request-id': randomUUID(), ...plain })
  : () => plain;
const server = createServer((_req, res) => {
  res.writeHead(200, headers());
  res.end(body);
});
// Fastify's default, which our server keeps: the same `Keep-Alive: timeout=72` header.
if (sameAnswer) server.keepAliveTimeout = 72_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  process.stdout.write(`${address.port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
