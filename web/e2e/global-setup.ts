import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import { FakeTelegram } from '../../test/support/fake-telegram';

const root = fileURLToPath(new URL('../../', import.meta.url));
const children: ChildProcess[] = [];

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

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd = root): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')}: ${code}`)),
    );
  });
}

// The server's warnings (LOG_LEVEL=warn) show in the test output: a failed job says why there.
function start(command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
  children.push(child);
  return child;
}

async function waitFor(
  url: string,
  ok: (r: Response) => boolean | Promise<boolean>,
  seconds = 60,
): Promise<void> {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    try {
      const r = await fetch(url);
      if (await ok(r)) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > until) throw new Error(`${url} did not answer in ${seconds} s`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/**
 * A fresh database with the demo ministry and the built server (API and app) on a free port.
 * Sets E2E_BASE_URL and E2E_DATABASE_URL for the tests; returns the teardown, which removes the
 * database and the server's Redis keys.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(`${root}dist/src/main.js`) || !existsSync(`${root}web/dist/index.html`)) {
    throw new Error('Build first: npm run build (the server and web/dist)');
  }
  const base =
    process.env.TEST_DATABASE_URL ??
    process.env.DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/postgres';
  const dbName = `web_e2e_${randomBytes(5).toString('hex')}`;
  const admin = new URL(base);
  admin.pathname = '/postgres';
  const dbUrl = new URL(base);
  dbUrl.pathname = `/${dbName}`;
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`CREATE DATABASE "${dbName}"`);
  await client.end();

  // Telegram through a fake Bot API (test/support/fake-telegram.ts), so settings show the channel.
  const telegram = await new FakeTelegram().start();
  const telegramSecret = randomBytes(18).toString('base64url');

  const apiPort = await freePort();
  const queuePrefix = `mwf-e2e-${randomBytes(4).toString('hex')}`;
  const redisUrl = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    DATABASE_URL: dbUrl.toString(),
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: queuePrefix,
    JWT_SECRET: randomBytes(32).toString('base64url'),
    ADMIN_USERNAME: 'admin',
    ADMIN_PASSWORD: 'Admin@2026',
    PORT: String(apiPort),
    LOG_LEVEL: 'warn',
    TELEGRAM_BOT_TOKEN: telegram.token,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    TELEGRAM_WEBHOOK_SECRET: telegramSecret,
    // Smaller than the default 25 MB, so that a test of a file over the limit sends 5 MB, not 26.
    UPLOAD_MAX_BYTES: String(4 * 1024 * 1024),
  };
  await run('node', ['dist/src/seed/seed-demo.js'], env);

  // The server serves the built app at / (WEB_DIST_DIR) and the API beside it: one origin.
  const baseUrl = `http://127.0.0.1:${apiPort}`;
  env.PUBLIC_BASE_URL = baseUrl;
  start('node', ['dist/src/main.js'], { ...env, WEB_DIST_DIR: `${root}web/dist` });
  await waitFor(`${baseUrl}/health/ready`, (r) => r.ok);
  process.env.E2E_BASE_URL = baseUrl;
  process.env.E2E_DATABASE_URL = dbUrl.toString();
  process.env.E2E_TELEGRAM_SECRET = telegramSecret;

  return async () => {
    for (const child of children.reverse()) {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    }
    await telegram.close();
    const c = new pg.Client({ connectionString: admin.toString() });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await c.end();
    // The server's queues and whatever else it kept in Redis, all under its prefix.
    const redis = new Redis(redisUrl);
    for await (const keys of redis.scanStream({ match: `${queuePrefix}:*`, count: 1000 }) as AsyncIterable<
      string[]
    >) {
      if (keys.length) await redis.unlink(...keys);
    }
    redis.disconnect();
  };
}
