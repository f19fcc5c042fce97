import { AuditService } from '../../src/audit/audit.service.js';
import { TransactionService } from '../../src/database/transaction.service.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { createElection, setUpAssociation, type AssociationSetup } from './election-fixtures.js';

describe('one voter, one ballot', () => {
  let t: TestApp;
  let s: AssociationSetup;

  beforeAll(async () => {
    t = await createTestApp();
    s = await setUpAssociation(t, { active: 200, retired: 0, seats: 11 });
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it('leaves exactly one ballot per voter after 200 voters each try twice at once', async () => {
    const { electionId, candidateIds } = await createElection(t, s, s.active.slice(0, 20));
    await t.post(`/api/v1/elections/${electionId}/open-voting`, undefined, { token: s.chair.token });
    const attempts = s.active.flatMap((v, i) => [
      () =>
        t.post(
          `/api/v1/elections/${electionId}/ballots`,
          { candidateIds: [candidateIds[i % 20]] },
          { token: v.token },
        ),
      () => t.post(`/api/v1/elections/${electionId}/ballots`, { candidateIds: [] }, { token: v.token }),
    ]);
    const answers = await Promise.all(attempts.map((a) => a()));
    const created = answers.filter((a) => a.status === 201);
    const refused = answers.filter((a) => a.status === 409);
    expect(created).toHaveLength(200);
    expect(refused).toHaveLength(200);
    expect(new Set(refused.map((r) => r.body.code))).toEqual(new Set(['ALREADY_VOTED']));
    const [{ ballots }] = await t.dataSource.query<{ ballots: number }[]>(
      `SELECT count(*)::int AS ballots FROM election_ballots WHERE election_id = $1`,
      [electionId],
    );
    const [{ voted }] = await t.dataSource.query<{ voted: number }[]>(
      `SELECT count(*)::int AS voted FROM election_voter_roll WHERE election_id = $1 AND voted`,
      [electionId],
    );
    expect(ballots).toBe(200);
    expect(voted).toBe(200);
    expect(new Set(created.map((c) => c.body.receipt)).size).toBe(200);
  }, 180_000);

  it("records the vote in the voter's audit stream even when that stream already exists", async () => {
    const { electionId, candidateIds } = await createElection(t, s, s.active.slice(0, 20));
    await t.post(`/api/v1/elections/${electionId}/open-voting`, undefined, { token: s.chair.token });
    const voter = s.active[0];
    const stream = `election:${electionId}:voter:${voter.id}`;
    await t.service<TransactionService>(TransactionService).run((em) =>
      t.service<AuditService>(AuditService).append(em, {
        stream,
        action: 'test.earlier',
        actorId: null,
        entityType: 'election',
        entityId: electionId,
      }),
    );
    const res = await t.post(
      `/api/v1/elections/${electionId}/ballots`,
      { candidateIds: [candidateIds[0]] },
      { token: voter.token },
    );
    expect(res.status).toBe(201);
    const entries = await t.dataSource.query<{ seq: number; action: string; actor_id: string }[]>(
      `SELECT seq, action, actor_id FROM audit_log WHERE stream = $1 ORDER BY seq`,
      [stream],
    );
    expect(entries).toEqual([
      { seq: 1, action: 'test.earlier', actor_id: null },
      { seq: 2, action: 'election.vote_cast', actor_id: voter.id },
    ]);
    expect((await t.service<AuditService>(AuditService).verify()).ok).toBe(true);
  });
});
