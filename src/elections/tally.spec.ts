import { drawLot, lotHash, LOT_PROCEDURE } from './lot.js';
import {
  computeResults,
  countBallots,
  orderTiedSubstitutes,
  resolveTie,
  tiedSubstituteGroups,
  type LotRecord,
  type RunoffRecord,
  type TallyCandidate,
} from './tally.js';
import { createHash } from 'node:crypto';

const cand = (n: number): TallyCandidate => ({
  candidateId: `c${String(n).padStart(2, '0')}`,
  userId: `u${n}`,
  fullName: `Candidate ${n}`,
  fullNameKm: n === 1 ? 'សុខ ស៊ាន' : null,
  ballotOrder: n,
});

function results(
  votes: number[],
  seats: number,
  opts: { eligible?: number; blank?: number; quorum?: number | null } = {},
) {
  const candidates = votes.map((_, i) => cand(i + 1));
  const ballots: string[][] = [];
  // One ballot per vote (simple), plus blank ones.
  votes.forEach((v, i) => {
    for (let k = 0; k < v; k++) ballots.push([candidates[i].candidateId]);
  });
  for (let k = 0; k < (opts.blank ?? 0); k++) ballots.push([]);
  const count = countBallots(
    ballots,
    candidates.map((c) => c.candidateId),
  );
  return computeResults({
    seats,
    eligible: opts.eligible ?? Math.max(ballots.length, 1),
    quorumPercent: opts.quorum ?? null,
    candidates,
    count,
  });
}

describe('tally', () => {
  it('counts votes, blanks and turnout', () => {
    const count = countBallots([['a', 'b'], [], ['b'], ['b', 'x']], ['a', 'b', 'c']);
    expect(Object.fromEntries(count.votes)).toEqual({ a: 1, b: 3, c: 0 });
    expect(count.ballotsCast).toBe(4);
    expect(count.blankBallots).toBe(1);
    const r = computeResults({
      seats: 1,
      eligible: 8,
      quorumPercent: null,
      candidates: ['a', 'b', 'c'].map((id, i) => ({ ...cand(i), candidateId: id })),
      count,
    });
    expect(r.turnoutPercent).toBe(50);
    expect(r.elected).toEqual(['b']);
    expect(r.substitutes.map((s) => [s.candidateId, s.rank])).toEqual([
      ['a', 1],
      ['c', 2],
    ]);
  });

  it('elects the top seats and ranks the rest as substitutes, equal votes sharing a rank', () => {
    const r = results([10, 9, 9, 7, 5, 5, 1], 3);
    expect(r.elected).toEqual(['c01', 'c02', 'c03']);
    expect(r.tie).toBeNull();
    expect(r.final).toBe(true);
    expect(r.candidates.map((c) => c.rank)).toEqual([1, 2, 2, 4, 5, 5, 7]);
    expect(r.substitutes.map((s) => s.rank)).toEqual([1, 2, 2, 4]);
  });

  it('detects a tie straddling the last seat', () => {
    const r = results([10, 8, 6, 6, 6, 2], 3);
    expect(r.elected).toEqual(['c01', 'c02']);
    expect(r.tie).toEqual({ candidateIds: ['c03', 'c04', 'c05'], seatsLeft: 1, votes: 6 });
    expect(r.final).toBe(false);
    expect(r.substitutes.map((s) => s.candidateId)).toEqual(['c06']);
    expect(r.candidates.filter((c) => c.outcome === 'tied')).toHaveLength(3);
  });

  it('does not call a tie below the last seat a tie', () => {
    const r = results([10, 8, 6, 4, 4], 3);
    expect(r.tie).toBeNull();
    expect(r.elected).toEqual(['c01', 'c02', 'c03']);
  });

  it('elects everyone when candidates do not exceed seats', () => {
    const r = results([3, 0], 3);
    expect(r.elected).toEqual(['c01', 'c02']);
    expect(r.final).toBe(true);
  });

  it('elects nobody when the quorum is not met', () => {
    const r = results([3, 2, 1], 1, { eligible: 100, quorum: 50 });
    expect(r.quorumMet).toBe(false);
    expect(r.elected).toEqual([]);
    expect(r.candidates[0].votes).toBe(3);
    const ok = results([30, 20, 1], 1, { eligible: 102, quorum: 50 });
    expect(ok.quorumMet).toBe(true);
    expect(ok.elected).toEqual(['c01']);
  });

  it('gives the same answer however the ballots are ordered', () => {
    const ids = ['a', 'b', 'c', 'd'];
    const ballots = Array.from({ length: 500 }, (_, i) => ids.filter((_, k) => (i * (k + 3)) % 7 < 3));
    const reversed = [...ballots].reverse();
    const candidates = ids.map((id, i) => ({ ...cand(i), candidateId: id }));
    const a = computeResults({
      seats: 2,
      eligible: 600,
      quorumPercent: null,
      candidates,
      count: countBallots(ballots, ids),
    });
    const b = computeResults({
      seats: 2,
      eligible: 600,
      quorumPercent: null,
      candidates,
      count: countBallots(reversed, ids),
    });
    expect(a).toEqual(b);
  });

  it('counts 100,000 ballots of 11 choices (linear)', () => {
    const ids = Array.from({ length: 20 }, (_, i) => `c${i}`);
    const ballots = Array.from({ length: 100_000 }, (_, i) => ids.filter((_, k) => (i + k) % 20 < 11));
    const count = countBallots(ballots, ids);
    expect(count.ballotsCast).toBe(100_000);
    expect([...count.votes.values()].reduce((s, v) => s + v, 0)).toBe(1_100_000);
  });
});

