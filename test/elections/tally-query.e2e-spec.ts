import { randomBytes, randomInt } from 'node:crypto';
import { tallyFromDatabase } from '../../src/elections/tally-query.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { countVotes, createElection, setUpAssociation, type AssociationSetup } from './election-fixtures.js';

/**
 * The tally's one pass over the stored ballots (votes per candidate, blank ballots and ballots
 * cast together) against a count of the same ballots done plainly here, ballot by ballot.
 */
describe('the tally from the stored ballots', () => {
  let t: TestApp;
  let s: AssociationSetup;

  beforeAll(async () => {
    t = await createTestApp();
    s = await setUpAssociation(t, { active: 6, retired: 0, seats: 3 });
  });
  afterAll(() => t.close());

  const store = (electionId: string, ballots: string[][]) =>
    t.asOwner((c) =>
      c.query(
        `INSERT INTO election_ballots (election_id, receipt, choices)
         SELECT $1, r, coalesce(string_to_array(nullif(ch, ''), ','), '{}')::uuid[]
           FROM unnest($2::text[], $3::text[]) AS x(r, ch)`,
        [electionId, ballots.map(() => randomBytes(8).toString('hex')), ballots.map((b) => b.join(','))],
      ),
    );
  const tally = (electionId: string) =>
    tallyFromDatabase(<T>(sql: string, params: unknown[]) => t.dataSource.query<T[]>(sql, params), {
      id: electionId,
      seats: 3,
      quorumPercent: null,
      eligibleCount: 1000,
    });

  it('counts each vote, each blank ballot and each ballot once, and only the election’s own', async () => {
    const { electionId, candidateIds } = await createElection(t, s, s.active.slice(0, 5), { seats: 3 });
    const other = await createElection(t, s, s.active.slice(0, 2), { seats: 1 });
    // 0 to 3 different candidates each; some ballots blank, some naming a single candidate.
    const ballots = Array.from({ length: 400 }, () =>
      [...candidateIds].sort(() => randomInt(3) - 1).slice(0, randomInt(4)),
    );
    await store(electionId, ballots);
    await store(other.electionId, [[other.candidateIds[0]], [], [other.candidateIds[1]]]);

    const results = await tally(electionId);
    const expected = countVotes(ballots);
    expect(results.ballotsCast).toBe(400);
    expect(results.blankBallots).toBe(ballots.filter((b) => b.length === 0).length);
    expect(results.blankBallots).toBeGreaterThan(0);
    expect(Object.fromEntries(results.candidates.map((c) => [c.candidateId, c.votes]))).toEqual(
      Object.fromEntries(candidateIds.map((id) => [id, expected.get(id) ?? 0])),
    );
  });

  it('counts an election with no ballots, and one with blank ballots alone', async () => {
    const empty = await createElection(t, s, s.active.slice(0, 2), { seats: 1 });
    const none = await tally(empty.electionId);
    expect([none.ballotsCast, none.blankBallots]).toEqual([0, 0]);
    expect(none.candidates.map((c) => c.votes)).toEqual([0, 0]);

    await store(empty.electionId, [[], [], []]);
    const blank = await tally(empty.electionId);
    expect([blank.ballotsCast, blank.blankBallots]).toEqual([3, 3]);
    expect(blank.candidates.map((c) => c.votes)).toEqual([0, 0]);
  });
});
