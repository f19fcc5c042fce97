import autocannon, { type Result as AutocannonResult } from 'autocannon';
import { createHmac, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { tallyFromDatabase } from '../../src/elections/tally-query.js';
import { percentiles } from '../load.js';
import type { BenchContext, Scenario, ScenarioResult } from '../scenario.js';

/**
 * A board election at scale (issue 4):
 *  1. 10,000 eligible members (BENCH_VOTERS) each cast one ballot over HTTP (POST
 *     /api/v1/elections/:id/ballots, 0-11 of 20 candidates), as fast as BENCH_CONNECTIONS
 *     connections allow. Reported: ballots accepted per second beside the same-work floor
 *     (`bench/floors/ballot.sql`: the four rows a ballot writes, in one transaction; target: at
 *     least half of it, issue 18) and `pgbench -N`, each measured just before and just after them
 *     (their means), p99 latency, and
 *     whether all of them got in within one minute. Before it, not measured, a warm-up: BENCH_ELECTION_WARMUP_VOTERS (3,000) of the
 *     members vote in another election, as the other scenarios warm up for 2 s. The rate is taken
 *     from the start to the last answer.
 *  2. Closing, then the tally job end to end (close -> results published).
 *  3. A second election with 100,000 ballots: the tally itself (`tallyFromDatabase`, the code the
 *     tally job runs), target under one second, and the job end to end.
 *
 * Members, users and the 100,000 synthetic ballots are written straight into the server's scratch
 * database (creating 10,000 users through the API would spend minutes hashing passwords), and the
 * voters' access tokens are signed with the server's JWT secret. Both come from the harness when
 * it offers them (`ctx.databaseUrl`, `ctx.jwtSecret`), from DATABASE_URL and JWT_SECRET with
 * BENCH_URL, or else from the environment of the server process the harness started (its child).
 */

interface Internals {
  databaseUrl: string;
  jwtSecret: string;
}

interface State {
  db: pg.Client;
  electionId: string;
  candidateIds: string[];
  voters: { id: string; token: string }[];
  chairToken: string;
  associationId: string;
  termId: string;
  memberIds: string[];
}

const VOTERS = Number(process.env.BENCH_VOTERS ?? 10_000);
const BIG_TALLY = Number(process.env.BENCH_TALLY_BALLOTS ?? 100_000);
const WARMUP_VOTERS = Math.min(VOTERS, Number(process.env.BENCH_ELECTION_WARMUP_VOTERS ?? 3000));
/** Each pgbench run (-N, the floor) just before and just after the measured ballots. */
const PGBENCH_SECONDS = Number(
  process.env.BENCH_ELECTION_PGBENCH_SECONDS ?? process.env.BENCH_FLOOR_SECONDS ?? 5,
);
const SEATS = 11;
const CANDIDATES = 20;

function internals(ctx: BenchContext): Internals {
  const offered = ctx as unknown as Partial<Internals>;
  if (offered.databaseUrl && offered.jwtSecret) return offered as Internals;
  if (process.env.BENCH_URL) {
    if (!process.env.DATABASE_URL || !process.env.JWT_SECRET) {
      throw new Error(
        'with BENCH_URL, set DATABASE_URL and JWT_SECRET of that server for the elections scenario',
      );
    }
    return { databaseUrl: process.env.DATABASE_URL, jwtSecret: process.env.JWT_SECRET };
  }
  // The server the harness started is this process's child running dist/src/main.js on ctx's port.
  const port = new URL(ctx.baseUrl).port;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (!argv.some((a) => a.endsWith('dist/src/main.js'))) continue;
      const env = new Map(
        readFileSync(`/proc/${pid}/environ`, 'utf8')
          .split('\0')
          .filter((kv) => kv.includes('='))
          .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)] as const),
      );
      if (env.get('PORT') !== port) continue;
      return { databaseUrl: env.get('DATABASE_URL')!, jwtSecret: env.get('JWT_SECRET')! };
    } catch {
      // not ours, or gone
    }
  }
  throw new Error('cannot find the server process started by the harness (its database and JWT secret)');
}

/** An access token as the server signs them (HS256, `{ sub, username, typ: 'access', sid }`). */
function accessToken(secret: string, user: { id: string; username: string; sid: string }): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({
    sub: user.id,
    username: user.username,
    typ: 'access',
    sid: user.sid,
    iat: now,
    exp: now + 3 * 3600,
  })}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

