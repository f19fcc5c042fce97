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
 * The tally of an election from its stored ballots: PostgreSQL counts the votes per candidate, the
 * blank ballots and all ballots in one pass over them (O(ballots)), then `computeResults` ranks
 * them. Reads only. Used by the tally job, the recount route and the benchmark.
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
  // One pass over the ballots: a ballot's choices, one row each (a blank ballot: one row with no
  // choice). Per candidate, its votes; the ballots are counted once each, on their first row.
  const rows = await query<{ id: string | null; n: number; ballots: number }>(
    `SELECT c.choice AS id, count(*)::int AS n,
            (count(*) FILTER (WHERE c.ord IS NULL OR c.ord = 1))::int AS ballots
         FROM election_ballots b
         LEFT JOIN LATERAL unnest(b.choices) WITH ORDINALITY AS c(choice, ord) ON true
        WHERE b.election_id = $1
        GROUP BY c.choice`,
    [e.id],
  );
  const votes = new Map<string, number>();
  let blankBallots = 0;
  for (const r of rows) {
    if (r.id === null) blankBallots = r.n;
    else votes.set(r.id, r.n);
  }
  const ballotsCast = rows.reduce((sum, r) => sum + r.ballots, 0);
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
    count: { votes, ballotsCast, blankBallots },
  });
}
