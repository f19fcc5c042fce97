import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../common/auth/auth-user.js';
import { badRequest, conflict } from '../common/errors/domain-error.js';
import { TransactionService } from '../database/transaction.service.js';
import { OutboxService } from '../outbox/outbox.service.js';
import type { TieBreakDto, TieBreakResultDto } from './dto/election.dto.js';
import { ElectionPresenter } from './election-presenter.js';
import { fieldError, recordElection, scheduleElectionSteps } from './election-record.js';
import { ElectionsAccess } from './elections-access.js';
import { Candidate } from './entities/candidate.entity.js';
import { Election } from './entities/election.entity.js';
import { committedLotSeed } from './lot-seed.js';
import { drawLot, LOT_PROCEDURE, newLotSeed } from './lot.js';
import { resultsOf } from './published-results.js';
import {
  type LotRecord,
  orderTiedSubstitutes,
  resolveTie,
  type RunoffRecord,
  type TieInfo,
  type ElectionResults,
} from './tally.js';

/** A tie being broken, in the caller's transaction: the closed election (locked), its results and tie, and the request. */
interface TieToBreak {
  em: EntityManager;
  user: AuthUser;
  e: Election;
  results: ElectionResults;
  tie: TieInfo;
  dto: TieBreakDto;
}

/**
 * A tie across the last seat, broken by the election's announced method: a lot drawn with the seed
 * committed when voting opened, or a runoff among the tied candidates whose result settles it.
 */
