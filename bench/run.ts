/**
 * `npm run bench`: builds, then measures the API against baselines taken in the same run.
 *
 *  1. Baselines: a bare Node http server answering a small JSON (the framework ceiling), and
 *     `pgbench -N -c 8 -j 2` on a scratch database (what this PostgreSQL sustains).
 *  2. The built server (`dist/src/main.js`) as a child process on a free port, against a database
 *     created and migrated for this run (`mwf_bench_<ts>`, dropped afterwards) and its own
 *     QUEUE_PREFIX (its Redis keys deleted afterwards). Or BENCH_URL: an already running server.
 *  3. Every scenario of bench/scenarios/ (autocannon, 127.0.0.1 only, BENCH_SECONDS each).
 *  4. A table on stdout and bench/results/<ts>.json.
 *
 * Settings (environment): BENCH_SECONDS (10), BENCH_CONNECTIONS (50), BENCH_WARMUP_SECONDS (2),
 * BENCH_ONLY (comma-separated scenario names), BENCH_URL, BENCH_LOG_LEVEL (warn), BENCH_SERVER_NODE_ARGS, BENCH_APP_ROLE
 * (`split`, the deployed shape: an API process and a worker process; or `all`: one process doing
 * both), DATABASE_URL and REDIS_URL (the servers to use; defaults: local), ADMIN_USERNAME and
 * ADMIN_PASSWORD (with BENCH_URL).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import { load } from './load.js';
import { deleteRedisKeys, freePort } from '../test/support/local-resources.js';
import { positive, stop, withDatabase } from './runner-tools.js';
import type {
  Baselines,
  BenchContext,
  FloorScript,
  ReferenceKind,
  ReferenceServer,
  LoadOptions,
  LoadResult,
  Scenario,
  ScenarioResult,
} from './scenario.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCENARIOS_DIR = fileURLToPath(new URL('./scenarios/', import.meta.url));
// No password: the bench server runs with NODE_ENV=production, which refuses a guessable one.
const PG_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECONDS = positive('BENCH_SECONDS', 10);
const CONNECTIONS = positive('BENCH_CONNECTIONS', 50);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const SPLIT = (process.env.BENCH_APP_ROLE ?? 'split') !== 'all';
const ONLY = (process.env.BENCH_ONLY ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);

const log = (message: string) => console.log(`[bench] ${message}`);

async function admin<T>(work: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

/** Starts a child process and resolves with its first stdout line (bare server: its port). */
function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (d: Buffer) => {
      buffered += d.toString();
      const nl = buffered.indexOf('\n');
      if (nl >= 0) resolve(buffered.slice(0, nl).trim());
    });
    child.once('exit', (code) => reject(new Error(`child exited (${code}) before answering`)));
  });
}

/** A reference server (bench/bare-node-server.js or nest-floor-server.js), running until `close()`. */
async function startReference(kind: ReferenceKind): Promise<ReferenceServer> {
  const script = kind === 'nest-floor' ? './nest-floor-server.js' : './bare-node-server.js';
  const args = kind === 'bare-same-answer' ? ['--same-answer'] : [];
  const child = spawn(process.execPath, [fileURLToPath(new URL(script, import.meta.url)), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const port = await firstLine(child);
    return {
      baseUrl: `http://127.0.0.1:${port}`,
      path: kind === 'nest-floor' ? '/health/live' : '/',
      close: () => stop(child),
    };
  } catch (err) {
    await stop(child);
    throw err;
  }
}

/** A reference server under the same load as ours, started for the occasion. */
async function referenceLoad(kind: ReferenceKind, options: Partial<LoadOptions> = {}): Promise<LoadResult> {
  const server = await startReference(kind);
  try {
    return await load(
      server.baseUrl,
      { seconds: SECONDS, connections: CONNECTIONS, warmupSeconds: WARMUP },
      { ...options, path: server.path },
    );
  } finally {
    await server.close();
  }
}

/** The same-work floors' scripts and the tables they write (bench/floors/, read from the source tree). */
const FLOORS_DIR = join(ROOT, 'bench', 'floors');
/** Rows the floors' schema prepares: documents in review to decide, members on the roll to vote. */
const FLOOR_DOCUMENTS = positive('BENCH_FLOOR_DOCUMENTS', 30_000);
const FLOOR_VOTERS = positive('BENCH_FLOOR_VOTERS', 100_000);

/** What pgbench printed as tps (without the initial connection time). */
function pgbenchTpsOf(run: ReturnType<typeof spawnSync>): number {
  const stdout = String(run.stdout);
  if (run.status !== 0) throw new Error(`pgbench failed: ${String(run.stderr)}`);
  const m = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout);
  if (!m) throw new Error(`pgbench output not understood:\n${stdout}`);
  return Number(m[1]);
}

