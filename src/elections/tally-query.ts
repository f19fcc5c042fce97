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
 * The tally of an election from its stored ballots: PostgreSQL counts the votes per candidate in
 * one pass over them and the ballots cast and blank in a second (O(ballots)), then
 * `computeResults` ranks them. Reads only. Used by the tally job, the recount route and the
 * benchmark.
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
  // The votes per candidate: each ballot's choices, one row each (`unnest` in the select list,
  // which PostgreSQL runs as one projection; a lateral join of it took half as long again).
  const votes = new Map(
    (
      await query<{ id: string; n: number }>(
        `SELECT choice AS id, count(*)::int AS n
           FROM (SELECT unnest(choices) AS choice FROM election_ballots WHERE election_id = $1) v
          GROUP BY choice`,
        [e.id],
      )
    ).map((r) => [r.id, r.n]),
  );
  // The ballots, and the blank ones among them: a second pass, over the rows alone.
  const [ballots] = await query<{ total: number; blank: number }>(
    `SELECT count(*)::int AS total, (count(*) FILTER (WHERE cardinality(choices) = 0))::int AS blank
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
    count: { votes, ballotsCast: ballots.total, blankBallots: ballots.blank },
  });
}