@Injectable()
export class TieBreakService {
  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly access: ElectionsAccess,
    private readonly presenter: ElectionPresenter,
  ) {}

  async tieBreak(user: AuthUser, id: string, dto: TieBreakDto): Promise<TieBreakResultDto> {
    // The lot's seed was committed when voting opened; nobody brings their own (#14.4).
    if (dto.seed !== undefined) {
      throw badRequest(
        'LOT_SEED_NOT_ACCEPTED',
        'The lot uses the seed committed when voting opened (lotCommitment); a seed cannot be given',
      );
    }
    return this.tx.run(async (em) => {
      const { election: e } = await this.access.committee(user, id, em, true);
      if (e.status !== 'closed') throw conflict('ELECTION_NOT_CLOSED', 'A tie is broken after voting closes');
      if (!e.results) throw conflict('RESULTS_PENDING', 'The tally is running; try again in a moment');
      const done = e.results.tieBreak;
      if (done && (done.method === 'lot' || done.winners)) {
        throw conflict('TIE_ALREADY_BROKEN', 'The tie has been broken already', { method: done.method });
      }
      const tie = e.results.tie;
      if (!tie) throw conflict('NO_TIE', 'There is no tie to break');
      if (dto.method !== e.tieBreak) {
        throw conflict(
          'TIE_BREAK_METHOD_MISMATCH',
          `This election breaks ties by ${e.tieBreak}, as announced`,
        );
      }
      const pending = e.results.tieBreak;
      if (pending?.method === 'runoff') {
        const runoff = await em.findOneBy(Election, { id: pending.runoffElectionId });
        if (runoff && runoff.status !== 'cancelled') {
          throw conflict('RUNOFF_PENDING', 'A runoff is already under way', { runoffElectionId: runoff.id });
        }
      }
      const tieToBreak: TieToBreak = { em, user, e, results: e.results, tie, dto };
      return dto.method === 'lot' ? this.breakByLot(tieToBreak) : this.callRunoff(tieToBreak);
    });
  }

  /** Draws the lot with the committed seed, publishes the seed, and settles the tie (and a parent's). */
  private async breakByLot({ em, user, e, results, tie, dto }: TieToBreak): Promise<TieBreakResultDto> {
    if (dto.votingOpensAt || dto.votingClosesAt) throw fieldError('method', 'a lot takes no voting times');
    // An election opened before seeds were committed has none: the server draws one now, once
    // (the body cannot give one, and a second tie-break is refused), and publishes it uncommitted.
    const seed = (await committedLotSeed(em, e)) ?? newLotSeed();
    const draw = drawLot(seed, tie.candidateIds);
    const record: LotRecord = {
      method: 'lot',
      seed,
      lotCommitment: e.lotCommitment,
      procedure: LOT_PROCEDURE,
      tiedCandidateIds: tie.candidateIds,
      seatsLeft: tie.seatsLeft,
      draw,
      winners: draw.slice(0, tie.seatsLeft).map((d) => d.candidateId),
      drawnAt: new Date().toISOString(),
      drawnBy: user.id,
    };
    const settled = resolveTie(
      results,
      draw.map((d) => d.candidateId),
      record,
    );
    // The same seed orders any substitutes tied on votes; either way the seed is now public.
    e.results = { ...orderTiedSubstitutes(settled, seed, record.drawnAt), lotSeed: seed };
    await em.save(e);
    await recordElection(this.audit, em, e, 'election.tie_broken', user.id, {
      method: 'lot',
      seed,
      lotCommitment: e.lotCommitment,
      tiedCandidateIds: tie.candidateIds,
      winners: record.winners,
    });
    if (e.parentElectionId) await this.settleParentFromRunoff(em, e);
    return { results: resultsOf(e) };
  }

  /** Calls a runoff among the tied candidates for the seats left; its final result settles the tie. */
  private async callRunoff({ em, user, e, results, tie, dto }: TieToBreak): Promise<TieBreakResultDto> {
    if (!dto.votingOpensAt || !dto.votingClosesAt) {
      throw fieldError('votingOpensAt', 'a runoff needs votingOpensAt and votingClosesAt');
    }
    const opensAt = new Date(dto.votingOpensAt);
    const closesAt = new Date(dto.votingClosesAt);
    if (closesAt <= opensAt || closesAt.getTime() <= Date.now()) {
      throw fieldError('votingClosesAt', 'votingClosesAt must be in the future and after votingOpensAt');
    }
    const runoff = await em.save(
      em.create(Election, {
        associationId: e.associationId,
        termId: e.termId,
        parentElectionId: e.id,
        title: `${e.title} — runoff`,
        titleKm: `${e.titleKm ?? e.title} — ការបោះឆ្នោតជុំទីពីរ`,
        seats: tie.seatsLeft,
        maxChoices: tie.seatsLeft,
        eligibleStatuses: e.eligibleStatuses,
        nominationsOpenAt: null,
        votingOpensAt: opensAt,
        votingClosesAt: closesAt,
        // A runoff has no quorum (its purpose is to settle the tie) and breaks its own ties by lot.
        quorumPercent: null,
        tieBreak: 'lot',
        status: 'draft',
        createdBy: user.id,
      }),
    );
    const tied = await em.find(Candidate, { where: tie.candidateIds.map((cid) => ({ id: cid })) });
    await em.insert(
      Candidate,
      tied.map((c) => ({
        electionId: runoff.id,
        userId: c.userId,
        statement: c.statement,
        status: 'active' as const,
        nominatedBy: user.id,
      })),
    );
    await scheduleElectionSteps(this.outbox, em, runoff, { nominations: false, opens: true, closes: true });
    const record: RunoffRecord = {
      method: 'runoff',
      runoffElectionId: runoff.id,
      tiedCandidateIds: tie.candidateIds,
      seatsLeft: tie.seatsLeft,
      winners: null,
    };
    e.results = { ...results, tieBreak: record };
    await em.save(e);
    await recordElection(this.audit, em, e, 'election.runoff_called', user.id, {
      runoffElectionId: runoff.id,
      tiedCandidateIds: tie.candidateIds,
      seatsLeft: tie.seatsLeft,
      votingOpensAt: opensAt,
      votingClosesAt: closesAt,
    });
    await recordElection(this.audit, em, runoff, 'election.created', user.id, {
      parentElectionId: e.id,
      seats: tie.seatsLeft,
    });
    return { runoffElection: await this.presenter.present(runoff, em) };
  }

  /** A runoff's final result settles its parent's tie: the runoff's order decides the tied seats. */
  async settleParentFromRunoff(em: EntityManager, runoff: Election): Promise<void> {
    const parent = await em.findOne(Election, {
      where: { id: runoff.parentElectionId! },
      lock: { mode: 'pessimistic_write' },
    });
    const results = parent?.results;
    if (!parent || !results?.tie || results.tieBreak?.method !== 'runoff') return;
    if (results.tieBreak.runoffElectionId !== runoff.id || !runoff.results?.final) return;
    const runoffCandidates = await em.find(Candidate, { where: { electionId: runoff.id } });
    const userOfRunoffCandidate = new Map(runoffCandidates.map((c) => [c.id, c.userId]));
    const parentCandidateOfUser = new Map(
      results.candidates
        .filter((c) => results.tie!.candidateIds.includes(c.candidateId))
        .map((c) => [c.userId, c.candidateId]),
    );
    const runoffOrder = [...runoff.results.elected, ...runoff.results.substitutes.map((s) => s.candidateId)];
    const order = runoffOrder.map((rc) => parentCandidateOfUser.get(userOfRunoffCandidate.get(rc)!)!);
    const record: RunoffRecord = { ...results.tieBreak, winners: order.slice(0, results.tie.seatsLeft) };
    parent.results = resolveTie(results, order, record);
    await em.save(parent);
    await recordElection(this.audit, em, parent, 'election.tie_broken', null, {
      method: 'runoff',
      runoffElectionId: runoff.id,
      winners: record.winners,
    });
  }
}
