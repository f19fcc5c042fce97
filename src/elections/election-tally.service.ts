import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { secureShuffle } from '../common/random/secure-shuffle.js';
import { BallotKeysService } from './ballot-keys.service.js';
import { openBallot } from './ballot-seal.js';
import { recordElection } from './election-record.js';
import { Election } from './entities/election.entity.js';
import { committedLotSeed } from './lot-seed.js';
import { tallyFromDatabase } from './tally-query.js';
import { type ElectionResults, orderTiedSubstitutes, tiedSubstituteGroups } from './tally.js';
import { TieBreakService } from './tie-break.service.js';

/** The count after closing: the mix of the sealed ballots into the box, then the tally. */
@Injectable()
export class ElectionTallyService {
  constructor(
    private readonly audit: AuditService,
    private readonly ballotKeys: BallotKeysService,
    private readonly tieBreaks: TieBreakService,
  ) {}

  /** Counts the ballots (SQL aggregates, O(ballots)) and ranks the candidates. Reads only. */
  computeTally(em: EntityManager, e: Election): Promise<ElectionResults> {
    // Sequential on one connection inside a transaction; parallel outside one.
    return tallyFromDatabase(<T>(sql: string, params: unknown[]) => em.query<T[]>(sql, params), e);
  }

  /**
   * The tally job: mixes the sealed ballots into the box, then counts the box and stores the
   * results, all in one transaction, once (a redelivery finds the results and does nothing; a
   * failure leaves every sealed ballot where it was, for the next attempt).
   */
  async tally(em: EntityManager, electionId: string): Promise<void> {
    const e = await em.findOne(Election, { where: { id: electionId }, lock: { mode: 'pessimistic_write' } });
    if (!e || e.status !== 'closed' || e.results) return;
    await this.mix(em, e);
    let results = await this.computeTally(em, e);
    // Substitutes tied on votes are ordered by the lot at once, unless a lot across the last seat
    // is pending: then its tie-break draws both with the same seed (revealing it once).
    if (tiedSubstituteGroups(results).length > 0 && !(results.tie && e.tieBreak === 'lot')) {
      const seed = await committedLotSeed(em, e);
      if (seed) results = orderTiedSubstitutes(results, seed, new Date().toISOString());
    }
    e.results = results;
    e.talliedAt = new Date();
    await em.save(e);
    // The elected by candidate and by account: the audit page names the accounts (the candidate
    // ids alone named nobody there).
    const userOf = new Map(results.candidates.map((c) => [c.candidateId, c.userId]));
    await recordElection(this.audit, em, e, 'election.tallied', null, {
      ballotsCast: results.ballotsCast,
      blankBallots: results.blankBallots,
      eligible: results.eligible,
      quorumMet: results.quorumMet,
      elected: results.elected.map((candidateId) => ({ candidateId, userId: userOf.get(candidateId) })),
      tie: results.tie,
      lotSeed: results.lotSeed,
    });
    if (e.parentElectionId && results.final) await this.tieBreaks.settleParentFromRunoff(em, e);
  }

  /**
   * The mix (README, "Secrecy"): opens every sealed ballot of the closed election `e` (locked by
   * the caller) with the election's key and puts them all into the box in one random order, each
   * with a new random id, and deletes the sealed ones, in the caller's transaction. So every ballot
   * in the box has the same xmin, and neither its place nor its id follows the order of casting.
   * Nothing is left sealed afterwards (votes stopped at the close); a redelivery finds nothing to
   * do. A sealed ballot that does not open (BALLOT_SECRET changed) fails the whole mix, and the
   * tally with it, rather than dropping a ballot.
   */
  private async mix(em: EntityManager, e: Election): Promise<void> {
    const rows = await em.query<{ id: string; sealed: Buffer }[]>(
      `SELECT id, sealed FROM election_sealed_ballots WHERE election_id = $1 FOR UPDATE`,
      [e.id],
    );
    if (rows.length === 0) return;
    const keys = this.ballotKeys.of(e.id);
    const agreed = new Map<string, Buffer>();
    const ballots = secureShuffle(rows.map((r) => openBallot(keys, r.sealed, agreed)));
    await em.query(
      `INSERT INTO election_ballots (election_id, receipt, choices)
       SELECT $1, b.receipt, b.choices::uuid[]
         FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS b(receipt, choices, place)
        ORDER BY b.place`,
      [e.id, ballots.map((b) => b.receipt), ballots.map((b) => `{${[...b.choices].sort().join(',')}}`)],
    );
    await em.query(`DELETE FROM election_sealed_ballots WHERE id = ANY($1::uuid[])`, [rows.map((r) => r.id)]);
  }
}