describe('lot draw', () => {
  it('is SHA-256 of "<seed>:<candidateId>", sorted ascending, as published', () => {
    const seed = 'published-seed';
    expect(lotHash(seed, 'c03')).toBe(createHash('sha256').update('published-seed:c03').digest('hex'));
    const draw = drawLot(seed, ['c03', 'c04', 'c05']);
    expect(draw.map((d) => d.hash)).toEqual([...draw.map((d) => d.hash)].sort());
    expect(drawLot(seed, ['c05', 'c03', 'c04'])).toEqual(draw);
    expect(LOT_PROCEDURE).toContain('<seed>:<candidateId>');
  });

  it('settles a tie: winners elected, losers become the first substitutes in draw order', () => {
    const r = results([10, 8, 6, 6, 6, 2], 3);
    const seed = 'abc';
    const draw = drawLot(seed, r.tie!.candidateIds);
    const record: LotRecord = {
      method: 'lot',
      seed,
      lotCommitment: null,
      procedure: LOT_PROCEDURE,
      tiedCandidateIds: r.tie!.candidateIds,
      seatsLeft: 1,
      draw,
      winners: [draw[0].candidateId],
      drawnAt: '2026-01-01T00:00:00.000Z',
      drawnBy: 'x',
    };
    const settled = resolveTie(
      r,
      draw.map((d) => d.candidateId),
      record,
    );
    expect(settled.final).toBe(true);
    expect(settled.tie).toBeNull();
    expect(settled.elected).toEqual(['c01', 'c02', draw[0].candidateId]);
    expect(settled.substitutes.map((s) => s.candidateId)).toEqual([
      draw[1].candidateId,
      draw[2].candidateId,
      'c06',
    ]);
    expect(settled.substitutes.map((s) => s.rank)).toEqual([1, 2, 3]);
    expect(settled.tieBreak).toBe(record);
    // The results read as decided: the tie's winner first among the tied, then its losers in draw
    // order (before, a loser drawn later but listed first on the ballot stood above the winner).
    expect(settled.candidates.map((c) => [c.candidateId, c.rank, c.outcome])).toEqual([
      ['c01', 1, 'elected'],
      ['c02', 2, 'elected'],
      [draw[0].candidateId, 3, 'elected'],
      [draw[1].candidateId, 3, 'substitute'],
      [draw[2].candidateId, 3, 'substitute'],
      ['c06', 6, 'substitute'],
    ]);
  });
});