async function expectStatus<T>(
  p: Promise<{ status: number; body: T }>,
  status: number,
  what: string,
): Promise<T> {
  const res = await p;
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function waitForResults(ctx: BenchContext, electionId: string, token: string): Promise<number> {
  const started = performance.now();
  for (;;) {
    const res = await ctx.request('GET', `/api/v1/elections/${electionId}/results`, { token });
    if (res.status === 200) return performance.now() - started;
    if (res.status !== 409) throw new Error(`results: ${res.status} ${JSON.stringify(res.body)}`);
    if (performance.now() - started > 120_000) throw new Error('no results 120 s after closing');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function newElection(
  ctx: BenchContext,
  s: Pick<State, 'associationId' | 'termId' | 'chairToken'>,
  memberIds: string[],
) {
  const election = await expectStatus(
    ctx.request<{ id: string }>('POST', `/api/v1/associations/${s.associationId}/elections`, {
      token: s.chairToken,
      body: {
        termId: s.termId,
        title: 'ការបោះឆ្នោតជ្រើសរើសគណៈកម្មការ អាណត្តិទី៧',
        seats: SEATS,
        votingOpensAt: new Date(Date.now() + 3600_000).toISOString(),
        votingClosesAt: new Date(Date.now() + 7200_000).toISOString(),
        tieBreak: 'lot',
      },
    }),
    201,
    'create election',
  );
  const candidateIds: string[] = [];
  for (const userId of memberIds.slice(0, CANDIDATES)) {
    const c = await expectStatus(
      ctx.request<{ id: string }>('POST', `/api/v1/elections/${election.id}/candidates`, {
        token: s.chairToken,
        body: { userId },
      }),
      201,
      'nominate',
    );
    candidateIds.push(c.id);
  }
  await expectStatus(
    ctx.request('POST', `/api/v1/elections/${election.id}/open-voting`, { token: s.chairToken }),
    200,
    'open voting',
  );
  return { electionId: election.id, candidateIds };
}

const scenario: Scenario<State> = {
  name: 'elections',
  description: `${VOTERS.toLocaleString('en-US')} members vote (POST /elections/:id/ballots), then tallies`,

  async setup(ctx) {
    const { databaseUrl, jwtSecret } = internals(ctx);
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const admin = await ctx.adminToken();
    const association = await expectStatus(
      ctx.request<{ id: string }>('POST', '/api/v1/associations', {
        token: admin,
        body: { name: 'Bench association', nameKm: 'សមាគមបុគ្គលិកក្រសួងប្រៃសណីយ៍និងទូរគមនាគមន៍' },
      }),
      201,
      'create association',
    );
    const tag = randomBytes(3).toString('hex');
    const { rows: users } = await db.query<{ id: string; username: string }>(
      `INSERT INTO users (username, password_hash, full_name, full_name_km)
       SELECT 'bv_' || $1 || '_' || g, 'not-a-password', 'Voter ' || g, 'អ្នកបោះឆ្នោត ' || g
         FROM generate_series(0, $2) g ORDER BY g
       RETURNING id, username`,
      [tag, VOTERS],
    );
    // A login (session) of each, as the server starts one on POST /auth/login: tokens name it (`sid`).
    const { rows: sessions } = await db.query<{ id: string; user_id: string }>(
      `INSERT INTO auth_sessions (id, user_id) SELECT gen_random_uuid(), u FROM unnest($1::uuid[]) u
       RETURNING id, user_id`,
      [users.map((u) => u.id)],
    );
    const sid = new Map(sessions.map((r) => [r.user_id, r.id]));
    const [chair, ...members] = users.map((u) => ({ ...u, sid: sid.get(u.id)! }));
    await db.query(
      `INSERT INTO association_members (association_id, user_id, status, member_no, role)
       SELECT $1, u, 'active', 'B-' || i, CASE WHEN i = 1 THEN 'admin' ELSE 'member' END
         FROM unnest($2::uuid[]) WITH ORDINALITY AS x(u, i)`,
      [association.id, users.map((u) => u.id)],
    );
    const chairToken = accessToken(jwtSecret, chair);
    const term = await expectStatus(
      ctx.request<{ id: string }>('POST', `/api/v1/associations/${association.id}/terms`, {
        token: chairToken,
        body: { number: 7, startsOn: '2014-01-01', endsOn: '2015-12-31', boardSeats: SEATS },
      }),
      201,
      'create term',
    );
    const base = { associationId: association.id, termId: term.id, chairToken };
    const memberIds = members.map((m) => m.id);
    const { electionId, candidateIds } = await newElection(ctx, base, memberIds);
    ctx.log(`${VOTERS} members on the roll of election ${electionId}`);
    // The floor's tables made (at the first call of the run) and warmed, before any clock starts.
    await ctx.floorTps('ballot', 1);
    return {
      ...base,
      db,
      electionId,
      candidateIds,
      memberIds,
      voters: members.map((m) => ({ id: m.id, token: accessToken(jwtSecret, m) })),
    };
  },

  async run(ctx, s) {
    try {
      return await measure(ctx, s);
    } finally {
      await s.db.end();
    }
  },
};

interface Casting {
  ok: number[];
  all: number[];
  statusCounts: Record<string, number>;
  errors: number;
  timeouts: number;
  /** From the start to the last answer (autocannon itself ends on its next one-second tick). */
  seconds: number;
}

/** Each of `voters` casts one ballot in `electionId`, as fast as ctx.connections allow. */
async function castAll(
  ctx: BenchContext,
  electionId: string,
  candidateIds: string[],
  voters: State['voters'],
): Promise<Casting> {
  // Voter i picks (i mod 12) candidates, a blank ballot for i mod 12 = 0.
  const path = `/api/v1/elections/${electionId}/ballots`;
  const bodies = voters.map((_, i) =>
    JSON.stringify({ candidateIds: candidateIds.filter((_, k) => (i + k) % CANDIDATES < i % (SEATS + 1)) }),
  );
  let next = 0;
  const ok: number[] = [];
  const all: number[] = [];
  const statusCounts: Record<string, number> = {};
  const started = performance.now();
  let lastAnswer = started;
  const result = await new Promise<AutocannonResult>((resolve, reject) => {
    const instance = autocannon(
      {
        url: new URL(path, ctx.baseUrl).toString(),
        connections: ctx.connections,
        amount: voters.length,
        timeout: 30,
        requests: [
          {
            method: 'POST',
            path,
            setupRequest: (req) => {
              const i = next++;
              return {
                ...req,
                headers: { authorization: `Bearer ${voters[i].token}`, 'content-type': 'application/json' },
                body: bodies[i],
              };
            },
          },
        ],
      },
      (err, r) => (err ? reject(err) : resolve(r)),
    );
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      lastAnswer = performance.now();
      all.push(ms);
      if (status === 201) ok.push(ms);
      statusCounts[status] = (statusCounts[status] ?? 0) + 1;
    });
  });
  return {
    ok,
    all,
    statusCounts,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: (lastAnswer - started) / 1000,
  };
}

async function measure(ctx: BenchContext, s: State): Promise<ScenarioResult> {
  // 0. Warm-up, not measured (as the other scenarios' warm-up): the first WARMUP_VOTERS members
  //    vote in another election, so the measured ballots do not pay for the JIT compiling the path.
  const warmup = await newElection(ctx, s, s.memberIds);
  await castAll(ctx, warmup.electionId, warmup.candidateIds, s.voters.slice(0, WARMUP_VOTERS));
  // 1. Every member votes once, between two short pgbench runs (this machine's speed drifts within
  //    a minute; the run's first baseline was taken minutes earlier).
  const pgbenchBefore = await ctx.pgbenchTps(PGBENCH_SECONDS);
  const floorBefore = await ctx.floorTps('ballot', PGBENCH_SECONDS);
  ctx.log(`ballots: ${s.voters.length} voters from ${new Date().toISOString()}`);
  const { ok, all, statusCounts, errors, timeouts, seconds } = await castAll(
    ctx,
    s.electionId,
    s.candidateIds,
    s.voters,
  );
  ctx.log(`ballots: ended ${new Date().toISOString()}`);
  const floorAfter = await ctx.floorTps('ballot', PGBENCH_SECONDS);
  const pgbenchAfter = await ctx.pgbenchTps(PGBENCH_SECONDS);
  const ballotsPerSecond = ok.length / seconds;
  const { rows: stored } = await s.db.query<{ n: number }>(
    // Sealed until the close (the tally mixes them into election_ballots).
    `SELECT count(*)::int AS n FROM election_sealed_ballots WHERE election_id = $1`,
    [s.electionId],
  );

  // 2. Close and wait for the published results (the tally job end to end).
  await expectStatus(
    ctx.request('POST', `/api/v1/elections/${s.electionId}/close-voting`, { token: s.chairToken }),
    200,
    'close voting',
  );
  const closeToResultsMs = await waitForResults(ctx, s.electionId, s.chairToken);

  // 3. 100,000 ballots: synthetic ones written straight in (not timed), then the tally itself.
  const big = await newElection(ctx, s, s.memberIds);
  await s.db.query(
    `INSERT INTO election_ballots (election_id, receipt, choices)
     SELECT $1, 'R' || lpad(g::text, 8, '0'),
            ARRAY(SELECT c FROM unnest($2::uuid[]) WITH ORDINALITY AS x(c, k) WHERE (g + k) % $3 < g % $4)
       FROM generate_series(1, $5) g`,
    [big.electionId, big.candidateIds, CANDIDATES, SEATS + 1, BIG_TALLY],
  );
  await s.db.query(`UPDATE elections SET eligible_count = $2 WHERE id = $1`, [big.electionId, BIG_TALLY]);
  await s.db.query(`ANALYZE election_ballots`);
  const query = async <T>(sql: string, params: unknown[]) => (await s.db.query(sql, params)).rows as T[];
  const tallyTimes: number[] = [];
  let counted = 0;
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    const r = await tallyFromDatabase(query, {
      id: big.electionId,
      seats: SEATS,
      quorumPercent: null,
      eligibleCount: BIG_TALLY,
    });
    tallyTimes.push(performance.now() - t0);
    counted = r.ballotsCast;
  }
  const tallyMs = tallyTimes.sort((a, b) => a - b)[1];
  await expectStatus(
    ctx.request('POST', `/api/v1/elections/${big.electionId}/close-voting`, { token: s.chairToken }),
    200,
    'close the big election',
  );
  const bigCloseToResultsMs = await waitForResults(ctx, big.electionId, s.chairToken);

  const pgbench =
    pgbenchBefore && pgbenchAfter ? (pgbenchBefore + pgbenchAfter) / 2 : ctx.baselines.pgbenchTps;
  const ratio = pgbench ? ballotsPerSecond / pgbench : NaN;
  const floor = floorBefore && floorAfter ? (floorBefore + floorAfter) / 2 : undefined;
  const floorRatio = floor ? ballotsPerSecond / floor : NaN;
  const runRatio = ctx.baselines.pgbenchTps ? ballotsPerSecond / ctx.baselines.pgbenchTps : NaN;
  const latency = percentiles(Float64Array.from(ok));
  return {
    requestsPerSecond: ballotsPerSecond,
    answersPerSecond: all.length / seconds,
    total: all.length,
    statusCounts,
    errors,
    timeouts,
    latencyMs: latency,
    allLatencyMs: percentiles(Float64Array.from(all)),
    connections: ctx.connections,
    seconds,
    targets: [
      ...(floor
        ? [
            {
              description: 'ballots/s ÷ same-work floor just before and after (≥ 0.5)',
              value: floorRatio,
              met: floorRatio >= 0.5,
            },
          ]
        : []),
      {
        description: `all ${s.voters.length} ballots within 60 s (s)`,
        value: seconds,
        met: seconds <= 60 && ok.length === s.voters.length,
      },
      {
        description: `tally of ${counted.toLocaleString('en-US')} ballots (ms, < 1000)`,
        value: tallyMs,
        met: tallyMs < 1000 && counted === BIG_TALLY,
      },
    ],
    notes: [
      `${ok.length} ballots accepted in ${seconds.toFixed(1)} s, ${stored[0].n} stored`,
      `p99 ${latency.p99.toFixed(1)} ms`,
      `floor ${Math.round(floorBefore ?? NaN)} / ${Math.round(floorAfter ?? NaN)} ballots/s before / after`,
      `pgbench -N ${Math.round(pgbenchBefore ?? NaN)} / ${Math.round(pgbenchAfter ?? NaN)} tps before / after: ballots ÷ pgbench -N ${ratio.toFixed(2)} (the run's first baseline ${Math.round(ctx.baselines.pgbenchTps ?? NaN)}: ${runRatio.toFixed(2)})`,
      `close→results ${Math.round(closeToResultsMs)} ms (${s.voters.length} ballots), ${Math.round(bigCloseToResultsMs)} ms (${BIG_TALLY} ballots)`,
    ],
    extra: {
      ballotsPerSecond,
      floorTps: floor ?? 'not measured',
      floorTpsBefore: floorBefore ?? 'not measured',
      floorTpsAfter: floorAfter ?? 'not measured',
      ballotsVsFloor: floorRatio,
      pgbenchTps: pgbench ?? 'not measured',
      pgbenchTpsBefore: pgbenchBefore ?? 'not measured',
      pgbenchTpsAfter: pgbenchAfter ?? 'not measured',
      ballotsVsPgbench: ratio,
      ballotsVsRunPgbench: runRatio,
      tallyMs100k: tallyMs,
      closeToResultsMs,
      bigCloseToResultsMs,
    },
  };
}

export default scenario;
