import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../common/auth/auth-user.js';
import { conflict } from '../common/errors/domain-error.js';
import { secureShuffle } from '../common/random/secure-shuffle.js';
import { TransactionService } from '../database/transaction.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { OutboxService } from '../outbox/outbox.service.js';
import type { ElectionDto } from './dto/election.dto.js';
import { ElectionPresenter } from './election-presenter.js';
import { electionName } from './election-name.js';
import { recordElection } from './election-record.js';
import { applyTransition } from './election-state.js';
import { ElectionTallyService } from './election-tally.service.js';
import { ElectionsAccess } from './elections-access.js';
import type { Election } from './entities/election.entity.js';
import { ElectionLotSeed } from './entities/lot-seed.entity.js';
import { lotCommitmentOf, newLotSeed } from './lot.js';
import { ELECTION_LOCK_CLASS } from './sql/vote.sql.js';

/**
 * An election's lifecycle steps (`election-state.ts`): opening nominations, opening and closing
 * voting, cancelling; by hand (the committee's routes) or at their scheduled times (the jobs in
 * `jobs/`, which call the `do*` steps and `tally` here). The other use cases have their own
 * services: setup, candidates, voting, tally, results, tie-break, certification.
 */
@Injectable()
export class ElectionsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly notifications: NotificationsService,
    private readonly access: ElectionsAccess,
    private readonly presenter: ElectionPresenter,
    private readonly tallies: ElectionTallyService,
  ) {}

  async openNominations(user: AuthUser, id: string): Promise<ElectionDto> {
    return this.tx.run(async (em) => {
      const { election } = await this.access.committee(user, id, em, true);
      await this.doOpenNominations(em, election, user.id);
      return this.presenter.present(election, em);
    });
  }

  async openVoting(user: AuthUser, id: string): Promise<ElectionDto> {
    return this.tx.run(async (em) => {
      const { election } = await this.access.committee(user, id, em, true);
      await this.doOpenVoting(em, election, user.id);
      return this.presenter.present(election, em);
    });
  }

  async closeVoting(user: AuthUser, id: string): Promise<ElectionDto> {
    return this.tx.run(async (em) => {
      const { election } = await this.access.committee(user, id, em, true);
      await this.doCloseVoting(em, election, user.id);
      return this.presenter.present(election, em);
    });
  }

  async cancel(user: AuthUser, id: string): Promise<ElectionDto> {
    return this.tx.run(async (em) => {
      const { election: e } = await this.access.committee(user, id, em, true);
      e.status = applyTransition(e.status, 'cancel');
      e.cancelledBy = user.id;
      await em.save(e);
      await recordElection(this.audit, em, e, 'election.cancelled', user.id, {});
      // No runoff to take along: a runoff exists only for a closed election, which cannot be
      // cancelled. A runoff itself is cancelled like any election (before it closes); its parent
      // then waits for a new tie-break.
      return this.presenter.present(e, em);
    });
  }

  /** Used by the manual route and the scheduled job; `e` is locked by the caller. */
  async doOpenNominations(em: EntityManager, e: Election, actorId: string | null): Promise<void> {
    e.status = applyTransition(e.status, 'open_nominations');
    await em.save(e);
    await recordElection(this.audit, em, e, 'election.nominations_opened', actorId, {
      by: actorId ? 'hand' : 'schedule',
    });
  }

  /**
   * Opens voting: freezes the voter roll (members in the eligible statuses, now), draws the ballot
   * order and the lot's seed once (publishing the seed's SHA-256 as `lotCommitment`), and tells the
   * voters. `e` is locked by the caller.
   */
  async doOpenVoting(em: EntityManager, e: Election, actorId: string | null): Promise<void> {
    const next = applyTransition(e.status, 'open_voting');
    if (e.votingClosesAt.getTime() <= Date.now()) {
      throw conflict('VOTING_CLOSE_TIME_PASSED', 'votingClosesAt has passed; change it before opening');
    }
    const active = await em.query<{ id: string }[]>(
      `SELECT id FROM election_candidates WHERE election_id = $1 AND status = 'active' ORDER BY id`,
      [e.id],
    );
    if (active.length === 0) throw conflict('NO_CANDIDATES', 'An election needs at least one candidate');
    // The association's memberships are read (through its view) here: one INSERT ... SELECT keeps
    // the freeze atomic and fast for tens of thousands of members.
    const roll = await em.query<{ user_id: string }[]>(
      `INSERT INTO election_voter_roll (election_id, user_id)
       SELECT $1, m.user_id FROM association_memberships m
        WHERE m.association_id = $2 AND m.status = ANY($3::text[])
       ON CONFLICT DO NOTHING
       RETURNING user_id`,
      [e.id, e.associationId, e.eligibleStatuses],
    );
    // Nobody can predict or bias the ballot order.
    const order = secureShuffle(active.map((c) => c.id));
    await em.query(
      `UPDATE election_candidates c SET ballot_order = v.ord
         FROM unnest($1::uuid[], $2::int[]) AS v(id, ord) WHERE c.id = v.id`,
      [order, order.map((_, i) => i + 1)],
    );
    // The lot's seed is drawn now, before any ballot, and only its SHA-256 is published: a tie-break
    // reveals it, so nobody can choose it once the tie is known (commit-reveal).
    const seed = newLotSeed();
    await em.insert(ElectionLotSeed, { electionId: e.id, seed });
    e.lotCommitment = lotCommitmentOf(seed);
    e.status = next;
    e.votingOpenedAt = new Date();
    e.eligibleCount = roll.length;
    await em.save(e);
    await recordElection(this.audit, em, e, 'election.voting_opened', actorId, {
      by: actorId ? 'hand' : 'schedule',
      eligible: roll.length,
      ballotOrder: order,
      lotCommitment: e.lotCommitment,
    });
    await this.notifications.notify(em, {
      userIds: roll.map((r) => r.user_id),
      template: 'election.opened',
      params: { election: electionName(e), closesAt: e.votingClosesAt.toISOString() },
      link: `/elections/${e.id}`,
      eventKey: `election:${e.id}:voting_opened`,
    });
  }

  /** Closes voting and queues the tally (which mixes the sealed ballots first). `e` is locked by the caller. */
  async doCloseVoting(em: EntityManager, e: Election, actorId: string | null): Promise<void> {
    const next = applyTransition(e.status, 'close_voting');
    // Waits for the ballots in flight (they hold the lock shared); later ones then see `closed`.
    await em.query(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, [ELECTION_LOCK_CLASS, e.id]);
    e.status = next;
    e.votingClosedAt = new Date();
    await em.save(e);
    const [{ n }] = await em.query<{ n: number }[]>(
      `SELECT (SELECT count(*) FROM election_sealed_ballots WHERE election_id = $1)::int
            + (SELECT count(*) FROM election_ballots WHERE election_id = $1)::int AS n`,
      [e.id],
    );
    await recordElection(this.audit, em, e, 'election.voting_closed', actorId, {
      by: actorId ? 'hand' : 'schedule',
      ballots: n,
    });
    await this.outbox.add(em, { name: 'elections.tally', payload: { electionId: e.id } });
  }
  /** The tally job's step (see ElectionTallyService.tally): mix, count and store the results, once. */
  tally(em: EntityManager, electionId: string): Promise<void> {
    return this.tallies.tally(em, electionId);
  }
}
