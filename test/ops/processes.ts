import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { freePort } from '../support/local-resources.js';
import { TEST_REDIS_URL, testQueuePrefix } from '../helpers/test-env.js';
import { waitFor } from '../support/wait.js';

/**
 * The built server (`dist/`, as deployed) as real processes: API and worker processes of one
 * deployment share a database, a Redis key prefix, secrets and a files directory.
 */
export interface Deployment {
  databaseUrl: string;
  prefix: string;
  filesDir: string;
  jwtSecret: string;
  ballotSecret: string;
  adminPassword: string;
  /** More environment for every process (sweeper interval, checkpoint minutes...). */
  env?: Record<string, string>;
}

export function newDeployment(databaseUrl: string, env: Record<string, string> = {}): Deployment {
  const tag = randomBytes(6).toString('hex');
  return {
    databaseUrl,
    prefix: testQueuePrefix(),
    filesDir: `var/test-files/${tag}`,
    jwtSecret: randomBytes(32).toString('hex'),
    ballotSecret: randomBytes(32).toString('hex'),
    adminPassword: `Adm1n-${randomBytes(9).toString('base64url')}`,
    env,
  };
}

export class ServerProcess {
  output = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  constructor(
    readonly child: ChildProcess,
    readonly role: 'api' | 'worker',
    readonly port: number,
  ) {
    child.stdout!.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Sends `signal` and waits for the exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM') {
    if (!this.running) return this.exited;
    this.child.kill(signal);
    return this.exited;
  }
}

/**
 * Starts `dist/src/main.js` (role api) or `dist/src/worker.js` and waits until it says it started.
 * The start-up wait is a bound against a process that never comes up, not a timing assertion.
 */
export async function startProcess(
  d: Deployment,
  role: 'api' | 'worker',
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [role === 'api' ? 'dist/src/main.js' : 'dist/src/worker.js'], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      APP_ROLE: role,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: d.databaseUrl,
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: d.prefix,
      JWT_SECRET: d.jwtSecret,
      BALLOT_SECRET: d.ballotSecret,
      ADMIN_USERNAME: 'admin',
      ADMIN_PASSWORD: d.adminPassword,
      FILES_DIR: d.filesDir,
      LOG_LEVEL: 'warn',
      RUN_MIGRATIONS: 'false',
      ...d.env,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const p = new ServerProcess(child, role, port);
  const ready = role === 'api' ? 'API listening' : 'Worker started';
  try {
    // Generous: a process starting on a busy 2-core machine under load needs a while.
    await waitFor(
      `the ${role} process to start`,
      () => {
        if (!p.running) throw new Error('it exited');
        return p.output.includes(ready);
      },
      { timeoutMs: 150_000 },
    );
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${role} did not start (${(err as Error).message}):\n${p.output}`, { cause: err });
  }
  return p;
}

/** JSON over HTTP to one process. */
export async function api<T = any>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed as T };
}

export async function loginAs(base: string, username: string, password: string): Promise<string> {
  const res = await api<{ accessToken: string }>(base, 'POST', '/api/v1/auth/login', { username, password });
  if (res.status !== 200 && res.status !== 201)
    throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken;
}
