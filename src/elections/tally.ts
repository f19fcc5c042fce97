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
 * - The others are substitutes, in order of votes. Substitutes with equal votes are marked `tied`;
 *   they share a rank until the lot orders them (`orderTiedSubstitutes`: the election's committed
 *   seed, the same draw as `lot.ts`), or a tie-break across the last seat put them in order.
 */
import { drawLot, LOT_PROCEDURE } from './lot.js';

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
  /**
   * Shares its number of votes with another substitute: its place among them comes from the lot
   * (or the tie-break across the last seat); until drawn, they share a rank.
   */
  tied: boolean;
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
  /**
   * SHA-256 of the seed, published when voting opened; null for an election opened before seeds
   * were committed (its seed was drawn by the server at the tie-break).
   */
  lotCommitment: string | null;
  procedure: string;
  tiedCandidateIds: string[];
  seatsLeft: number;
  draw: { candidateId: string; hash: string }[];
  winners: string[];
  drawnAt: string;
  drawnBy: string;
}

/** The lot's order of substitutes tied on votes: each group drawn apart, with the election's seed. */
export interface SubstituteLotRecord {
  procedure: string;
  groups: { votes: number; draw: { candidateId: string; hash: string }[] }[];
  drawnAt: string;
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
  /** The election's lot seed once a draw revealed it (SHA-256 of it = the election's lotCommitment). */
  lotSeed: string | null;
  /** How the lot ordered substitutes tied on votes; null when none were (yet). */
  substituteLot: SubstituteLotRecord | null;
  /** True when nothing waits: the result can be certified (if the quorum is met). */
  final: boolean;
  rules: string;
}

export const TALLY_RULES =
  'One vote per candidate named on a ballot; ranked by votes (equal votes share a rank); the top `seats` are ' +
  "elected; a tie across the last seat is settled by the election's tie-break (lot or runoff); the others are " +
  'substitutes in order of votes (equal votes: by the lot); with a quorum, nobody is elected when turnout is below it.';

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
    lotSeed: null,
    substituteLot: null,
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
 * shares its rank unless their order was decided (`decided`: by a tie-break or the lot). `tied`
 * marks every substitute whose votes another substitute has too.
 */
function rankSubstitutes(list: readonly CandidateResult[], decided: ReadonlySet<string>): Substitute[] {
  const perVotes = new Map<number, number>();
  for (const c of list) perVotes.set(c.votes, (perVotes.get(c.votes) ?? 0) + 1);
  const out: Substitute[] = [];
  list.forEach((c, i) => {
    const prev = list[i - 1];
    const shares =
      prev && prev.votes === c.votes && !(decided.has(c.candidateId) && decided.has(prev.candidateId));
    out.push({
      candidateId: c.candidateId,
      userId: c.userId,
      rank: shares ? out[i - 1].rank : i + 1,
      tied: perVotes.get(c.votes)! > 1,
    });
  });
  return out;
}

/**
 * The candidates in the order the results read: by votes, and among equal votes the elected first,
 * then the substitutes in their order (which a tie-break or the lot may have decided), then the
 * others as ranked. Their ranks stay by votes (equal votes, equal rank).
 */
function inResultOrder(
  candidates: readonly CandidateResult[],
  elected: readonly string[],
  substitutes: readonly Substitute[],
): CandidateResult[] {
  const place = new Map<string, number>();
  [...elected, ...substitutes.map((s) => s.candidateId)].forEach((id, i) => place.set(id, i));
  const last = place.size;
  return candidates
    .map((c, i) => ({ c, i }))
    .sort(
      (a, b) =>
        b.c.votes - a.c.votes ||
        (place.get(a.c.candidateId) ?? last) - (place.get(b.c.candidateId) ?? last) ||
        a.i - b.i,
    )
    .map(({ c }) => c);
}

/** The candidates whose place among the substitutes a tie-break or the lot has decided. */
function decidedOrder(results: ElectionResults): Set<string> {
  const decided = new Set<string>();
  const tb = results.tieBreak;
  if (tb && (tb.method === 'lot' || tb.winners)) for (const id of tb.tiedCandidateIds) decided.add(id);
  for (const g of results.substituteLot?.groups ?? []) for (const d of g.draw) decided.add(d.candidateId);
  return decided;
}

/** Groups of substitutes tied on votes whose order is not decided yet, best votes first. */
export function tiedSubstituteGroups(results: ElectionResults): { votes: number; candidateIds: string[] }[] {
  const votesOf = new Map(results.candidates.map((c) => [c.candidateId, c.votes]));
  const decided = decidedOrder(results);
  const groups: { votes: number; candidateIds: string[] }[] = [];
  for (const s of results.substitutes) {
    if (decided.has(s.candidateId)) continue;
    const votes = votesOf.get(s.candidateId)!;
    const last = groups[groups.length - 1];
    if (last && last.votes === votes) last.candidateIds.push(s.candidateId);
    else groups.push({ votes, candidateIds: [s.candidateId] });
  }
  return groups.filter((g) => g.candidateIds.length > 1);
}

/**
 * Orders each group of substitutes tied on votes by the lot drawn with `seed` (the election's
 * committed seed, revealed here as `lotSeed`): within a group, by SHA-256 of "<seed>:<candidateId>",
 * ascending. Deterministic in (results, seed); does nothing when no group waits.
 */
export function orderTiedSubstitutes(
  results: ElectionResults,
  seed: string,
  drawnAt: string,
): ElectionResults {
  const groups = tiedSubstituteGroups(results);
  if (groups.length === 0) return results;
  const drawn = groups.map((g) => ({ votes: g.votes, draw: drawLot(seed, g.candidateIds) }));
  const position = new Map<string, number>();
  for (const g of drawn) g.draw.forEach((d, i) => position.set(d.candidateId, i));
  const votesOf = new Map(results.candidates.map((c) => [c.candidateId, c.votes]));
  const byId = new Map(results.candidates.map((c) => [c.candidateId, c]));
  // A stable sort by (votes, descending; then place in its group's draw) keeps decided runs as they are.
  const list = results.substitutes
    .map((s, i) => ({ s, i }))
    .sort(
      (a, b) =>
        votesOf.get(b.s.candidateId)! - votesOf.get(a.s.candidateId)! ||
        (position.get(a.s.candidateId) ?? a.i) - (position.get(b.s.candidateId) ?? b.i),
    )
    .map(({ s }) => byId.get(s.candidateId)!);
  const substituteLot: SubstituteLotRecord = {
    procedure: LOT_PROCEDURE,
    groups: [...(results.substituteLot?.groups ?? []), ...drawn],
    drawnAt: results.substituteLot?.drawnAt ?? drawnAt,
  };
  const next = { ...results, lotSeed: seed, substituteLot };
  const substitutes = rankSubstitutes(list, decidedOrder(next));
  return {
    ...next,
    candidates: inResultOrder(results.candidates, results.elected, substitutes),
    substitutes,
  };
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
  const elected = [...results.elected, ...winners];
  const substitutes = rankSubstitutes(subs, decidedOrder({ ...results, tieBreak: record }));
  return {
    ...results,
    candidates: inResultOrder(candidates, elected, substitutes),
    elected,
    substitutes,
    tie: null,
    tieBreak: record,
    final: true,
  };
}