/**
 * `pgbench -N -c 8 -j 2 -T <s>` on a scratch database made (and `pgbench -i`-ed) at the first call
 * and dropped by `close()`; undefined (with a message) when pgbench is absent. `floor(script, s)`
 * runs a same-work floor (`bench/floors/<script>.sql`, `pgbench -M prepared -c 8 -j 2`) on the same
 * database, whose tables (`bench/floors/schema.sql`) are made at its first call.
 */
function pgbenchRunner(stamp: string): {
  run(seconds: number): Promise<{ tps: number; output: string } | undefined>;
  floor(script: FloorScript, seconds: number): Promise<number | undefined>;
  close(): Promise<void>;
} {
  const db = `mwf_bench_pgbench_${stamp}`;
  const url = withDatabase(PG_URL, db);
  let ready: Promise<boolean> | undefined;
  let floorsReady = false;
  const prepare = async (): Promise<boolean> => {
    if (spawnSync('pgbench', ['--version'], { stdio: 'ignore' }).error) {
      log('pgbench not found: no PostgreSQL baseline (install postgresql-client to get one)');
      return false;
    }
    await admin((c) => c.query(`CREATE DATABASE "${db}"`));
    const init = spawnSync('pgbench', ['-i', '-q', '-s', '1', url], { encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`pgbench -i failed: ${init.stderr}`);
    return true;
  };
  const prepareFloors = (): void => {
    const started = Date.now();
    const psql = spawnSync(
      'psql',
      [
        ...['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-v', `FLOOR_DOCUMENTS=${FLOOR_DOCUMENTS}`],
        ...['-v', `FLOOR_VOTERS=${FLOOR_VOTERS}`, '-f', join(FLOORS_DIR, 'schema.sql'), url],
      ],
      { encoding: 'utf8' },
    );
    if (psql.error || psql.status !== 0) {
      throw new Error(`the floors' schema failed: ${psql.error?.message ?? psql.stderr}`);
    }
    log(`  floors: tables made and filled in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  };
  return {
    async run(seconds) {
      ready ??= prepare();
      if (!(await ready)) return undefined;
      const args = ['-N', '-c', '8', '-j', '2', '-T', String(Math.max(1, Math.round(seconds))), url];
      const run = spawnSync('pgbench', args, { encoding: 'utf8' });
      return { tps: pgbenchTpsOf(run), output: run.stdout };
    },
    async floor(script, seconds) {
      ready ??= prepare();
      if (!(await ready)) return undefined;
      if (!floorsReady) prepareFloors();
      floorsReady = true;
      const file = join(FLOORS_DIR, `${script}.sql`);
      const time = String(Math.max(1, Math.round(seconds)));
      const args = ['-n', '-M', 'prepared', '-f', file, '-c', '8', '-j', '2', '-T', time, url];
      return pgbenchTpsOf(spawnSync('pgbench', args, { encoding: 'utf8' }));
    },
    async close() {
      if (ready) await admin((c) => c.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`));
    },
  };
}

interface Target {
  baseUrl: string;
  admin: { username: string; password: string };
  /** For scenarios that write their data straight in (elections): the owner's URL, the JWT secret. */
  internals?: { databaseUrl: string; jwtSecret: string };
  close(): Promise<void>;
}

