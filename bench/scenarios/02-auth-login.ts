import type { Scenario } from '../scenario.js';

/**
 * POST /api/v1/auth/login with the admin's right password: an argon2id verification, a refresh
 * token row and two signed tokens per request. Only failed logins are rate limited (per IP and
 * per user), so every answer here should be a 200; p50/p99 are of the 200s. Login is CPU-bound
 * on purpose (argon2), so few connections show its latency; more would only queue.
 */
const scenario: Scenario = {
  name: 'auth-login',
  description: 'POST /api/v1/auth/login (argon2id verify + refresh token insert)',
  async setup(ctx) {
    const res = await ctx.request('POST', '/api/v1/auth/login', { body: ctx.admin });
    if (res.status !== 200) throw new Error(`login does not work: ${res.status} ${JSON.stringify(res.body)}`);
  },
  async run(ctx) {
    const connections = Math.min(ctx.connections, 8);
    const result = await ctx.load({
      path: '/api/v1/auth/login',
      method: 'POST',
      body: ctx.admin,
      connections,
    });
    const notes = [`${connections} connections`];
    const refused = result.total - Math.round(result.requestsPerSecond * result.seconds);
    if (refused > 0) notes.push(`${refused} non-2xx: ${JSON.stringify(result.statusCounts)}`);
    return { ...result, notes };
  },
};
export default scenario;
