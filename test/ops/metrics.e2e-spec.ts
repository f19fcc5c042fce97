import { createServer } from 'node:net';
import { adminToken, createUserWithToken } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The value of the sample `name` whose labels include all of `labels` (label order is free). */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-z_:]+)\{(.*)\} (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    if (Object.entries(labels).every(([k, v]) => m[2].split(',').includes(`${k}="${v}"`)))
      return Number(m[3]);
  }
  return undefined;
}

describe('metrics', () => {
  let t: TestApp;
  let metricsPort: number;
  beforeAll(async () => {
    metricsPort = await freePort();
    t = await createTestApp({ METRICS_PORT: String(metricsPort), HOST: '127.0.0.1' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves /metrics on the main port to admins only', async () => {
    expect((await t.get('/metrics')).status).toBe(401);
    const { token } = await createUserWithToken(t);
    const user = await t.get('/metrics', { token });
    expect(user.status).toBe(403);
    expect(user.body.code).toBe('FORBIDDEN');
    const admin = await t.get('/metrics', { token: await adminToken(t) });
    expect(admin.status).toBe(200);
    expect(admin.headers['content-type']).toMatch(/^text\/plain/);
    expect(sample(admin.raw, 'process_cpu_user_seconds_total', { app_role: 'all' })).toBeGreaterThan(0);
    expect(admin.raw).toMatch(/^nodejs_eventloop_lag_seconds/m);
  });

  it('times requests by route pattern, never by raw URL', async () => {
    const { token } = await createUserWithToken(t);
    const id = crypto.randomUUID();
    await t.get(`/api/v1/files/${id}`, { token });
    await t.get('/health/live');
    await t.get(`/api/v1/no-such-route/${id}`);
    const text = (await t.get('/metrics', { token: await adminToken(t) })).raw;
    expect(
      sample(text, 'http_request_duration_seconds_count', {
        method: 'GET',
        route: '/api/v1/files/:id',
        status: '404',
        app_role: 'all',
      }),
    ).toBe(1);
    expect(sample(text, 'http_request_duration_seconds_bucket', { route: '/health/live', le: '+Inf' })).toBe(
      1,
    );
    expect(sample(text, 'http_request_duration_seconds_count', { route: 'unmatched', status: '404' })).toBe(
      1,
    );
    expect(text).not.toContain(id);
  });

  it('reports queue depth and outbox lag when scraped', async () => {
    const text = (await t.get('/metrics', { token: await adminToken(t) })).raw;
    for (const queue of ['workflow', 'elections', 'meetings', 'notifications', 'system']) {
      for (const state of ['waiting', 'active', 'delayed', 'failed']) {
        expect(sample(text, 'mwf_queue_jobs', { queue, state })).toBeGreaterThanOrEqual(0);
      }
    }
    expect(sample(text, 'mwf_queue_redis_up', {})).toBe(1);
    expect(sample(text, 'mwf_outbox_unrelayed', {})).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'mwf_outbox_oldest_pending_due_seconds', {})).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'mwf_outbox_dead', {})).toBeGreaterThanOrEqual(0);
  });

  it('serves /metrics without auth on METRICS_PORT, and nothing else there', async () => {
    const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^mwf_queue_jobs\{/m);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/api/v1/files`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/metrics`, { method: 'POST' })).status).toBe(404);
  });
});
