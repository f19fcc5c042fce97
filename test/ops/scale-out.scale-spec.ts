import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { createTestApp, TEST_ADMIN, type TestApp } from '../helpers/test-app.js';
import { TEST_REDIS_URL } from '../helpers/test-env.js';
import { docType, makePerson, makeUnit, type Person, saveWorkflow } from '../approvals/approvals-fixtures.js';
import { createElection, setUpAssociation } from '../elections/election-fixtures.js';
import { meetingBody, projectGroup, startMeeting } from '../meetings/meetings-fixtures.js';
import { waitFor } from '../support/wait.js';
import { api, type Deployment, type ServerProcess, startProcess } from './processes.js';

const began = Date.now();
/** Progress on stderr (this test runs on its own, and a long run should say where it is). */
const step = (what: string) =>
  process.stderr.write(`[scale ${((Date.now() - began) / 1000).toFixed(0)} s] ${what}\n`);
const at = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

/**
 * #19.1 / #19.6: two API processes and two worker processes (the built dist/, as deployed) on one
 * database and one Redis key prefix. Mixed load goes through both APIs as a load balancer would
 * send it (round robin; a refused connection or a closing server's 503 goes to the other one);
 * mid-load one worker is killed with SIGKILL and one API is replaced (SIGTERM, then a new process).
 * Then: every accepted request's effects exist exactly once, reference numbers are gapless, the
 * scheduled reminders, escalations, openings and closings fired once each, no job is left, and the
 * state that must be shared (login throttle, verification rate limit, relay, sweeper) is shared.
 *
 * Run with `npm run test:scale` (not part of `npm test`).
 */