/** The built server on a database of its own, until `close()`. */
async function startServer(stamp: string): Promise<Target> {
  const db = `mwf_bench_${stamp}`;
  const prefix = `mwf-bench-${stamp}`;
  const filesDir = join(ROOT, 'var', 'bench-files', stamp);
  const port = await freePort();
  const adminUser = { username: 'bench-admin', password: randomBytes(12).toString('hex') };
  // Production refuses a superuser or an owner of tables as DATABASE_URL: two roles of this run, as
  // the compose file makes them (README, "Database roles"), dropped afterwards (as bench/soak.ts).
  const owner = `mwf_bench_owner_${stamp}`;
  const runtime = `mwf_bench_app_${stamp}`;
  const password = randomBytes(16).toString('hex');
  await admin(async (c) => {
    await c.query(`CREATE ROLE ${owner} LOGIN PASSWORD '${password}'`);
    await c.query(`CREATE ROLE ${runtime} LOGIN PASSWORD '${password}'`);
    await c.query(`CREATE DATABASE "${db}" OWNER ${owner}`);
  });
  const asRole = (role: string) => {
    const u = new URL(withDatabase(PG_URL, db));
    u.username = role;
    u.password = password;
    return u.toString();
  };
  const { privateKey } = generateKeyPairSync('ed25519');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    APP_ROLE: SPLIT ? 'api' : 'all',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: asRole(runtime),
    MIGRATION_DATABASE_URL: asRole(owner),
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    JWT_SECRET: randomBytes(32).toString('hex'),
    ADMIN_USERNAME: adminUser.username,
    ADMIN_PASSWORD: adminUser.password,
    SIGNING_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    BALLOT_SECRET: randomBytes(32).toString('hex'),
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    FILES_DIR: filesDir,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    RUN_MIGRATIONS: 'true',
    ...(process.env.DATABASE_POOL_SIZE ? { DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE } : {}),
    METRICS_PORT: '0',
  };
  let output = '';
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-8000);
  };
  const startProcess = (extra: NodeJS.ProcessEnv) => {
    // BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", to profile the server.
    const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...nodeArgs, join(ROOT, 'dist/src/main.js')], {
      cwd: ROOT,
      env: { ...env, ...extra },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    return child;
  };
  const child = startProcess({});
  // The worker starts once the API has migrated the database.
  let worker: ChildProcess | undefined;
  const baseUrl = `http://127.0.0.1:${port}`;
  let stopping = false;
  const cleanup = async () => {
    stopping = true;
    await Promise.all([stop(child), worker ? stop(worker) : undefined]);
    await admin(async (c) => {
      await c.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
      for (const role of [runtime, owner]) await c.query(`DROP ROLE IF EXISTS ${role}`);
    }).catch((err: Error) => log(`could not drop ${db} or its roles: ${err.message}`));
    await cleanRedisKeys(prefix);
    await rm(filesDir, { recursive: true, force: true });
  };
  try {
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output}`);
      const ready = await fetch(`${baseUrl}/health/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (worker?.exitCode != null) throw new Error(`worker exited (${worker.exitCode}):\n${output}`);
      if (ready && SPLIT && !worker) worker = startProcess({ APP_ROLE: 'worker', RUN_MIGRATIONS: 'false' });
      if (ready && (!SPLIT || (worker && (await workerReady(prefix))))) break;
      if (Date.now() > deadline) throw new Error(`server not ready after 120 s:\n${output}`);
      await sleep(250);
    }
  } catch (err) {
    await cleanup();
    throw err;
  }
  // A process that ends before the run does says why (its last output).
  for (const p of [child, worker]) {
    p?.once('exit', (code, signal) => {
      if (!stopping) log(`server process ${p.pid} exited (${code ?? signal}) during the run:\n${output}`);
    });
  }
  log(
    `server ${baseUrl} (database ${db}, queue prefix ${prefix}, ${SPLIT ? 'API and worker processes' : 'one process, role all'})`,
  );
  return {
    baseUrl,
    admin: adminUser,
    internals: { databaseUrl: asRole(owner), jwtSecret: env.JWT_SECRET! },
    close: cleanup,
  };
}

/** Whether the worker's BullMQ workers have registered with Redis (each names itself in CLIENT LIST). */
async function workerReady(prefix: string): Promise<boolean> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const clients = (await redis.client('LIST')) as string;
    return clients.includes(`name=${prefix}`);
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/** Deletes this run's keys from the shared Redis; a failure is only logged. */
async function cleanRedisKeys(prefix: string): Promise<void> {
  await deleteRedisKeys(REDIS_URL, `${prefix}:*`).catch((err: Error) =>
    log(`could not clean Redis keys ${prefix}:*: ${err.message}`),
  );
}

async function loadScenarios(): Promise<Scenario[]> {
  const files = (await readdir(SCENARIOS_DIR)).filter((f) => f.endsWith('.js')).sort();
  const scenarios: Scenario[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(SCENARIOS_DIR, file)).href)) as { default?: Scenario };
    const s = mod.default;
    if (!s?.name || typeof s.run !== 'function') {
      log(`skipping ${file}: its default export is not a Scenario`);
      continue;
    }
    if (ONLY.length && !ONLY.includes(s.name)) continue;
    scenarios.push(s);
  }
  return scenarios;
}

const fmt = (n: number | undefined, digits = 0) =>
  n === undefined || Number.isNaN(n) ? '-' : n.toLocaleString('en-US', { maximumFractionDigits: digits });

