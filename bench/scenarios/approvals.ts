import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { percentiles } from '../load.js';
import type { BenchContext, Scenario, ScenarioResult } from '../scenario.js';

/**
 * Many approvers deciding the tasks of a three-stage workflow at once, end to end: each decision's
 * transaction (task, stage settlement, audit, outbox), then the worker's advancement (next stage's
 * task, notification job) and finally the sign-off (Ed25519 manifest, then the signed copy's PDF).
 * K approver groups (one per workflow, stage 1 → 2 → 3, mode `any`, K = connections / 3);
 * stage-1 approvers work through tasks known from setup, stage-2 and -3 approvers take theirs from
 * their inbox as the worker creates them. BENCH_APPROVALS_STAGES=1 makes the workflows one stage
 * long, so that every decision completes its workflow, as the same-work floor's does.
 *
 * Reported: accepted decisions per second during the load; decisions *fully processed* per second
 * (accepted decisions over the load time plus the time the queue needs to drain: every outbox row
 * due processed); p50/p99 of the decision request; the queue lag (age of the oldest due,
 * unprocessed outbox row, from /metrics) at its worst during the load and how long after the load
 * it takes to fall under one second. Fully processed decisions are set against the same-work floor
 * (`bench/floors/decision.sql`: the rows a decision completing a one-stage workflow must write, in
 * its two transactions) and against `pgbench -N`, each measured just before and just after the load
 * (BENCH_FLOOR_SECONDS each, their mean). Targets (issue 18): fully processed ≥ 0.3 × the floor; lag
 * < 1 s within 5 s of the end.
 */
interface State {
  groups: { tokens: string[]; firstTasks: string[] }[];
  admin: string;
}

const PASSWORD = 'bench-password-1';
const DOCS_PER_GROUP = Number(process.env.BENCH_APPROVALS_DOCS ?? 120);
const STAGES = Number(process.env.BENCH_APPROVALS_STAGES ?? 3);
/** How long the setup's jobs and, after the load, the decisions' jobs may take to drain (s). */
const SETTLE_SECONDS = Number(process.env.BENCH_APPROVALS_SETTLE_SECONDS ?? 300);
/** Each pgbench run (-N, the floor) just before and just after the load. */
const FLOOR_SECONDS = Number(process.env.BENCH_FLOOR_SECONDS ?? 5);

async function pool<T>(
  items: T[],
  width: number,
  work: (item: T, i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i], i);
      }
    }),
  );
}

async function must<T = any>(
  p: Promise<{ status: number; body: T }>,
  what: string,
  status = [200, 201],
): Promise<T> {
  const res = await p;
  if (!status.includes(res.status)) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * Due, unprocessed outbox rows from the run's database: all of them, and those other than the
 * signed copies' (`approvals.signed_copy`, on the `pdf` queue). The floor writes the rows of the
 * sign-off, not the copy's PDF, so "fully processed" is measured both ways.
 */
async function dueRows(db: pg.Client): Promise<{ all: number; beforeCopies: number }> {
  const { rows } = await db.query<{ all: number; before_copies: number }>(
    `SELECT count(*)::int AS all, (count(*) FILTER (WHERE name <> 'approvals.signed_copy'))::int AS before_copies
       FROM outbox_events WHERE processed_at IS NULL AND run_at <= now()`,
  );
  return { all: rows[0].all, beforeCopies: rows[0].before_copies };
}

/** Oldest due, unprocessed outbox row (seconds) and how many are due, from the Prometheus text. */
async function queueLag(ctx: BenchContext, token: string): Promise<{ lag: number; due: number }> {
  const res = await fetch(`${ctx.baseUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  const read = (name: string) =>
    Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.eE+-]+)$`, 'm').exec(text)?.[1] ?? NaN);
  return { lag: read('mwf_outbox_oldest_pending_due_seconds'), due: read('mwf_outbox_pending_due') };
}

