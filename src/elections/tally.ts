/**
 * The count of a board election, as pure functions (no I/O), so that anyone can repeat it from
 * the published ballots and get the same answer.
 *
 * Rules:
 * - Each ballot gives one vote to each candidate it names (0 to maxChoices of them).
 * - Candidates are ranked by votes, most first; equal votes share a rank (1, 2, 2, 4...).
 * - Turnout = ballots cast (blank ones included) / voters on the roll. When the election has a
 *   quorum (a minimum turnout percent) and it is not met, nobody is elected.
 * - The top `seats` candidates are elected. When candidates with the same number of votes sit on
 *   both sides of the last seat, those above the tie are elected and the tied ones wait for a
 *   tie-break (a seeded lot, see `lot.ts`, or a runoff election); the result is not final until then.
 * - The others are substitutes, in order of votes (equal votes share a substitute rank, except
 *   where a tie-break decided the order).
 */

export interface TallyCandidate {
  candidateId: string;
  userId: string;
  fullName: string;
  fullNameKm: string | null;
  ballotOrder: number | null;
}

export interface CandidateResult extends TallyCandidate {
  votes: number;
  /** Competition rank by votes: equal votes, equal rank. */
  rank: number;
  outcome: 'elected' | 'tied' | 'substitute' | 'not_elected';
}

export interface Substitute {
  candidateId: string;
  userId: string;
  /** 1 steps in first. */
  rank: number;
}

export interface TieInfo {
  candidateIds: string[];
  /** Seats still to fill from the tied candidates. */
  seatsLeft: number;
  votes: number;
}

export interface LotRecord {
  method: 'lot';
  seed: string;
  procedure: string;
  tiedCandidateIds: string[];
  seatsLeft: number;
  draw: { candidateId: string; hash: string }[];
  winners: string[];
  drawnAt: string;
  drawnBy: string;
}

export interface RunoffRecord {
  method: 'runoff';
  runoffElectionId: string;
  tiedCandidateIds: string[];
  seatsLeft: number;
  /** Filled when the runoff's own result is final. */
  winners: string[] | null;
}

export interface ElectionResults {
  seats: number;
  eligible: number;
  ballotsCast: number;
  blankBallots: number;
  /** ballotsCast / eligible, percent, two decimals. */
  turnoutPercent: number;
  quorumPercent: number | null;
  quorumMet: boolean;
  /** In rank order (votes, then ballot order for display). */
  candidates: CandidateResult[];
  /** Candidate ids, best first. */
  elected: string[];
  substitutes: Substitute[];
  /** A tie across the last seat that waits for a tie-break; null when none (or resolved). */
  tie: TieInfo | null;
  tieBreak: LotRecord | RunoffRecord | null;
  /** True when nothing waits: the result can be certified (if the quorum is met). */
  final: boolean;
  rules: string;
}

export const TALLY_RULES =
  'One vote per candidate named on a ballot; ranked by votes (equal votes share a rank); the top `seats` are ' +
  "elected; a tie across the last seat is settled by the election's tie-break (lot or runoff); the others are " +
  'substitutes in order of votes; with a quorum, nobody is elected when turnout is below it.';

export interface BallotCount {
  votes: Map<string, number>;
  ballotsCast: number;
  blankBallots: number;
}

/** Counts ballots: O(total choices). Choices that are not candidates are ignored (there are none once validated). */
export function countBallots(
  ballots: Iterable<readonly string[]>,
  candidateIds: readonly string[],
): BallotCount {
  const votes = new Map<string, number>(candidateIds.map((id) => [id, 0]));
  let ballotsCast = 0;
  let blankBallots = 0;
  for (const choices of ballots) {
    ballotsCast++;
    if (choices.length === 0) blankBallots++;
    for (const id of choices) {
      const n = votes.get(id);
      if (n !== undefined) votes.set(id, n + 1);
    }
  }
  return { votes, ballotsCast, blankBallots };
}

export interface ComputeInput {
  seats: number;
  eligible: number;
  quorumPercent: number | null;
  candidates: readonly TallyCandidate[];
  count: BallotCount;
}

const byVotesThenOrder = (
  a: { votes: number; ballotOrder: number | null; candidateId: string },
  b: typeof a,
) =>
  b.votes - a.votes ||
  (a.ballotOrder ?? Number.MAX_SAFE_INTEGER) - (b.ballotOrder ?? Number.MAX_SAFE_INTEGER) ||
  (a.candidateId < b.candidateId ? -1 : a.candidateId > b.candidateId ? 1 : 0);

