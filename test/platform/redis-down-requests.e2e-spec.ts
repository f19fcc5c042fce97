import { jest } from '@jest/globals';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { VERIFY_RATE_PER_MINUTE } from '../../src/approvals/verification.service.js';
import { adminToken, createUser } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { PrivateRedis } from '../queue/queue-helpers.js';

// The queue dashboard under Jest: as in test/ops/dashboard.e2e-spec.ts.
const contentDisposition = createRequire(import.meta.url)('content-disposition') as {
  (name?: string, opts?: object): string;
  parse: (header: string) => unknown;
};
jest.mock(resolve('node_modules/@bull-board/fastify/node_modules/content-disposition/dist/index.js'), () => ({
  create: contentDisposition,
  parse: contentDisposition.parse,
}));

/** Far below "hangs", and above a request plus the Redis timeout on a busy shared machine. */
const PROMPT_MS = 2000;

/**
 * #14.12: with Redis down, every request that touches Redis answers promptly with its fallback.
 * Uses a private redis-server it can kill (never the shared one).
 */
describe('requests while Redis is down', () => {
  let redis: PrivateRedis;
  let t: TestApp;

  beforeAll(async () => {
    redis = await PrivateRedis.create();
    t = await createTestApp({ REDIS_URL: redis.url });
  });
  afterAll(async () => {
    // Back up for the close, which would otherwise wait out the workers' reconnects.
    await redis?.start();
    await t?.close();
    await redis?.stop();
  });

  const timed = async (run: () => Promise<{ status: number; body: any }>) => {
    const started = performance.now();
    const res = await run();
    return { ...res, ms: performance.now() - started };
  };

  it('#14.12 nothing hangs on Redis: verification, login and readiness answer with their fallbacks', async () => {
    const { user, password } = await createUser(t);
    const admin = await adminToken(t);
    expect((await t.get('/admin/queues/api/queues', { token: admin })).status).toBe(200);
    // With Redis up: the verification route answers (an unknown code is a 404).
    expect((await t.get('/api/v1/verify/ABCD-EFGH-JKLM')).status).toBe(404);

    await redis.stop();

    // Verification: the per-address limit falls back to this process's memory; the lookup goes on.
    const verify = await timed(() => t.get('/api/v1/verify/ABCD-EFGH-JKLM'));
    expect(verify.status).toBe(404);
    expect(verify.body.code).toBe('VERIFICATION_CODE_NOT_FOUND');
    expect(verify.ms).toBeLessThan(PROMPT_MS);

    // Login: the throttle is skipped (the account lockout in PostgreSQL still holds).
    const good = await timed(() => t.post('/api/v1/auth/login', { username: user.username, password }));
    expect(good.status).toBe(200);
    expect(good.ms).toBeLessThan(PROMPT_MS);
    const bad = await timed(() =>
      t.post('/api/v1/auth/login', { username: user.username, password: 'wrong-password-1' }),
    );
    expect(bad.status).toBe(401);
    expect(bad.ms).toBeLessThan(PROMPT_MS);

    // The queue dashboard's data comes from Redis: a prompt 503 instead.
    const queues = await timed(() => t.get('/admin/queues/api/queues', { token: admin }));
    expect(queues.status).toBe(503);
    expect(queues.body.code).toBe('REDIS_UNAVAILABLE');
    expect(queues.ms).toBeLessThan(PROMPT_MS);

    // Readiness names the outage.
    const ready = await timed(() => t.get('/health/ready'));
    expect(ready.status).toBe(503);
    expect(ready.body.down).toEqual(['redis']);
    expect(ready.ms).toBeLessThan(PROMPT_MS);
  });

  it('#14.12 the verification rate limit still holds per process while Redis is down', async () => {
    await redis.stop();
    // Fixed windows of a minute: within any two of them at most twice the limit gets through.
    const statuses: number[] = [];
    const started = performance.now();
    for (let i = 0; i < 2 * VERIFY_RATE_PER_MINUTE + 2 && !statuses.includes(429); i++) {
      statuses.push((await t.get('/api/v1/verify/ABCD-EFGH-JKLM')).status);
    }
    expect(statuses).toContain(429);
    expect(new Set(statuses)).toEqual(new Set([404, 429]));
    expect(performance.now() - started).toBeLessThan(PROMPT_MS * 5);
  });
});
