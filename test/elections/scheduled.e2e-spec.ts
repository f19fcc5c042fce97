import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp } from '../../src/bootstrap.js';
import { tokenFor } from '../helpers/auth.js';
import { createTestApp, TestApp, testConfig } from '../helpers/test-app.js';
import { createElection, inSeconds, setUpAssociation, type AssociationSetup } from './election-fixtures.js';
import { waitFor } from '../support/wait.js';

/** Another app process on the same database and queue prefix (as a restarted server would be). */
async function startApp(t: TestApp, role: 'api' | 'all'): Promise<TestApp> {
  const config = testConfig(t.db.url, { APP_ROLE: role, QUEUE_PREFIX: t.config.QUEUE_PREFIX });
  const app: NestFastifyApplication = await createHttpApp(config, { quiet: true });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as { port: number };
  return new TestApp(app, config, t.db, `http://127.0.0.1:${port}`);
}

/**
 * Opening and closing at the scheduled times through the outbox and the queue, with no worker
 * running when the election is scheduled and the worker restarted between opening and closing.
 */
describe('scheduled opening and closing', () => {
  let first: TestApp;
  let apps: TestApp[] = [];
  let firstClosed = false;
  let s: AssociationSetup;

  beforeAll(async () => {
    first = await createTestApp({ APP_ROLE: 'api' });
    s = await setUpAssociation(first, { active: 12, retired: 2, seats: 3 });
  }, 60_000);
  afterAll(async () => {
    for (const a of apps) await a.app.close();
    if (!firstClosed) await first.app.close();
    await first.db.drop();
  });

  it('opens and closes at the scheduled times, across a worker restart, and tallies', async () => {
    const { electionId, candidateIds } = await createElection(first, s, s.active.slice(0, 4), {
      seats: 3,
      votingOpensAt: inSeconds(1),
      votingClosesAt: inSeconds(30),
    });
    // Moving the times leaves jobs queued for the old ones: they must do nothing.
    const opensAt = inSeconds(4);
    const closesAt = inSeconds(13);
    const moved = await first.patch(
      `/api/v1/elections/${electionId}`,
      { votingOpensAt: opensAt, votingClosesAt: closesAt },
      { token: s.chair.token },
    );
    expect(moved.status).toBe(200);
    await first.app.close(); // the API that scheduled it goes away; no worker has run yet
    firstClosed = true;

    const second = await startApp(first, 'all');
    apps.push(second);
    const token = (i: number) => tokenFor(second, s.active[i]);
    const voting = await waitFor('voting to open on schedule', async () => {
      const r = await second.get(`/api/v1/elections/${electionId}`, { token: await token(5) });
      return r.body.status === 'voting' ? r.body : null;
    });
    expect(new Date(voting.votingOpenedAt).getTime()).toBeGreaterThanOrEqual(
      new Date(opensAt).getTime() - 50,
    );
    // #14.4 the scheduled opening commits the lot's seed too: its SHA-256 is published.
    expect(voting.lotCommitment).toMatch(/^[0-9a-f]{64}$/);
    const ballot = await second.post(
      `/api/v1/elections/${electionId}/ballots`,
      { candidateIds: [candidateIds[0], candidateIds[1]] },
      { token: await token(6) },
    );
    expect(ballot.status).toBe(201);
    await waitFor('notifications to the voters', async () => {
      const [{ n }] = await second.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM notifications WHERE event_key = $1`,
        [`election:${electionId}:voting_opened`],
      );
      return n === 13 ? n : null; // 12 active members + the chair
    });

    // The worker goes down while voting is open and comes back after the closing time.
    await second.app.close();
    apps = [];
    const wait = new Date(closesAt).getTime() - Date.now() + 500;
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const third = await startApp(first, 'all');
    apps.push(third);
    const results = await waitFor('closing and the tally', async () => {
      const r = await third.get(`/api/v1/elections/${electionId}/results`, {
        token: await tokenFor(third, s.active[7]),
      });
      return r.status === 200 ? r.body : null;
    });
    expect(results.ballotsCast).toBe(1);
    expect(results.elected.slice(0, 2).sort()).toEqual([candidateIds[0], candidateIds[1]].sort());
    const audit = await third.dataSource.query<
      { action: string; actor_id: string | null; data: { by?: string } }[]
    >(`SELECT action, actor_id, data FROM audit_log WHERE stream = $1 ORDER BY seq`, [
      `election:${electionId}`,
    ]);
    const steps = audit.filter((a) =>
      ['election.voting_opened', 'election.voting_closed'].includes(a.action),
    );
    expect(steps).toEqual([
      expect.objectContaining({
        action: 'election.voting_opened',
        actor_id: null,
        data: expect.objectContaining({ by: 'schedule' }),
      }),
      expect.objectContaining({
        action: 'election.voting_closed',
        actor_id: null,
        data: expect.objectContaining({ by: 'schedule' }),
      }),
    ]);
  }, 90_000);
});