describe('scale-out: two APIs and two workers on one database and Redis (#19.1)', () => {
  let t: TestApp;
  let d: Deployment;
  const apis: ServerProcess[] = [];
  const workers: ServerProcess[] = [];
  const all: ServerProcess[] = [];

  beforeAll(async () => {
    // The in-process app only sets the scene (fixtures need it); it runs no worker and serves no load.
    t = await createTestApp({ APP_ROLE: 'api' });
    d = {
      databaseUrl: t.db.url,
      prefix: t.config.QUEUE_PREFIX,
      filesDir: t.config.FILES_DIR,
      jwtSecret: t.config.JWT_SECRET,
      ballotSecret: t.config.BALLOT_SECRET ?? randomBytes(32).toString('hex'),
      adminPassword: TEST_ADMIN.password,
      env: { SWEEP_INTERVAL_SECONDS: '1', AUDIT_CHECKPOINT_MINUTES: '0', LOG_LEVEL: 'error' },
    };
    if (!t.config.BALLOT_SECRET) delete (d as Partial<Deployment>).ballotSecret;
  }, 120_000);
  afterAll(async () => {
    await Promise.all(all.map((p) => p.stop('SIGKILL')));
    await t.close();
    await rm(resolve(t.config.FILES_DIR), { recursive: true, force: true });
  });

  const q = <T = any>(sql: string, params: unknown[] = []) => t.dataSource.query<T[]>(sql, params);
  const one = async (sql: string, params: unknown[] = []) =>
    Number((await q<{ n: string }>(sql, params))[0].n);

  /** A load balancer in front of the live APIs: round robin, and another try where a process is gone or closing. */
  let turn = 0;
  async function lb<T = any>(method: string, path: string, body?: unknown, token?: string) {
    for (let attempt = 0; attempt < 40; attempt++) {
      const live = apis.filter((p) => p.running);
      const target = live[turn++ % Math.max(1, live.length)];
      if (!target) {
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      try {
        const res = await api<T>(target.baseUrl, method, path, body, token);
        // Fastify's answer while closing (no handler ran): safe to send elsewhere.
        if (res.status === 503 && (res.body as { message?: string })?.message === 'Service Unavailable')
          continue;
        return res;
      } catch {
        await new Promise((r) => setTimeout(r, 50)); // refused: the process is gone
      }
    }
    throw new Error(`${method} ${path}: no API answered`);
  }

  it('keeps every effect exactly once through kills and restarts', async () => {
    // --- The scene (before any worker runs) ---
    const unit = await makeUnit(t, { name: 'Scale office' });
    const staff: Person[] = [];
    for (let i = 0; i < 4; i++) staff.push(await makePerson(t, unit.id, `Staff ${i}`));
    const head = await makePerson(t, null, 'Head');
    const director = await makePerson(t, null, 'Director');
    const fast = docType();
    const slow = docType();
    await saveWorkflow(t, {
      name: `fast ${fast}`,
      documentType: fast,
      stages: [{ name: 'Head', mode: 'any', approvers: [{ userId: head.id }] }],
    });
    // Overdue in about 11 s: reminded at 75 % (about 8 s), escalated to the director at 11 s.
    await saveWorkflow(t, {
      name: `slow ${slow}`,
      documentType: slow,
      stages: [
        {
          name: 'Head',
          mode: 'any',
          approvers: [{ userId: head.id }],
          slaHours: 0.003,
          escalateToUserId: director.id,
        },
      ],
    });
    const s = await setUpAssociation(t, { active: 40, retired: 0, seats: 3 });
    const { electionId, candidateIds } = await createElection(t, s, s.active.slice(0, 4), { seats: 3 });
    const f = await projectGroup(t);
    const minutesMeeting = await t.post('/api/v1/meetings', meetingBody(f), { token: f.chair.token });
    expect(minutesMeeting.status).toBe(201);
    await startMeeting(t, minutesMeeting.body.id);

    step('scene set');
    // --- The deployment ---
    for (let i = 0; i < 2; i++) {
      apis.push(await startProcess(d, 'api'));
      workers.push(await startProcess(d, 'worker'));
    }
    all.push(...apis, ...workers);

    step('2 APIs and 2 workers started');
    // Scheduled work that falls due during the load: voting opens in 8 s and closes in 75 s
    // (moved from the times it was created with: the jobs of the old times must do nothing);
    // a meeting's 1-hour reminder in 15 s.
    const moved = await lb(
      'PATCH',
      `/api/v1/elections/${electionId}`,
      { votingOpensAt: at(8), votingClosesAt: at(75) },
      s.chair.token,
    );
    expect(moved.status).toBe(200);
    const reminded = await lb(
      'POST',
      '/api/v1/meetings',
      meetingBody(f, { startsAt: at(3600 + 15), endsAt: at(3600 + 7200) }),
      f.chair.token,
    );
    expect(reminded.status).toBe(201);

    step('election moved, meeting scheduled');
    // --- Load through both APIs ---
    const accepted = { fast: [] as string[], slow: [] as string[], ballots: 0, minutes: 0, verifications: 0 };
    const failures: string[] = [];
    const expectStatus = (what: string, res: { status: number; body: unknown }, ...ok: number[]) => {
      if (!ok.includes(res.status)) failures.push(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
      return ok.includes(res.status);
    };

    const submissions = async (who: Person, n: number) => {
      for (let i = 0; i < n; i++) {
        const type = i % 4 === 3 ? slow : fast;
        const doc = await lb(
          'POST',
          '/api/v1/documents',
          { title: `Scale ${i}`, body: `text ${i}`, documentType: type },
          who.token,
        );
        if (!expectStatus('create', doc, 201)) continue;
        const sub = await lb('POST', `/api/v1/documents/${doc.body.id}/submit`, {}, who.token);
        if (!expectStatus('submit', sub, 200)) continue;
        if (type === slow) {
          accepted.slow.push(doc.body.id);
          continue;
        }
        const dec = await lb(
          'POST',
          `/api/v1/approval-tasks/${sub.body.tasks[0].id}/approve`,
          {},
          head.token,
        );
        if (expectStatus('approve', dec, 200)) accepted.fast.push(doc.body.id);
      }
    };

    const ballots = async () => {
      await waitFor(
        'voting to open on schedule',
        async () =>
          (await lb('GET', `/api/v1/elections/${electionId}`, undefined, s.chair.token)).body.status ===
          'voting',
        { timeoutMs: 60_000 },
      );
      step('voting open');
      const ballotOf = (i: number) =>
        i < 20
          ? [candidateIds[0], candidateIds[1], candidateIds[2]]
          : i < 30
            ? [candidateIds[0], candidateIds[1]]
            : [candidateIds[0], candidateIds[3]];
      await Promise.all(
        [0, 1, 2, 3].map(async (lane) => {
          for (let i = lane; i < s.active.length; i += 4) {
            const res = await lb(
              'POST',
              `/api/v1/elections/${electionId}/ballots`,
              { candidateIds: ballotOf(i) },
              s.active[i].token,
            );
            if (expectStatus('ballot', res, 201)) accepted.ballots++;
            // A second ballot of the same voter, through whichever API: refused.
            if (i % 10 === 0)
              expectStatus(
                'second ballot',
                await lb(
                  'POST',
                  `/api/v1/elections/${electionId}/ballots`,
                  { candidateIds: ballotOf(i) },
                  s.active[i].token,
                ),
                409,
              );
          }
        }),
      );
    };

    const minutes = async () => {
      const agenda = minutesMeeting.body.agenda;
      for (let rev = 0; rev < 8; rev++) {
        const res = await lb(
          'PUT',
          `/api/v1/meetings/${minutesMeeting.body.id}/minutes`,
          {
            baseRevision: rev,
            items: [{ agendaItemId: agenda[0].id, notes: `កំណត់ហេតុ ${rev + 1}` }],
            decisions: [],
            actionItems: [],
          },
          f.secretary.token,
        );
        if (expectStatus('minutes', res, 200)) accepted.minutes++;
      }
    };

    const verifications = async () => {
      for (let i = 0; i < 20; i++) {
        const approved = await q<{ code: string }>(
          `SELECT verification_code AS code FROM documents WHERE verification_code IS NOT NULL LIMIT 1 OFFSET $1`,
          [i % 3],
        );
        if (!approved.length) {
          await new Promise((r) => setTimeout(r, 300));
          continue;
        }
        const res = await lb('GET', `/api/v1/verify/${approved[0].code}`);
        if (expectStatus('verify', res, 200)) accepted.verifications++;
      }
    };

    // The operations: a worker is killed outright; an API is replaced (SIGTERM, a new process).
    const chaos = async () => {
      await waitFor('load under way', () => accepted.fast.length >= 3, { timeoutMs: 120_000 });
      await workers[0].stop('SIGKILL');
      step('worker 0 killed (SIGKILL)');
      const old = apis[1];
      const replacement = startProcess(d, 'api');
      const stopped = await old.stop('SIGTERM');
      expect(stopped).toEqual({ code: 0, signal: null });
      step('API 1 stopped (SIGTERM, exit 0)');
      const fresh = await replacement;
      step('API 1 replaced');
      apis.push(fresh);
      all.push(fresh);
      const worker = await startProcess(d, 'worker');
      workers.push(worker);
      all.push(worker);
      step('worker 0 replaced');
    };

    await Promise.all([
      ...staff.map((who) => submissions(who, 6)),
      ballots(),
      minutes(),
      verifications(),
      chaos(),
    ]);
    step('load done');
    expect(failures).toEqual([]);
    expect(workers[0].running).toBe(false);

    // Shared state: the login throttle counts one (username, address) across both APIs.
    const live = apis.filter((p) => p.running);
    expect(live.length).toBe(2);
    for (let i = 0; i < 5; i++) {
      const bad = await api(live[i % 2].baseUrl, 'POST', '/api/v1/auth/login', {
        username: staff[0].username,
        password: 'wrong-password-1',
      });
      expect(bad.status).toBe(401);
    }
    for (const p of live) {
      expect(
        (
          await api(p.baseUrl, 'POST', '/api/v1/auth/login', {
            username: staff[0].username,
            password: 'wrong-password-1',
          })
        ).status,
      ).toBe(429);
    }
    // The verification rate limit: both APIs counted into the same Redis keys.
    const redis = new Redis(TEST_REDIS_URL);
    try {
      const keys = await redis.keys(`${d.prefix}:ratelimit:verify:*`);
      const counted = (await Promise.all(keys.map((k) => redis.get(k)))).reduce(
        (a, v) => a + Number(v ?? 0),
        0,
      );
      expect(counted).toBe(accepted.verifications);
    } finally {
      redis.disconnect();
    }

    step('shared state checked');
    // --- Quiet: every due outbox event processed, whatever the killed worker held ---
    await waitFor(
      'the queue to drain',
      async () =>
        (await one(
          `SELECT count(*) AS n FROM outbox_events WHERE processed_at IS NULL AND run_at <= now()`,
        )) === 0 &&
        (await one(`SELECT count(*) AS n FROM approval_tasks WHERE escalated_at IS NOT NULL`)) >=
          accepted.slow.length &&
        (await lb('GET', `/api/v1/elections/${electionId}/results`, undefined, s.chair.token)).status === 200,
      { timeoutMs: 150_000 },
    );

    step('queue drained');
    // Documents: each accepted submission once; fast ones approved with one task, signed once.
    expect(accepted.fast.length + accepted.slow.length).toBe(staff.length * 6);
    const docs = await q<{ id: string; status: string; type: string; tasks: number; signatures: number }>(
      `SELECT d.id, d.status, d.document_type AS type,
              (SELECT count(*)::int FROM approval_tasks k JOIN approval_requests r ON r.id = k.request_id WHERE r.document_id = d.id AND k.origin <> 'sla_escalation') AS tasks,
              (SELECT count(*)::int FROM document_signatures g WHERE g.document_id = d.id) AS signatures
         FROM documents d WHERE d.document_type IN ($1, $2)`,
      [fast, slow],
    );
    expect(docs.length).toBe(accepted.fast.length + accepted.slow.length);
    for (const doc of docs.filter((x) => x.type === fast))
      expect(doc).toMatchObject({ status: 'approved', tasks: 1, signatures: 1 });
    for (const doc of docs.filter((x) => x.type === slow))
      expect(doc).toMatchObject({ status: 'in_review', tasks: 1 });

    // Reference numbers: gapless per unit and year, and the counter at the last one.
    const refs = await q<{ unit: string; year: number; numbers: number[]; last: number }>(
      `SELECT d.org_unit_id AS unit, c.year, c.last,
              array_agg(substring(d.reference_number from '([0-9]+)$')::int ORDER BY 1) AS numbers
         FROM documents d JOIN reference_counters c ON c.org_unit_id = d.org_unit_id
          AND d.reference_number LIKE '%/' || c.year || '/%'
        WHERE d.reference_number IS NOT NULL GROUP BY 1, 2, 3`,
    );
    expect(refs.length).toBeGreaterThan(0);
    for (const r of refs) {
      const sorted = [...r.numbers].sort((a, b) => a - b);
      expect(sorted).toEqual(sorted.map((_, i) => i + 1));
      expect(r.last).toBe(sorted.length);
    }

    // Reminders and escalations: once per overdue task.
    const overdue = await q<{ reminded: number; escalated: number; escalations: number }>(
      `SELECT (SELECT count(*)::int FROM audit_log a WHERE a.action = 'task.reminded' AND a.entity_id = d.id::text) AS reminded,
              (SELECT count(*)::int FROM audit_log a WHERE a.action = 'task.escalated' AND a.entity_id = d.id::text) AS escalated,
              (SELECT count(*)::int FROM approval_tasks e WHERE e.escalated_from_task_id = k.id) AS escalations
         FROM approval_tasks k JOIN approval_requests r ON r.id = k.request_id JOIN documents d ON d.id = r.document_id
        WHERE d.document_type = $1 AND k.origin <> 'sla_escalation'`,
      [slow],
    );
    expect(overdue.length).toBe(accepted.slow.length);
    for (const o of overdue) expect(o).toEqual({ reminded: 1, escalated: 1, escalations: 1 });

    // The election: opened once, closed once, every accepted ballot counted once; certified once.
    const steps = await q<{ action: string; n: number }>(
      `SELECT action, count(*)::int AS n FROM audit_log WHERE stream = $1 AND action IN ('election.voting_opened', 'election.voting_closed') GROUP BY 1 ORDER BY 1`,
      [`election:${electionId}`],
    );
    expect(steps).toEqual([
      { action: 'election.voting_closed', n: 1 },
      { action: 'election.voting_opened', n: 1 },
    ]);
    expect(accepted.ballots).toBe(s.active.length);
    expect(
      await one(`SELECT count(*) AS n FROM election_voter_roll WHERE election_id = $1 AND voted`, [
        electionId,
      ]),
    ).toBe(accepted.ballots);
    const results = await lb('GET', `/api/v1/elections/${electionId}/results`, undefined, s.chair.token);
    expect(results.body.ballotsCast).toBe(accepted.ballots);
    expect([...results.body.elected].sort()).toEqual(candidateIds.slice(0, 3).sort());
    const certify = await Promise.all(
      live.map((p) => api(p.baseUrl, 'POST', `/api/v1/elections/${electionId}/certify`, {}, s.chair.token)),
    );
    expect(certify.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(
      await one(`SELECT count(*) AS n FROM board_members WHERE term_id = $1`, [s.termId]),
    ).toBeGreaterThanOrEqual(3);
    // Certifying tells everyone on the roll, once each (the follow-up goes through the outbox): the
    // elected and the substitutes (members on the roll) their own place, the others the results.
    const roll = await one(`SELECT count(*) AS n FROM election_voter_roll WHERE election_id = $1`, [
      electionId,
    ]);
    await waitFor(
      'the certified notices',
      async () =>
        (await one(`SELECT count(*) AS n FROM notifications WHERE event_key = ANY($1::text[])`, [
          ['certified', 'elected', 'substitute'].map((k) => `election:${electionId}:${k}`),
        ])) === roll,
      { timeoutMs: 60_000 },
    );

    // The meeting's 1-hour reminder: one notification per invited user, none twice.
    const reminders = await q<{ user_id: string; n: number }>(
      `SELECT user_id, count(*)::int AS n FROM notifications WHERE event_key LIKE $1 GROUP BY 1`,
      [`meeting:${reminded.body.id}:reminder:1h:%`],
    );
    expect(reminders.length).toBeGreaterThan(0);
    for (const r of reminders) expect(r.n).toBe(1);
    // No notification twice anywhere; minutes: one revision per accepted save.
    expect(
      await one(
        `SELECT count(*) AS n FROM (SELECT 1 FROM notifications GROUP BY user_id, event_key HAVING count(*) > 1) x`,
      ),
    ).toBe(0);
    expect(accepted.minutes).toBe(8);
    expect(
      await one(`SELECT count(*) AS n FROM minutes_revisions WHERE meeting_id = $1`, [
        minutesMeeting.body.id,
      ]),
    ).toBe(8);

    // No job left: nothing waiting, active or due in BullMQ (a job's last step, after its event is
    // marked processed, is BullMQ's own: waited for); every event processed once.
    const redis2 = new Redis(TEST_REDIS_URL);
    try {
      const queues = ['workflow', 'elections', 'meetings', 'notifications', 'system'];
      const left = async () => {
        const lengths = await Promise.all(
          queues.flatMap((queue) => [
            redis2.llen(`${d.prefix}:${queue}:wait`),
            redis2.llen(`${d.prefix}:${queue}:active`),
          ]),
        );
        return lengths.reduce((a, b) => a + b, 0);
      };
      await waitFor('no job left in BullMQ', async () => (await left()) === 0, { timeoutMs: 60_000 });
    } finally {
      redis2.disconnect();
    }
    expect(
      await one(`SELECT count(*) AS n FROM outbox_events WHERE processed_at IS NULL AND run_at <= now()`),
    ).toBe(0);
  }, 600_000);
});
