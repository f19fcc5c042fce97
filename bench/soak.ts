/**
 * `npm run soak` (#19.3; not part of `npm test`): steady mixed load at a fixed rate for a long time
 * against the built server in the deployed shape (an API process and a worker process), to show
 * what a short benchmark cannot: a leak, a pool that creeps, a queue that falls behind.
 *
 *  1. A scratch database (`mwf_soak_<ts>`, dropped afterwards) and queue prefix (keys deleted).
 *  2. Setup through the API: a unit, a submitter, an approver, a one-stage workflow, a few signed
 *     documents (for verifications).
 *  3. Open-loop load at SOAK_RATE operations per second (default 10) for SOAK_SECONDS (600): they
 *     are started on a fixed schedule whatever the answers' speed (a slow server is not let off).
 *     The mix: the approver's inbox 40 %, a public verification 30 % (each from its own client
 *     address through X-Forwarded-For, as behind the proxy), the submitter's document list 20 %, a
 *     document created and submitted 5 % (two requests), a pending task approved 5 % (its sign-off
 *     renders the signed PDF in the worker: about a second of CPU each, so this share sets what the
 *     worker can keep up with on a small machine).
 *  4. Every SOAK_SAMPLE_SECONDS (10): RSS and V8 heap of both processes (their /metrics),
 *     PostgreSQL connections to the database, the queue lag (oldest due, unprocessed outbox row).
 *  5. A report: errors and p50/p99 per route; the samples; RSS and heap slopes (least squares, MB per
 *     minute) after SOAK_WARMUP_SECONDS (60); written also to bench/results/soak-<ts>.json.
 *
 * Settings (environment): SOAK_SECONDS, SOAK_RATE, SOAK_SAMPLE_SECONDS, SOAK_WARMUP_SECONDS,
 * DATABASE_URL and REDIS_URL (the servers to use; defaults: local, as `npm run bench`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { deleteRedisKeys, freePort } from '../test/support/local-resources.js';
import { positive, stop, withDatabase } from './runner-tools.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PG_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECONDS = positive('SOAK_SECONDS', 600);
const RATE = positive('SOAK_RATE', 10);
const SAMPLE_SECONDS = positive('SOAK_SAMPLE_SECONDS', 10);
const WARMUP_SECONDS = Number(process.env.SOAK_WARMUP_SECONDS ?? 60);
const PASSWORD = 'soak-password-1';

const log = (message: string) => console.log(`[soak] ${message}`);

async function sql<T extends pg.QueryResultRow>(
  url: string,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(text, params)).rows;
  } finally {
    await c.end();
  }
}

interface Proc {
  child: ChildProcess;
  metricsPort: number;
  output: string;
}

async function request<T = any>(
  base: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.headers ?? {}),
    },
    body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: body as T };
}

async function must<T = any>(p: Promise<{ status: number; body: T }>, what: string): Promise<T> {
  const res = await p;
  if (res.status !== 200 && res.status !== 201)
    throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** RSS and heap (MB) from a process's Prometheus text. */
