import { computeResults, type ElectionResults, type TallyCandidate } from './tally.js';

/** Runs one SQL statement and gives its rows (an EntityManager's `query`, or a pg client's). */
export type QueryRows = <T>(sql: string, params: unknown[]) => Promise<T[]>;

export interface TallyTarget {
  id: string;
  seats: number;
  quorumPercent: number | null;
  /** The frozen roll's size; counted when null. */
  eligibleCount: number | null;
}

/**
 * The tally of an election from its stored ballots: PostgreSQL counts the votes per candidate
 * (one pass over the ballots: O(ballots)), then `computeResults` ranks them. Reads only. Used by
 * the tally job, the recount route and the benchmark.
 */
export async function tallyFromDatabase(query: QueryRows, e: TallyTarget): Promise<ElectionResults> {
  // One after the other: they share one connection (a transaction's), where pg runs them in turn anyway.
  const candidates = await query<TallyCandidate>(
    `SELECT c.id AS "candidateId", c.user_id AS "userId", u.full_name AS "fullName",
              u.full_name_km AS "fullNameKm", c.ballot_order AS "ballotOrder"
         FROM election_candidates c JOIN org_people u ON u.id = c.user_id
        WHERE c.election_id = $1 AND c.status = 'active'`,
    [e.id],
  );
  const perCandidate = await query<{ id: string; n: number }>(
    `SELECT choice AS id, count(*)::int AS n
         FROM election_ballots b CROSS JOIN LATERAL unnest(b.choices) AS choice
        WHERE b.election_id = $1 GROUP BY choice`,
    [e.id],
  );
  const totals = await query<{ cast: number; blank: number }>(
    `SELECT count(*)::int AS cast, (count(*) FILTER (WHERE cardinality(choices) = 0))::int AS blank
         FROM election_ballots WHERE election_id = $1`,
    [e.id],
  );
  const roll =
    e.eligibleCount === null
      ? await query<{ n: number }>(
          `SELECT count(*)::int AS n FROM election_voter_roll WHERE election_id = $1`,
          [e.id],
        )
      : [{ n: e.eligibleCount }];
  return computeResults({
    seats: e.seats,
    eligible: roll[0].n,
    quorumPercent: e.quorumPercent,
    candidates,
    count: {
      votes: new Map(perCandidate.map((r) => [r.id, r.n])),
      ballotsCast: totals[0].cast,
      blankBallots: totals[0].blank,
    },
  });
}
