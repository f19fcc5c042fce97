import { randomBytes } from 'node:crypto';
import { percentiles } from '../load.js';
import type { BenchContext, Scenario, ScenarioResult } from '../scenario.js';

/**
 * Secretaries saving minutes revisions while members read meetings, at once. S secretaries each
 * own one meeting and save revision after revision of its minutes in Khmer (PUT .../minutes with
 * the base they got back: every save is a new revision row, a locked meeting row, an audit entry
 * and the action items' sync); meanwhile members read a meeting page (GET /meetings/:id: agenda,
 * participants, quorum, open action items of the body) under autocannon.
 *
 * Reported: saves per second (accepted) and their p50/p99; the read's requests per second and
 * p99; beside this run's baselines (pgbench -N tps for the writes, bare Node for the reads).
 * A 409 would mean a lost base (none expected: each secretary owns its meeting).
 */
interface State {
  meetings: { id: string; secretaryToken: string; agendaIds: string[]; ownerId: string }[];
  readPath: string;
  readerToken: string;
}

const PASSWORD = 'bench-password-1';

async function must<T = any>(p: Promise<{ status: number; body: T }>, what: string): Promise<T> {
  const res = await p;
  if (res.status !== 200 && res.status !== 201)
    throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function user(ctx: BenchContext, admin: string, username: string) {
  const u = await must<{ id: string }>(
    ctx.request('POST', '/api/v1/users', {
      token: admin,
      body: {
        username,
        password: PASSWORD,
        fullName: username,
        fullNameKm: 'លេខាធិការ សាកល្បង',
        // Staff who chose their own password long ago: the bench measures their work, not a first sign-in.
        mustChangePassword: false,
      },
    }),
    'user',
  );
  const login = await must<{ accessToken: string }>(
    ctx.request('POST', '/api/v1/auth/login', { body: { username, password: PASSWORD } }),
    'login',
  );
  return { id: u.id, token: login.accessToken };
}

const scenario: Scenario<State> = {
  name: 'meetings',
  description: 'secretaries save minutes revisions while members read meetings',
  async setup(ctx) {
    const admin = await ctx.adminToken();
    const tag = randomBytes(3).toString('hex');
    const group = await must<{ id: string }>(
      ctx.request('POST', '/api/v1/working-groups', {
        token: admin,
        body: { name: `Bench group ${tag}`, nameKm: 'ក្រុមការងារសាកល្បង' },
      }),
      'group',
    );
    const chair = await user(ctx, admin, `bench_${tag}_chair`);
    const reader = await user(ctx, admin, `bench_${tag}_reader`);
    const members = [chair, reader];
    const secretaries = Math.max(1, Math.floor(ctx.connections / 5));
    const meetings: State['meetings'] = [];
    for (let i = 0; i < secretaries; i++) {
      const s = await user(ctx, admin, `bench_${tag}_sec${i}`);
      members.push(s);
      await must(
        ctx.request('POST', `/api/v1/working-groups/${group.id}/members`, {
          token: admin,
          body: { userId: s.id, role: 'secretary' },
        }),
        'secretary',
      );
    }
    await must(
      ctx.request('POST', `/api/v1/working-groups/${group.id}/members`, {
        token: admin,
        body: { userId: chair.id, role: 'chair' },
      }),
      'chair',
    );
    await must(
      ctx.request('POST', `/api/v1/working-groups/${group.id}/members`, {
        token: admin,
        body: { userId: reader.id, role: 'member' },
      }),
      'member',
    );
    for (let i = 0; i < secretaries; i++) {
      const sec = members[2 + i];
      const m = await must<{ id: string; agenda: { id: string }[] }>(
        ctx.request('POST', '/api/v1/meetings', {
          token: admin,
          body: {
            title: `Bench meeting ${i}`,
            titleKm: `កិច្ចប្រជុំសាកល្បង ${i}`,
            workingGroupId: group.id,
            startsAt: new Date(Date.now() - 3600_000).toISOString(),
            chairUserId: chair.id,
            secretaryUserId: sec.id,
            agenda: Array.from({ length: 5 }, (_, k) => ({
              title: `របៀបវារៈទី ${k + 1}`,
              durationMinutes: 15,
            })),
            participants: members.map((p) => ({ userId: p.id, role: 'member' })),
          },
        }),
        'meeting',
      );
      meetings.push({
        id: m.id,
        secretaryToken: sec.token,
        agendaIds: m.agenda.map((a) => a.id),
        ownerId: reader.id,
      });
    }
    ctx.log(`setup: ${secretaries} secretaries, one meeting each`);
    return { meetings, readPath: `/api/v1/meetings/${meetings[0].id}`, readerToken: reader.token };
  },

  async run(ctx, state) {
    const latencies: number[] = [];
    const statusCounts: Record<string, number> = {};
    let errors = 0;
    const until = Date.now() + ctx.seconds * 1000;
    const notes = 'ក្រុមការងាររងបានរាយការណ៍អំពីវឌ្ឍនភាព។ '.repeat(20);
    const writers = state.meetings.map(async (m) => {
      let base = 0;
      while (Date.now() < until) {
        const started = performance.now();
        try {
          const res = await fetch(`${ctx.baseUrl}/api/v1/meetings/${m.id}/minutes`, {
            method: 'PUT',
            headers: { authorization: `Bearer ${m.secretaryToken}`, 'content-type': 'application/json' },
            body: JSON.stringify({
              baseRevision: base,
              items: m.agendaIds.map((agendaItemId) => ({ agendaItemId, notes: `${notes} (${base + 1})` })),
              decisions: [{ text: 'អង្គប្រជុំបានអនុម័ត', votesFor: 9, votesAgainst: 0, abstentions: 1 }],
              actionItems: [{ text: 'ផ្ញើរបាយការណ៍', ownerUserId: m.ownerId, dueOn: '2030-01-01' }],
            }),
          });
          const body = (await res.json()) as { revision?: number; details?: { latestRevision?: number } };
          statusCounts[res.status] = (statusCounts[res.status] ?? 0) + 1;
          if (res.status === 200) {
            latencies.push(performance.now() - started);
            base = body.revision ?? base + 1;
          } else if (res.status === 409) {
            base = body.details?.latestRevision ?? base;
          }
        } catch {
          errors++;
        }
      }
    });
    const started = Date.now();
    const [read] = await Promise.all([
      ctx.load({
        path: state.readPath,
        token: state.readerToken,
        connections: Math.max(1, ctx.connections - state.meetings.length),
        warmupSeconds: 0,
      }),
      ...writers,
    ]);
    const elapsed = (Date.now() - started) / 1000;
    const saves = latencies.length;
    const savesPerSecond = saves / elapsed;
    const saveLatency = percentiles(Float64Array.from(latencies));
    const { pgbenchTps, bareNodeRps } = ctx.baselines;
    const result: ScenarioResult = {
      ...read,
      notes: [
        `saves: ${savesPerSecond.toFixed(0)}/s (p50 ${saveLatency.p50.toFixed(1)} ms, p99 ${saveLatency.p99.toFixed(1)} ms, statuses ${JSON.stringify(statusCounts)}, errors ${errors}) by ${state.meetings.length} secretaries`,
        `reads: ${read.requestsPerSecond.toFixed(0)}/s, p99 ${read.latencyMs.p99.toFixed(1)} ms (GET /meetings/:id)`,
        `baselines: pgbench -N ${pgbenchTps?.toFixed(0) ?? '?'} tps, bare Node ${bareNodeRps?.toFixed(0) ?? '?'} req/s`,
      ],
      extra: {
        savesPerSecond,
        saveP50Ms: saveLatency.p50,
        saveP99Ms: saveLatency.p99,
        readP99Ms: read.latencyMs.p99,
        ...(pgbenchTps ? { savesVsPgbench: savesPerSecond / pgbenchTps } : {}),
        ...(bareNodeRps ? { readsVsBareNode: read.requestsPerSecond / bareNodeRps } : {}),
      },
    };
    return result;
  },
};
export default scenario;