async function memoryOf(p: Proc): Promise<{ rss: number; heap: number }> {
  const text = await fetch(`http://127.0.0.1:${p.metricsPort}/metrics`).then(
    (r) => r.text(),
    () => '',
  );
  const read = (name: string) =>
    Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.eE+-]+)$`, 'm').exec(text)?.[1] ?? NaN);
  return {
    rss: read('process_resident_memory_bytes') / 1048576,
    heap: read('nodejs_heap_size_used_bytes') / 1048576,
  };
}

function percentile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

/** Least-squares slope of y over x (x in minutes): MB per minute. */
function slope(points: { x: number; y: number }[]): number {
  const ok = points.filter((p) => Number.isFinite(p.y));
  if (ok.length < 2) return NaN;
  const mx = ok.reduce((a, p) => a + p.x, 0) / ok.length;
  const my = ok.reduce((a, p) => a + p.y, 0) / ok.length;
  const num = ok.reduce((a, p) => a + (p.x - mx) * (p.y - my), 0);
  const den = ok.reduce((a, p) => a + (p.x - mx) ** 2, 0);
  return den ? num / den : NaN;
}

async function main(): Promise<void> {
  const stamp = `${Date.now()}`;
  const db = `mwf_soak_${stamp}`;
  const dbUrl = withDatabase(PG_URL, db);
  const prefix = `mwf-soak-${stamp}`;
  const filesDir = join(ROOT, 'var', 'soak-files', stamp);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const adminPassword = randomBytes(12).toString('hex');
  // Production refuses a superuser or an owner of tables as DATABASE_URL: two roles of this run, as
  // the compose file makes them (README, "Database roles"), dropped afterwards.
  const owner = `mwf_soak_owner_${stamp}`;
  const runtime = `mwf_soak_app_${stamp}`;
  const ownerPassword = randomBytes(16).toString('hex');
  const runtimePassword = randomBytes(16).toString('hex');
  await sql(PG_URL, `CREATE ROLE ${owner} LOGIN PASSWORD '${ownerPassword}'`);
  await sql(PG_URL, `CREATE ROLE ${runtime} LOGIN PASSWORD '${runtimePassword}'`);
  await sql(PG_URL, `CREATE DATABASE "${db}" OWNER ${owner}`);
  const asRole = (role: string, password: string) => {
    const u = new URL(dbUrl);
    u.username = role;
    u.password = password;
    return u.toString();
  };
  const { privateKey } = generateKeyPairSync('ed25519');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: asRole(runtime, runtimePassword),
    MIGRATION_DATABASE_URL: asRole(owner, ownerPassword),
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    JWT_SECRET: randomBytes(32).toString('hex'),
    ADMIN_USERNAME: 'soak-admin',
    ADMIN_PASSWORD: adminPassword,
    SIGNING_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    BALLOT_SECRET: randomBytes(32).toString('hex'),
    PUBLIC_BASE_URL: base,
    FILES_DIR: filesDir,
    LOG_LEVEL: 'warn',
    // Verifications come "from" many addresses (X-Forwarded-For), as behind the proxy.
    TRUST_PROXY: 'true',
  };
  const procs: Proc[] = [];
  // Ctrl-C: the same cleanup as the end of a run (processes, database, roles, keys).
  let interrupted = false;
  process.once('SIGINT', () => {
    interrupted = true;
    log('interrupted: cleaning up');
  });
  const start = async (role: 'api' | 'worker', extra: NodeJS.ProcessEnv): Promise<Proc> => {
    const metricsPort = await freePort();
    const child = spawn(
      process.execPath,
      [join(ROOT, role === 'api' ? 'dist/src/main.js' : 'dist/src/worker.js')],
      {
        cwd: ROOT,
        env: { ...env, APP_ROLE: role, METRICS_PORT: String(metricsPort), ...extra },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const p: Proc = { child, metricsPort, output: '' };
    const keep = (d: Buffer) => (p.output = (p.output + d.toString()).slice(-8000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    procs.push(p);
    const ready = role === 'api' ? 'API listening' : 'Worker started';
    const deadline = Date.now() + 120_000;
    while (!p.output.includes(ready)) {
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`${role} did not start:\n${p.output}`);
      await sleep(200);
    }
    return p;
  };
  try {
    const apiProc = await start('api', { RUN_MIGRATIONS: 'true' });
    const workerProc = await start('worker', { RUN_MIGRATIONS: 'false' });
    log(`API ${base} and a worker on ${db}, prefix ${prefix}`);

    // --- Setup ---
    const admin = (
      await must(
        request(base, 'POST', '/api/v1/auth/login', {
          body: { username: 'soak-admin', password: adminPassword },
        }),
        'admin login',
      )
    ).accessToken as string;
    const tag = randomBytes(3).toString('hex');
    const unit = await must(
      request(base, 'POST', '/api/v1/org-units', {
        token: admin,
        body: { code: `S${tag}`.toUpperCase(), name: 'Soak office' },
      }),
      'unit',
    );
    const user = async (name: string, orgUnitId?: string) => {
      const username = `soak_${tag}_${name}`;
      const u = await must(
        request(base, 'POST', '/api/v1/users', {
          token: admin,
          body: {
            username,
            password: PASSWORD,
            fullName: `Soak ${name}`,
            fullNameKm: 'អ្នកសាកល្បង',
            mustChangePassword: false,
            ...(orgUnitId ? { orgUnitId } : {}),
          },
        }),
        'user',
      );
      const session = await must(
        request(base, 'POST', '/api/v1/auth/login', { body: { username, password: PASSWORD } }),
        'login',
      );
      return { id: u.id as string, username, token: session.accessToken as string };
    };
    const submitter = await user('submitter', unit.id);
    const approver = await user('approver');
    const type = `soak_${tag}`;
    await must(
      request(base, 'POST', '/api/v1/workflows', {
        token: admin,
        body: {
          name: type,
          documentType: type,
          stages: [{ name: 'Head', mode: 'any', approvers: [{ userId: approver.id }] }],
        },
      }),
      'workflow',
    );
    // Access tokens live 15 minutes by default: sign in again every 5.
    const refreshTokens = setInterval(() => {
      for (const who of [submitter, approver])
        void request(base, 'POST', '/api/v1/auth/login', {
          body: { username: who.username, password: PASSWORD },
        }).then((r) => r.status === 200 && (who.token = (r.body as { accessToken: string }).accessToken));
    }, 300_000);

    // --- The load ---
    const pendingTasks: string[] = [];
    const codes: string[] = [];
    const latencies = new Map<string, number[]>();
    const errors = new Map<string, Map<string, number>>();
    let started = 0;
    let inFlight = 0;
    const timed = async <T>(
      route: string,
      work: () => Promise<{ status: number; body: T }>,
    ): Promise<{ status: number; body: T } | undefined> => {
      const t0 = performance.now();
      let res: { status: number; body: T } | undefined;
      let failure: string | undefined;
      try {
        res = await work();
        if (res.status >= 400)
          failure = `${res.status} ${(res.body as { code?: string })?.code ?? ''}`.trim();
      } catch (err) {
        failure = (err as Error).message;
      }
      const ms = performance.now() - t0;
      if (!latencies.has(route)) latencies.set(route, []);
      latencies.get(route)!.push(ms);
      if (failure) {
        const m = errors.get(route) ?? new Map<string, number>();
        m.set(failure, (m.get(failure) ?? 0) + 1);
        errors.set(route, m);
        return undefined;
      }
      return res;
    };
    const ops: { weight: number; run: () => Promise<void> }[] = [
      {
        weight: 40,
        run: async () =>
          void (await timed('GET /approvals/inbox', () =>
            request(base, 'GET', '/api/v1/approvals/inbox?limit=20', { token: approver.token }),
          )),
      },
      {
        weight: 5,
        run: async () => {
          const doc = await timed('POST /documents', () =>
            request<{ id: string }>(base, 'POST', '/api/v1/documents', {
              token: submitter.token,
              body: {
                title: 'របាយការណ៍ប្រចាំសប្តាហ៍ Weekly report',
                body: `soak ${randomBytes(6).toString('hex')}`,
                documentType: type,
              },
            }),
          );
          if (!doc) return;
          const sub = await timed('POST /documents/:id/submit', () =>
            request<{ tasks: { id: string }[] }>(base, 'POST', `/api/v1/documents/${doc.body.id}/submit`, {
              token: submitter.token,
              body: {},
            }),
          );
          if (sub?.body.tasks[0]) pendingTasks.push(sub.body.tasks[0].id);
        },
      },
      {
        weight: 5,
        run: async () => {
          const task = pendingTasks.shift();
          if (!task) return;
          await timed('POST /approval-tasks/:id/approve', () =>
            request(base, 'POST', `/api/v1/approval-tasks/${task}/approve`, {
              token: approver.token,
              body: {},
            }),
          );
        },
      },
      {
        weight: 30,
        run: async () => {
          const code = codes[Math.floor(Math.random() * codes.length)];
          if (!code) return;
          const ip = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;
          await timed('GET /verify/:code', () =>
            request(base, 'GET', `/api/v1/verify/${code}`, { headers: { 'x-forwarded-for': ip } }),
          );
        },
      },
      {
        weight: 20,
        run: async () =>
          void (await timed('GET /documents', () =>
            request(base, 'GET', '/api/v1/documents?limit=20', { token: submitter.token }),
          )),
      },
    ];
    const totalWeight = ops.reduce((a, o) => a + o.weight, 0);
    const pick = (i: number) => {
      // A fixed, interleaved sequence rather than random draws: the same mix in every minute.
      let slot = (i * 37) % totalWeight;
      for (const o of ops) {
        if (slot < o.weight) return o;
        slot -= o.weight;
      }
      return ops[0];
    };
    // Signed documents for the verifications, refreshed from the database as approvals land.
    const refreshCodes = async () => {
      const rows = await sql<{ code: string }>(
        dbUrl,
        `SELECT verification_code AS code FROM documents WHERE verification_code IS NOT NULL ORDER BY approved_at DESC NULLS LAST LIMIT 50`,
      ).catch(() => []);
      if (rows.length) codes.splice(0, codes.length, ...rows.map((r) => r.code));
    };

    const samples: {
      t: number;
      api: { rss: number; heap: number };
      worker: { rss: number; heap: number };
      pgConnections: number;
      lagSeconds: number;
      pendingDue: number;
      inFlight: number;
      requests: number;
    }[] = [];
    const sample = async (t: number) => {
      const [apiMem, workerMem, conns, lag] = await Promise.all([
        memoryOf(apiProc),
        memoryOf(workerProc),
        sql<{ n: string }>(PG_URL, `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1`, [db]),
        sql<{ lag: string | null; due: string }>(
          dbUrl,
          `SELECT extract(epoch FROM now() - min(run_at)) AS lag, count(*) AS due FROM outbox_events WHERE processed_at IS NULL AND run_at <= now()`,
        ),
      ]);
      const s = {
        t,
        api: apiMem,
        worker: workerMem,
        pgConnections: Number(conns[0].n) - 1,
        lagSeconds: Number(lag[0].lag ?? 0),
        pendingDue: Number(lag[0].due),
        inFlight,
        requests: started,
      };
      samples.push(s);
      log(
        `${String(t).padStart(4)} s  api rss ${s.api.rss.toFixed(0)} MB heap ${s.api.heap.toFixed(1)} MB | worker rss ${s.worker.rss.toFixed(0)} MB heap ${s.worker.heap.toFixed(1)} MB | pg ${s.pgConnections} | lag ${s.lagSeconds.toFixed(2)} s (${s.pendingDue} due) | in flight ${inFlight} | ${started} requests`,
      );
    };

    log(`load: ${RATE} req/s for ${SECONDS} s, samples every ${SAMPLE_SECONDS} s`);
    await sample(0);
    // The schedule starts after the first sample (which may take a while on a busy machine), so
    // it does not begin with a burst of overdue requests.
    const t0 = Date.now();
    const running = new Set<Promise<void>>();
    let nextSample = SAMPLE_SECONDS;
    let nextCodes = 0;
    for (let i = 0; !interrupted; i++) {
      const due = t0 + (i * 1000) / RATE;
      if (due - t0 >= SECONDS * 1000) break;
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
      const elapsed = (Date.now() - t0) / 1000;
      if (elapsed >= nextCodes) {
        nextCodes += 5;
        void refreshCodes();
      }
      if (elapsed >= nextSample) {
        nextSample += SAMPLE_SECONDS;
        void sample(Math.round(elapsed));
      }
      started++;
      inFlight++;
      const p = pick(i)
        .run()
        .catch(() => undefined)
        .finally(() => {
          inFlight--;
          running.delete(p);
        });
      running.add(p);
    }
    await Promise.all(running);
    clearInterval(refreshTokens);
    // The queue after the load: how long until nothing due is left.
    const endedAt = Date.now();
    for (;;) {
      const [{ due }] = await sql<{ due: string }>(
        dbUrl,
        `SELECT count(*) AS due FROM outbox_events WHERE processed_at IS NULL AND run_at <= now()`,
      );
      if (Number(due) === 0 || Date.now() - endedAt > 120_000) break;
      await sleep(250);
    }
    const drainSeconds = (Date.now() - endedAt) / 1000;
    await sample(Math.round((Date.now() - t0) / 1000));

    // --- Report ---
    const routes = [...latencies.entries()].map(([route, values]) => {
      const sorted = values.slice().sort((a, b) => a - b);
      const errs = errors.get(route);
      return {
        route,
        requests: values.length,
        errors: errs ? [...errs.values()].reduce((a, b) => a + b, 0) : 0,
        errorKinds: errs ? Object.fromEntries(errs) : {},
        p50: Number(percentile(sorted, 0.5).toFixed(1)),
        p99: Number(percentile(sorted, 0.99).toFixed(1)),
      };
    });
    const after = samples.filter((s) => s.t >= WARMUP_SECONDS);
    const slopeOf = (pick: (s: (typeof samples)[number]) => number) =>
      Number(slope(after.map((s) => ({ x: s.t / 60, y: pick(s) }))).toFixed(3));
    const summary = {
      startedAt: new Date(t0).toISOString(),
      seconds: SECONDS,
      rate: RATE,
      requests: started,
      errors: routes.reduce((a, r) => a + r.errors, 0),
      routes,
      slopesMbPerMinuteAfterWarmup: {
        apiRss: slopeOf((s) => s.api.rss),
        apiHeap: slopeOf((s) => s.api.heap),
        workerRss: slopeOf((s) => s.worker.rss),
        workerHeap: slopeOf((s) => s.worker.heap),
      },
      pgConnectionsMax: Math.max(...samples.map((s) => s.pgConnections)),
      lagSecondsMax: Math.max(...samples.map((s) => s.lagSeconds)),
      drainSecondsAfterLoad: Number(drainSeconds.toFixed(1)),
      samples,
    };
    console.log('\nroute                              requests  errors   p50 ms   p99 ms');
    for (const r of routes)
      console.log(
        `${r.route.padEnd(34)} ${String(r.requests).padStart(8)} ${String(r.errors).padStart(7)} ${String(r.p50).padStart(8)} ${String(r.p99).padStart(8)}${r.errors ? `  ${JSON.stringify(r.errorKinds)}` : ''}`,
      );
    console.log(
      `\nerrors ${summary.errors} of ${started}; slopes after ${WARMUP_SECONDS} s (MB/min): API RSS ${summary.slopesMbPerMinuteAfterWarmup.apiRss}, heap ${summary.slopesMbPerMinuteAfterWarmup.apiHeap}; worker RSS ${summary.slopesMbPerMinuteAfterWarmup.workerRss}, heap ${summary.slopesMbPerMinuteAfterWarmup.workerHeap}; PostgreSQL connections at most ${summary.pgConnectionsMax}; queue lag at most ${summary.lagSecondsMax.toFixed(2)} s, drained ${summary.drainSecondsAfterLoad} s after the load`,
    );
    await mkdir(join(ROOT, 'bench', 'results'), { recursive: true });
    const file = join(ROOT, 'bench', 'results', `soak-${stamp}.json`);
    await writeFile(file, JSON.stringify(summary, null, 2));
    log(`written ${file}`);
  } finally {
    await Promise.all(procs.map((p) => stop(p.child)));
    await sql(PG_URL, `DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`).catch((err: Error) =>
      log(`could not drop ${db}: ${err.message}`),
    );
    for (const role of [runtime, owner])
      await sql(PG_URL, `DROP ROLE IF EXISTS ${role}`).catch((err: Error) =>
        log(`could not drop role ${role}: ${err.message}`),
      );
    await deleteRedisKeys(REDIS_URL, `${prefix}:*`).catch(() => undefined);
    await rm(filesDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
