import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { freePort } from '../support/local-resources.js';
import { removeQueueKeys } from '../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.js';
import { TEST_REDIS_URL, testQueuePrefix } from '../helpers/test-env.js';
import { waitFor } from '../support/wait.js';

/**
 * #14.13: the built server (dist/src/main.js, as deployed), its JSON log on stdout read back after
 * requests that carry every kind of secret.
 */
describe('secrets in logs', () => {
  let db: TestDatabase;
  let server: ChildProcess;
  let base: string;
  let output = '';
  const prefix = testQueuePrefix();
  const filesDir = `var/test-files/${randomBytes(6).toString('hex')}`;
  const adminPassword = `Adm1n-${randomBytes(9).toString('base64url')}`;

  beforeAll(async () => {
    db = await createTestDatabase();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, ['dist/src/main.js'], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        APP_ROLE: 'api',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: db.url,
        REDIS_URL: TEST_REDIS_URL,
        QUEUE_PREFIX: prefix,
        JWT_SECRET: randomBytes(32).toString('hex'),
        ADMIN_USERNAME: 'admin',
        ADMIN_PASSWORD: adminPassword,
        FILES_DIR: filesDir,
        LOG_LEVEL: 'debug',
        RUN_MIGRATIONS: 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    server.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    // Generous, as in ./processes.ts: a server starting on a busy 2-core machine needs a while (it
    // took over 25 s in a CI run beside other work).
    await waitFor(
      'the server to start',
      () => {
        if (server.exitCode !== null) throw new Error(`server exited:\n${output}`);
        return output.includes('API listening');
      },
      { timeoutMs: 150_000 },
    );
  }, 180_000);
  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    await db?.drop();
    await removeQueueKeys(TEST_REDIS_URL, prefix);
    await rm(filesDir, { recursive: true, force: true });
  });

  const call = (
    method: string,
    path: string,
    init: { body?: unknown; headers?: Record<string, string> } = {},
  ) =>
    fetch(`${base}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(init.headers ?? {}),
      },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    });

  it('#14.13 no token, cookie, password or authorization header reaches the log', async () => {
    const login = await call('POST', '/api/v1/auth/login', {
      body: { username: 'admin', password: adminPassword },
    });
    expect(login.status).toBe(200);
    const { accessToken, refreshToken } = (await login.json()) as {
      accessToken: string;
      refreshToken: string;
    };
    let auth = { authorization: `Bearer ${accessToken}` };

    // The old way into the dashboard: a token in the address, now refused.
    expect((await call('GET', `/admin/queues?access_token=${accessToken}`)).status).toBe(401);
    // Tokens in query strings of API routes, in cookies, and wrong passwords.
    await call('GET', `/api/v1/me?token=${accessToken}&password=${adminPassword}`, { headers: auth });
    await call('GET', '/api/v1/me', { headers: { cookie: `access_token=${accessToken}` } });
    await call('POST', '/api/v1/auth/login', { body: { username: 'admin', password: `${adminPassword}x` } });
    await call('POST', '/api/v1/auth/login', {
      body: { username: 'admin', password: { nested: adminPassword } },
    });
    const refreshed = await call('POST', '/api/v1/auth/refresh', { body: { refreshToken } });
    expect(refreshed.status).toBe(200);
    const next = (await refreshed.json()) as { refreshToken: string };
    const second = await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: next.refreshToken } });
    expect(second.status).toBe(200);
    // The first token is now two rotations old: presenting it again is reuse (no grace).
    const again = await call('POST', '/api/v1/auth/refresh', { body: { refreshToken } });
    expect(again.status).toBe(401);
    // The reuse ended that login (#14.11): sign in again for the rest.
    const relogin = await call('POST', '/api/v1/auth/login', {
      body: { username: 'admin', password: adminPassword },
    });
    expect(relogin.status).toBe(200);
    auth = { authorization: `Bearer ${((await relogin.json()) as { accessToken: string }).accessToken}` };

    // The dashboard's cookie comes from an authenticated call, and is the way in.
    const session = await call('POST', '/api/v1/ops/dashboard-session', { headers: auth });
    expect(session.status).toBe(204);
    const cookie = session.headers.get('set-cookie') ?? '';
    const cookieValue = cookie.split(';')[0].split('=').slice(1).join('=');
    expect(cookieValue.length).toBeGreaterThan(20);
    expect((await call('GET', '/admin/queues', { headers: { cookie: cookie.split(';')[0] } })).status).toBe(
      200,
    );

    // The logger writes asynchronously.
    await waitFor('the dashboard request logged', () => output.includes('/admin/queues?access_token='));
    expect(output).toContain('request completed');
    expect(output).toContain('/admin/queues?access_token=[REDACTED]');
    for (const secret of [accessToken, refreshToken, adminPassword, cookieValue]) {
      expect(output).not.toContain(secret);
    }
  });
});
