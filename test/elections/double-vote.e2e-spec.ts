import { AuditService } from '../../src/audit/audit.service.js';
import { TransactionService } from '../../src/database/transaction.service.js';
import { VotingService } from '../../src/elections/voting.service.js';
import { sessionOf } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import {
  createElection,
  openSealedBallots,
  setUpAssociation,
  type AssociationSetup,
} from './election-fixtures.js';

const now = () => Math.floor(Date.now() / 1000);

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
      `SELECT count(*)::int AS ballots FROM election_sealed_ballots WHERE election_id = $1`,
      [electionId],
    );
    const [{ voted }] = await t.dataSource.query<{ voted: number }[]>(
      `SELECT count(*)::int AS voted FROM election_voter_roll WHERE election_id = $1 AND voted`,
      [electionId],
    );
    expect(ballots).toBe(200);
    expect(voted).toBe(200);
    expect(new Set(created.map((c) => c.body.receipt)).size).toBe(200);
    // Every receipt handed out is a stored ballot's, and no stored ballot lacks its receipt.
    const stored = await openSealedBallots(t, electionId);
    expect(stored.map((b) => b.receipt).sort()).toEqual(created.map((c) => c.body.receipt).sort());
  }, 180_000);

  it('takes the ballots of one moment each in once, each with its own answer and its own choices', async () => {
    // Straight to the service, all in one turn of the event loop: both ballots of each voter at once.
    const { electionId, candidateIds } = await createElection(t, s, s.active.slice(0, 20));
    await t.post(`/api/v1/elections/${electionId}/open-voting`, undefined, { token: s.chair.token });
    const elections = t.service<VotingService>(VotingService);
    const voters = s.active.slice(0, 100);
    const subject = (v: (typeof voters)[number]) => ({
      id: v.id,
      username: v.username,
      issuedAt: now(),
      sessionId: sessionOf(t, v.token),
    });
    await elections.vote(subject(s.active[150]), electionId, []); // the election's rules now held
    const ballots = voters.flatMap((v, i) => [
      { v, choices: [candidateIds[i % 20]] },
      { v, choices: [candidateIds[(i + 1) % 20], candidateIds[(i + 2) % 20]] },
    ]);
    const answers = await Promise.allSettled(
      ballots.map((b) => elections.vote(subject(b.v), electionId, b.choices)),
    );
    const receipts = answers.flatMap((a) => (a.status === 'fulfilled' ? [a.value.receipt] : []));
    const refusals = answers.flatMap((a) =>
      a.status === 'rejected' ? [(a.reason as { code?: string }).code] : [],
    );
    expect(receipts).toHaveLength(100);
    expect(refusals).toEqual(Array.from({ length: 100 }, () => 'ALREADY_VOTED'));
    const stored = await openSealedBallots(t, electionId);
    expect(stored).toHaveLength(101);
    expect(stored.map((b) => b.receipt).filter((r) => receipts.includes(r))).toHaveLength(100);
    // Each receipt stands for the ballot of the call that got it.
    const sealedChoices = new Map(stored.map((b) => [b.receipt, [...b.choices].sort()]));
    answers.forEach((a, i) => {
      if (a.status === 'fulfilled')
        expect(sealedChoices.get(a.value.receipt)).toEqual([...ballots[i].choices].sort());
    });
    const [{ voted, entries }] = await t.dataSource.query<{ voted: number; entries: number }[]>(
      `SELECT (SELECT count(*)::int FROM election_voter_roll WHERE election_id = $1 AND voted) AS voted,
              (SELECT count(*)::int FROM audit_log WHERE stream LIKE 'election:' || $1 || ':voter:%') AS entries`,
      [electionId],
    );
    expect([voted, entries]).toEqual([101, 101]);
    expect((await t.service<AuditService>(AuditService).verify()).ok).toBe(true);
  }, 180_000);

  it("records the vote in the voter's audit stream even when that stream already exists", async () => {
    const { electionId, candidateIds } = await createElection(t, s, s.active.slice(0, 20));
    await t.post(`/api/v1/elections/${electionId}/open-voting`, undefined, { token: s.chair.token });
    const voter = s.active[0];
    const stream = `election:${electionId}:voter:${voter.id}`;
    await t.service<TransactionService>(TransactionService).run((em) =>
      t.service<AuditService>(AuditService).append(em, {
        stream,
        action: 'election.updated',
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
      { seq: 1, action: 'election.updated', actor_id: null },
      { seq: 2, action: 'election.vote_cast', actor_id: voter.id },
    ]);
    expect((await t.service<AuditService>(AuditService).verify()).ok).toBe(true);
  });
});
