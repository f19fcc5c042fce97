/** What the published results say, to be checked against the published ballots. */
export interface PublishedCounts {
  ballotsCast: number;
  blankBallots: number;
  candidates: readonly { candidateId: string; votes: number }[];
}

export interface Recount {
  ballots: number;
  blank: number;
  /** Every candidate whose votes, counted from the ballots, are not what the results publish. */
  differences: { candidateId: string; published: number; counted: number }[];
  agrees: boolean;
}

/**
 * A recount in the reader's browser, from the anonymised ballots the server publishes: each ballot
 * gives one vote to each candidate it names; a ballot naming nobody is blank. It shares no code
 * with the server's tally, so it checks it.
 */
export function recountBallots(
  ballots: readonly { choices: readonly string[] }[],
  published: PublishedCounts,
): Recount {
  const counted = new Map<string, number>();
  let blank = 0;
  for (const b of ballots) {
    if (b.choices.length === 0) blank += 1;
    for (const id of new Set(b.choices)) counted.set(id, (counted.get(id) ?? 0) + 1);
  }
  const differences: Recount['differences'] = [];
  const known = new Set<string>();
  for (const c of published.candidates) {
    known.add(c.candidateId);
    const n = counted.get(c.candidateId) ?? 0;
    if (n !== c.votes) differences.push({ candidateId: c.candidateId, published: c.votes, counted: n });
  }
  for (const [id, n] of counted) {
    if (!known.has(id)) differences.push({ candidateId: id, published: 0, counted: n });
  }
  return {
    ballots: ballots.length,
    blank,
    differences,
    agrees:
      differences.length === 0 &&
      ballots.length === published.ballotsCast &&
      blank === published.blankBallots,
  };
}