describe('#14 substitutes tied on votes', () => {
  const lotRecord = (r: ReturnType<typeof results>, seed: string): LotRecord => {
    const draw = drawLot(seed, r.tie!.candidateIds);
    return {
      method: 'lot',
      seed,
      lotCommitment: null,
      procedure: LOT_PROCEDURE,
      tiedCandidateIds: r.tie!.candidateIds,
      seatsLeft: r.tie!.seatsLeft,
      draw,
      winners: draw.slice(0, r.tie!.seatsLeft).map((d) => d.candidateId),
      drawnAt: '2026-01-01T00:00:00.000Z',
      drawnBy: 'x',
    };
  };
  const byLot = (seed: string, ids: string[]) => drawLot(seed, ids).map((d) => d.candidateId);

  it('marks substitutes tied on votes; they share a rank until the lot orders them', () => {
    const r = results([10, 9, 9, 7, 5, 5, 1], 3);
    expect(r.substitutes.map((s) => [s.candidateId, s.rank, s.tied])).toEqual([
      ['c04', 1, false],
      ['c05', 2, true],
      ['c06', 2, true],
      ['c07', 4, false],
    ]);
    expect(tiedSubstituteGroups(r)).toEqual([{ votes: 5, candidateIds: ['c05', 'c06'] }]);
    expect(r.lotSeed).toBeNull();
    expect(r.substituteLot).toBeNull();
  });

  it('orders tied substitutes by the lot: SHA-256 of "<seed>:<candidateId>", reproducible from the seed', () => {
    const r = results([10, 9, 9, 7, 5, 5, 5, 1, 1], 3);
    for (const seed of ['a1', 'b2', 'c3', 'd4']) {
      const ordered = orderTiedSubstitutes(r, seed, '2026-01-01T00:00:00.000Z');
      const five = byLot(seed, ['c05', 'c06', 'c07']);
      const one = byLot(seed, ['c08', 'c09']);
      expect(ordered.substitutes.map((s) => s.candidateId)).toEqual(['c04', ...five, ...one]);
      expect(ordered.substitutes.map((s) => s.rank)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(ordered.substitutes.map((s) => s.tied)).toEqual([false, true, true, true, true, true]);
      expect(ordered.lotSeed).toBe(seed);
      expect(ordered.substituteLot!.groups).toEqual([
        { votes: 5, draw: drawLot(seed, ['c05', 'c06', 'c07']) },
        { votes: 1, draw: drawLot(seed, ['c08', 'c09']) },
      ]);
      expect(ordered.substituteLot!.procedure).toContain('<seed>:<candidateId>');
      expect(tiedSubstituteGroups(ordered)).toEqual([]);
      // The same seed, the same order.
      expect(orderTiedSubstitutes(r, seed, '2026-01-01T00:00:00.000Z')).toEqual(ordered);
      // The candidates read in that order too; their own ranks stay by votes.
      expect(ordered.candidates.map((c) => c.candidateId)).toEqual([
        'c01',
        'c02',
        'c03',
        'c04',
        ...five,
        ...one,
      ]);
      const rankOf = (list: typeof r.candidates) =>
        Object.fromEntries(list.map((c) => [c.candidateId, [c.rank, c.votes, c.outcome]]));
      expect(rankOf(ordered.candidates)).toEqual(rankOf(r.candidates));
    }
  });

  it('a lot tie-break orders the tied-across-the-seat losers and the tied substitutes with one seed', () => {
    const r = results([10, 8, 6, 6, 6, 2, 2], 3);
    expect(r.tie!.candidateIds).toEqual(['c03', 'c04', 'c05']);
    const seed = 'f00d';
    const record = lotRecord(r, seed);
    const settled = orderTiedSubstitutes(
      resolveTie(
        r,
        record.draw.map((d) => d.candidateId),
        record,
      ),
      seed,
      record.drawnAt,
    );
    const seat = byLot(seed, ['c03', 'c04', 'c05']);
    expect(settled.elected).toEqual(['c01', 'c02', seat[0]]);
    expect(settled.substitutes.map((s) => [s.candidateId, s.rank, s.tied])).toEqual([
      [seat[1], 1, true],
      [seat[2], 2, true],
      ...byLot(seed, ['c06', 'c07']).map((id, i) => [id, 3 + i, true]),
    ]);
    expect(settled.substituteLot!.groups.map((g) => g.votes)).toEqual([2]);
  });

  it('keeps the lot order of tied substitutes when a runoff later settles the last seat', () => {
    const r = results([10, 8, 6, 6, 2, 2], 3);
    const seed = '5eed';
    const drawn = orderTiedSubstitutes(r, seed, '2026-01-01T00:00:00.000Z');
    expect(drawn.tie!.candidateIds).toEqual(['c03', 'c04']);
    const rest = byLot(seed, ['c05', 'c06']);
    expect(drawn.substitutes.map((s) => [s.candidateId, s.rank])).toEqual([
      [rest[0], 1],
      [rest[1], 2],
    ]);
    const runoff: RunoffRecord = {
      method: 'runoff',
      runoffElectionId: 'r',
      tiedCandidateIds: ['c03', 'c04'],
      seatsLeft: 1,
      winners: ['c04'],
    };
    const settled = resolveTie(drawn, ['c04', 'c03'], runoff);
    expect(settled.elected).toEqual(['c01', 'c02', 'c04']);
    expect(settled.substitutes.map((s) => [s.candidateId, s.rank, s.tied])).toEqual([
      ['c03', 1, false],
      [rest[0], 2, true],
      [rest[1], 3, true],
    ]);
    expect(settled.lotSeed).toBe(seed);
  });
});