/** Ranks the candidates and decides elected, tie and substitutes. O(c log c) for c candidates. */
export function computeResults(input: ComputeInput): ElectionResults {
  const { seats, eligible, quorumPercent, count } = input;
  const ranked = input.candidates
    .map((c) => ({ ...c, votes: count.votes.get(c.candidateId) ?? 0 }))
    .sort(byVotesThenOrder);
  const candidates: CandidateResult[] = [];
  ranked.forEach((c, i) => {
    const prev = candidates[i - 1];
    const rank = prev && prev.votes === c.votes ? prev.rank : i + 1;
    candidates.push({ ...c, rank, outcome: 'not_elected' });
  });

  const quorumMet = quorumPercent === null || count.ballotsCast * 100 >= quorumPercent * eligible;
  const turnoutPercent = eligible === 0 ? 0 : Math.round((count.ballotsCast * 10000) / eligible) / 100;
  const base = {
    seats,
    eligible,
    ballotsCast: count.ballotsCast,
    blankBallots: count.blankBallots,
    turnoutPercent,
    quorumPercent,
    quorumMet,
    rules: TALLY_RULES,
    tieBreak: null,
  };
  if (!quorumMet) {
    return { ...base, candidates, elected: [], substitutes: [], tie: null, final: true };
  }

  let elected: CandidateResult[];
  let tied: CandidateResult[] = [];
  let rest: CandidateResult[];
  if (candidates.length <= seats) {
    elected = candidates;
    rest = [];
  } else {
    const lastSeatVotes = candidates[seats - 1].votes;
    if (candidates[seats].votes === lastSeatVotes) {
      elected = candidates.filter((c) => c.votes > lastSeatVotes);
      tied = candidates.filter((c) => c.votes === lastSeatVotes);
      rest = candidates.filter((c) => c.votes < lastSeatVotes);
    } else {
      elected = candidates.slice(0, seats);
      rest = candidates.slice(seats);
    }
  }
  for (const c of elected) c.outcome = 'elected';
  for (const c of tied) c.outcome = 'tied';
  for (const c of rest) c.outcome = 'substitute';
  const tie: TieInfo | null = tied.length
    ? {
        candidateIds: tied.map((c) => c.candidateId),
        seatsLeft: seats - elected.length,
        votes: tied[0].votes,
      }
    : null;
  return {
    ...base,
    candidates,
    elected: elected.map((c) => c.candidateId),
    substitutes: rankSubstitutes(rest, new Set()),
    tie,
    final: tie === null,
  };
}

/**
 * Substitute ranks: 1, 2, 3... in list order; a candidate with the same votes as the one before
 * shares its rank unless a tie-break put them in order (`decided`).
 */
function rankSubstitutes(list: readonly CandidateResult[], decided: ReadonlySet<string>): Substitute[] {
  const out: Substitute[] = [];
  list.forEach((c, i) => {
    const prev = list[i - 1];
    const shares =
      prev && prev.votes === c.votes && !(decided.has(c.candidateId) && decided.has(prev.candidateId));
    out.push({ candidateId: c.candidateId, userId: c.userId, rank: shares ? out[i - 1].rank : i + 1 });
  });
  return out;
}

/**
 * Settles the pending tie with an ordering of the tied candidates (from a lot or a runoff): the
 * first `seatsLeft` are elected, the others become the first substitutes in that order.
 */
export function resolveTie(
  results: ElectionResults,
  order: readonly string[],
  record: LotRecord | RunoffRecord,
): ElectionResults {
  const tie = results.tie;
  if (!tie) throw new Error('no tie to resolve');
  const tiedSet = new Set(tie.candidateIds);
  if (order.length !== tiedSet.size || !order.every((id) => tiedSet.has(id))) {
    throw new Error('the order must list exactly the tied candidates');
  }
  const winners = order.slice(0, tie.seatsLeft);
  const winnerSet = new Set(winners);
  const byId = new Map(results.candidates.map((c) => [c.candidateId, c]));
  const candidates = results.candidates.map((c) =>
    tiedSet.has(c.candidateId)
      ? { ...c, outcome: winnerSet.has(c.candidateId) ? ('elected' as const) : ('substitute' as const) }
      : c,
  );
  const losers = order.slice(tie.seatsLeft).map((id) => ({ ...byId.get(id)! }));
  const restIds = results.substitutes.map((s) => s.candidateId);
  const subs = [...losers, ...restIds.map((id) => byId.get(id)!)];
  return {
    ...results,
    candidates,
    elected: [...results.elected, ...winners],
    substitutes: rankSubstitutes(subs, new Set(order)),
    tie: null,
    tieBreak: record,
    final: true,
  };
}
