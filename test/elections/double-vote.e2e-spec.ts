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
});