const scenario: Scenario<State> = {
  name: 'approvals',
  description: 'approve tasks of a 3-stage workflow; worker advances, notifies, signs off',
  async setup(ctx) {
    const admin = await ctx.adminToken();
    const tag = randomBytes(3).toString('hex');
    const unit = await must(
      ctx.request('POST', '/api/v1/org-units', {
        token: admin,
        body: { code: `B${tag}`.toUpperCase(), name: 'Bench office' },
      }),
      'org unit',
    );
    const user = async (name: string, orgUnitId?: string) => {
      const username = `bench_${tag}_${name}`;
      const u = await must(
        ctx.request('POST', '/api/v1/users', {
          token: admin,
          body: {
            username,
            password: PASSWORD,
            fullName: `Bench ${name}`,
            fullNameKm: 'អ្នកសាកល្បង',
            mustChangePassword: false,
            ...(orgUnitId ? { orgUnitId } : {}),
          },
        }),
        'user',
      );
      const login = await must(
        ctx.request('POST', '/api/v1/auth/login', { body: { username, password: PASSWORD } }),
        'login',
      );
      return { id: (u as { id: string }).id, token: (login as { accessToken: string }).accessToken };
    };
    const submitter = await user('submitter', (unit as { id: string }).id);
    const k = Math.max(1, Math.floor(ctx.connections / 3));
    const groups: State['groups'] = [];
    for (let i = 0; i < k; i++) {
      const approvers = [];
      for (let s = 0; s < STAGES; s++) approvers.push(await user(`${'abcdefgh'[s] ?? `s${s}_`}${i}`));
      const type = `bench_${tag}_${i}`;
      await must(
        ctx.request('POST', '/api/v1/workflows', {
          token: admin,
          body: {
            name: type,
            documentType: type,
            stages: approvers.map((p, s) => ({
              name: `Stage ${s + 1}`,
              mode: 'any',
              approvers: [{ userId: p.id }],
            })),
          },
        }),
        'workflow',
      );
      groups.push({ tokens: approvers.map((p) => p.token), firstTasks: [] });
    }
    const jobs = groups.flatMap((_, i) => Array.from({ length: DOCS_PER_GROUP }, () => i));
    ctx.log(`setup: ${k} workflows of ${STAGES} stage(s), one approver each, ${jobs.length} documents`);
    await pool(jobs, 16, async (i) => {
      const type = `bench_${tag}_${i}`;
      const doc = await must<{ id: string }>(
        ctx.request('POST', '/api/v1/documents', {
          token: submitter.token,
          body: { title: `ផែនការ ${type}`, documentType: type, body: randomBytes(16).toString('hex') },
        }),
        'document',
      );
      const submitted = await must<{ tasks: { id: string }[] }>(
        ctx.request('POST', `/api/v1/documents/${doc.id}/submit`, { token: submitter.token, body: {} }),
        'submit',
      );
      groups[i].firstTasks.push(submitted.tasks[0].id);
    });
    // The floor's tables made (at the first call of the run) and warmed, before the clock starts.
    await ctx.floorTps('decision', 1);
    // Let the queue settle (notifications of the first tasks) before the clock starts: on a busy
    // machine the worker needs minutes for the setup's jobs, which would count as the load's.
    const settleUntil = Date.now() + SETTLE_SECONDS * 1000;
    let due = (await queueLag(ctx, admin)).due;
    while (due > 0 && Date.now() < settleUntil) {
      await new Promise((r) => setTimeout(r, 500));
      due = (await queueLag(ctx, admin)).due;
    }
    if (due > 0) ctx.log(`setup: ${due} outbox rows still due after ${SETTLE_SECONDS} s; measuring anyway`);
    return { groups, admin };
  },

  async run(ctx, state) {
    // This machine's speed drifts within a minute: the floor and pgbench -N just before and after.
    const pgbenchBefore = await ctx.pgbenchTps(FLOOR_SECONDS);
    const floorBefore = await ctx.floorTps('decision', FLOOR_SECONDS);
    const latencies: number[] = [];
    const statusCounts: Record<string, number> = {};
    let errors = 0;
    const until = Date.now() + ctx.seconds * 1000;
    const approve = async (token: string, taskId: string) => {
      const started = performance.now();
      try {
        const res = await fetch(`${ctx.baseUrl}/api/v1/approval-tasks/${taskId}/approve`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: '{}',
        });
        await res.arrayBuffer();
        statusCounts[res.status] = (statusCounts[res.status] ?? 0) + 1;
        if (res.status === 200) latencies.push(performance.now() - started);
      } catch {
        errors++;
      }
    };
    const fromInbox = async (token: string): Promise<string[]> => {
      const res = await fetch(`${ctx.baseUrl}/api/v1/approvals/inbox?limit=100`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await res.json()) as { items?: { id: string }[] };
      return (body.items ?? []).map((x) => x.id);
    };
    let worstLag = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const { lag } = await queueLag(ctx, state.admin).catch(() => ({ lag: NaN }));
        if (Number.isFinite(lag)) worstLag = Math.max(worstLag, lag);
        await new Promise((r) => setTimeout(r, 500));
      }
    })();
    const started = Date.now();
    ctx.log(`load: ${ctx.seconds} s from ${new Date(started).toISOString()}`);
    await Promise.all(
      state.groups.flatMap((t) => [
        (async () => {
          for (const id of t.firstTasks) {
            if (Date.now() > until) break;
            await approve(t.tokens[0], id);
          }
        })(),
        ...t.tokens.slice(1).map(async (token) => {
          const seen = new Set<string>();
          while (Date.now() < until) {
            const ids = (await fromInbox(token)).filter((id) => !seen.has(id));
            if (!ids.length) {
              await new Promise((r) => setTimeout(r, 200));
              continue;
            }
            for (const id of ids) {
              if (Date.now() > until) break;
              seen.add(id);
              await approve(token, id);
            }
          }
        }),
      ]),
    );
    const loadSeconds = (Date.now() - started) / 1000;
    const stopped = Date.now();
    ctx.log(`load: ended ${new Date(stopped).toISOString()}; waiting for the queue to drain`);
    let drainSeconds = NaN;
    let beforeCopiesSeconds = NaN;
    let lagUnderOneSecondAfter = NaN;
    const databaseUrl = ctx.databaseUrl ?? process.env.DATABASE_URL;
    const db = databaseUrl ? new pg.Client({ connectionString: databaseUrl }) : undefined;
    await db?.connect();
    try {
      while (Date.now() - stopped < SETTLE_SECONDS * 1000) {
        const metrics = await queueLag(ctx, state.admin);
        const rows = db ? await dueRows(db) : undefined;
        const elapsed = (Date.now() - stopped) / 1000;
        if (Number.isNaN(lagUnderOneSecondAfter) && metrics.lag < 1) lagUnderOneSecondAfter = elapsed;
        if (Number.isNaN(beforeCopiesSeconds) && rows?.beforeCopies === 0) beforeCopiesSeconds = elapsed;
        if ((rows?.all ?? metrics.due) === 0) {
          drainSeconds = elapsed;
          if (Number.isNaN(lagUnderOneSecondAfter)) lagUnderOneSecondAfter = elapsed;
          break;
        }
        await new Promise((r) => setTimeout(r, 250));
      }
    } finally {
      await db?.end();
    }
    ctx.log(`load: queue drained ${drainSeconds.toFixed(1)} s after the load`);
    sampling = false;
    await sampler;
    const floorAfter = await ctx.floorTps('decision', FLOOR_SECONDS);
    const pgbenchAfter = await ctx.pgbenchTps(FLOOR_SECONDS);
    const accepted = latencies.length;
    // Not drained within SETTLE_SECONDS: counted as drained then (an upper bound).
    const processedPerSecond =
      accepted / (loadSeconds + (Number.isNaN(drainSeconds) ? SETTLE_SECONDS : drainSeconds));
    // The same, with the signed copies left to their own queue (NaN without the database).
    const signedOffPerSecond =
      accepted / (loadSeconds + (Number.isNaN(beforeCopiesSeconds) ? SETTLE_SECONDS : beforeCopiesSeconds));
    const lat = percentiles(Float64Array.from(latencies));
    const mean = (a?: number, b?: number) => (a && b ? (a + b) / 2 : undefined);
    const floor = mean(floorBefore, floorAfter);
    const pgbenchTps = mean(pgbenchBefore, pgbenchAfter) ?? ctx.baselines.pgbenchTps;
    const round = (n?: number) => (n === undefined ? '-' : Math.round(n).toString());
    const result: ScenarioResult = {
      requestsPerSecond: accepted / loadSeconds,
      answersPerSecond: Object.values(statusCounts).reduce((a, b) => a + b, 0) / loadSeconds,
      total: Object.values(statusCounts).reduce((a, b) => a + b, 0),
      statusCounts,
      errors,
      timeouts: 0,
      latencyMs: lat,
      allLatencyMs: lat,
      connections: state.groups.length * STAGES,
      seconds: loadSeconds,
      notes: [
        `${accepted} decisions accepted, ${processedPerSecond.toFixed(0)}/s fully processed (queue drained ${drainSeconds.toFixed(1)} s after the load)`,
        ...(db
          ? [
              `${signedOffPerSecond.toFixed(0)}/s fully processed but for the signed copies (every other job done ${beforeCopiesSeconds.toFixed(1)} s after the load)`,
            ]
          : []),
        `queue lag: worst ${worstLag.toFixed(2)} s during the load, under 1 s ${lagUnderOneSecondAfter.toFixed(1)} s after it`,
        `floor ${round(floorBefore)} / ${round(floorAfter)} decisions/s before / after; pgbench -N ${round(pgbenchBefore)} / ${round(pgbenchAfter)} tps: fully processed ÷ pgbench -N ${pgbenchTps ? (processedPerSecond / pgbenchTps).toFixed(3) : '-'}`,
        `${STAGES} stage(s) per workflow`,
      ],
      targets: [
        ...(floor
          ? [
              {
                description: 'fully processed decisions/s ÷ same-work floor (≥ 0.3)',
                value: processedPerSecond / floor,
                met: processedPerSecond >= 0.3 * floor,
              },
              ...(db
                ? [
                    {
                      description:
                        "the same, the signed copies' PDFs left out as the floor leaves them (≥ 0.3)",
                      value: signedOffPerSecond / floor,
                      met: signedOffPerSecond >= 0.3 * floor,
                    },
                  ]
                : []),
            ]
          : []),
        {
          description: 'queue lag < 1 s within 5 s after the load',
          value: lagUnderOneSecondAfter,
          met: lagUnderOneSecondAfter <= 5,
        },
      ],
      extra: {
        processedPerSecond,
        drainSeconds,
        signedOffPerSecond: db ? signedOffPerSecond : 'not measured',
        beforeCopiesSeconds: db ? beforeCopiesSeconds : 'not measured',
        worstLagSeconds: worstLag,
        lagUnderOneSecondAfter,
        stages: STAGES,
        floorTps: floor ?? 'not measured',
        floorTpsBefore: floorBefore ?? 'not measured',
        floorTpsAfter: floorAfter ?? 'not measured',
        processedVsFloor: floor ? processedPerSecond / floor : 'not measured',
        pgbenchTps: pgbenchTps ?? 'not measured',
        pgbenchTpsBefore: pgbenchBefore ?? 'not measured',
        pgbenchTpsAfter: pgbenchAfter ?? 'not measured',
        processedVsPgbench: pgbenchTps ? processedPerSecond / pgbenchTps : 'not measured',
      },
    };
    return result;
  },
};
export default scenario;