function printTable(rows: { name: string; r?: LoadResult; note?: string }[]): void {
  const header = ['scenario', 'req/s (2xx)', 'p50 ms', 'p99 ms', 'answers', 'non-2xx', 'notes'];
  const lines = rows.map(({ name, r, note }) => [
    name,
    fmt(r?.requestsPerSecond),
    fmt(r?.latencyMs.p50, 1),
    fmt(r?.latencyMs.p99, 1),
    fmt(r?.total),
    r ? fmt(r.total - Math.round(r.requestsPerSecond * r.seconds)) : '-',
    note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const row = (cells: string[]) =>
    cells.map((c, i) => (i === 0 || i === 6 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(`\n${row(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const l of lines) console.log(row(l));
  console.log('');
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const stamp = `${startedAt.toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '_')}_${randomBytes(2).toString('hex')}`;
  const scenarios = await loadScenarios();
  log(
    `${scenarios.length} scenario(s), ${SECONDS} s each with ${CONNECTIONS} connections (+${WARMUP} s warm-up); ` +
      `${availableParallelism()} CPU(s) shared by the server, the load generator and PostgreSQL`,
  );

  const baselines: Baselines = {};
  log('baseline: bare Node http');
  const external = process.env.BENCH_URL?.replace(/\/$/, '');
  if (external && !/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(external)) {
    throw new Error('BENCH_URL must point at 127.0.0.1 or localhost: the bench never loads another host');
  }
  const bare = await referenceLoad('bare');
  baselines.bareNodeRps = bare.requestsPerSecond;
  log('baseline: pgbench -N -c 8 -j 2');
  const pgbench = pgbenchRunner(stamp);
  const pgb = await pgbench.run(SECONDS).catch((err: Error) => {
    log(`pgbench baseline failed: ${err.message}`);
    return undefined;
  });
  baselines.pgbenchTps = pgb?.tps;

  const target: Target = external
    ? {
        baseUrl: external,
        admin: {
          username: process.env.ADMIN_USERNAME ?? 'admin',
          password: process.env.ADMIN_PASSWORD ?? '',
        },
        close: () => Promise.resolve(),
      }
    : await startServer(stamp).catch(async (err: unknown) => {
        await pgbench.close();
        throw err;
      });

  const results: { name: string; description?: string; result?: ScenarioResult; error?: string }[] = [];
  try {
    let token: Promise<string> | undefined;
    const ctx: BenchContext = {
      // bench/scenarios/elections.ts reads these when offered (a server of this run).
      ...target.internals,
      baseUrl: target.baseUrl,
      seconds: SECONDS,
      connections: CONNECTIONS,
      admin: target.admin,
      baselines,
      async request(method, path, options = {}) {
        const headers: Record<string, string> = {};
        if (options.token) headers.authorization = `Bearer ${options.token}`;
        if (options.body !== undefined) headers['content-type'] = 'application/json';
        const res = await fetch(`${target.baseUrl}${path}`, {
          method,
          headers,
          body: options.body === undefined ? undefined : JSON.stringify(options.body),
        });
        const text = await res.text();
        return {
          status: res.status,
          body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text,
        };
      },
      adminToken() {
        token ??= ctx
          .request<{ accessToken: string }>('POST', '/api/v1/auth/login', { body: target.admin })
          .then((r) => {
            if (r.status !== 200)
              throw new Error(`admin login failed: ${r.status} ${JSON.stringify(r.body)}`);
            return r.body.accessToken;
          });
        return token;
      },
      measureReference: referenceLoad,
      pgbenchTps: async (seconds) => (await pgbench.run(seconds))?.tps,
      floorTps: (script, seconds) => pgbench.floor(script, seconds),
      startReference,
      load: (options) => ctx.loadAt(target.baseUrl, options),
      loadAt: (baseUrl, options) =>
        load(baseUrl, { seconds: SECONDS, connections: CONNECTIONS, warmupSeconds: WARMUP }, options),
      log: (message) => log(`  ${message}`),
    };
    for (const scenario of scenarios) {
      log(`scenario ${scenario.name}`);
      try {
        const state = scenario.setup ? await scenario.setup(ctx) : undefined;
        results.push({
          name: scenario.name,
          description: scenario.description,
          result: await scenario.run(ctx, state),
        });
      } catch (err) {
        log(`scenario ${scenario.name} failed: ${(err as Error).stack ?? String(err)}`);
        results.push({
          name: scenario.name,
          description: scenario.description,
          error: (err as Error).message,
        });
      }
    }
  } finally {
    await target.close();
    await pgbench.close();
  }

  printTable([
    { name: 'baseline: bare Node http', r: bare },
    ...results.map(({ name, result, error }) => ({
      name,
      r: result,
      note: error
        ? `FAILED: ${error}`
        : [
            ...(result?.targets ?? []).map(
              (t) => `${t.description}: ${fmt(t.value, 2)} ${t.met ? 'MET' : 'NOT MET'}`,
            ),
            ...(result?.notes ?? []),
          ].join('; '),
    })),
  ]);
  console.log(`pgbench -N -c 8 -j 2: ${pgb ? `${fmt(pgb.tps)} tps` : 'not measured'}\n`);

  const report = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: {
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      platform: process.platform,
    },
    settings: {
      seconds: SECONDS,
      connections: CONNECTIONS,
      warmupSeconds: WARMUP,
      target: external ?? 'child process',
    },
    baselines: { bareNode: bare, pgbenchTps: pgb?.tps ?? null },
    scenarios: results,
  };
  const dir = join(ROOT, 'bench', 'results');
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${stamp}.json`);
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  log(`results written to ${file}`);
  if (results.some((r) => r.error)) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
