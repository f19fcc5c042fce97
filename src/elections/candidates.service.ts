import { Injectable } from '@nestjs/common';
import { AssociationsService } from '../associations/associations.service.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../common/auth/auth-user.js';
import { badRequest, conflict, forbidden, notFound } from '../common/errors/domain-error.js';
import { isUniqueViolation } from '../database/pg-errors.js';
import { TransactionService } from '../database/transaction.service.js';
import type { CandidateDto, NominateDto } from './dto/election.dto.js';
import { ElectionPresenter } from './election-presenter.js';
import { recordElection } from './election-record.js';
import { ElectionsAccess } from './elections-access.js';
import { Candidate } from './entities/candidate.entity.js';

/** Candidates: a nomination (by the committee, or a member themself) and a withdrawal, before voting opens. */
@Injectable()
export class CandidatesService {
  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly associations: AssociationsService,
    private readonly access: ElectionsAccess,
    private readonly presenter: ElectionPresenter,
  ) {}

  async nominate(user: AuthUser, id: string, dto: NominateDto): Promise<CandidateDto> {
    return this.tx.run(async (em) => {
      const access = await this.access.member(user, id, em);
      const e = access.election;
      const isCommittee =
        access.membership === null || ['committee', 'admin'].includes(access.membership.role);
      if (e.parentElectionId) throw conflict('CANDIDATES_LOCKED', 'A runoff stands the tied candidates only');
      if (dto.userId !== user.id && !isCommittee) {
        throw forbidden('NOT_ELECTION_COMMITTEE', 'Members may nominate only themselves');
      }
      if (isCommittee) {
        if (!['draft', 'nominations'].includes(e.status))
          throw conflict('NOMINATIONS_CLOSED', 'Nominations are closed');
      } else if (e.status !== 'nominations') {
        throw conflict(
          'NOMINATIONS_CLOSED',
          'Members may nominate themselves only while nominations are open',
        );
      }
      const membership = await this.associations.membership(e.associationId, dto.userId, em);
      if (!membership || !e.eligibleStatuses.includes(membership.status)) {
        throw badRequest('CANDIDATE_NOT_ELIGIBLE', 'Only members eligible in this election may stand');
      }
      let candidate: Candidate;
      try {
        candidate = await em.save(
          em.create(Candidate, {
            electionId: e.id,
            userId: dto.userId,
            statement: dto.statement?.trim() || null,
            status: 'active',
            nominatedBy: user.id,
          }),
        );
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict('ALREADY_CANDIDATE', 'This member is already a candidate');
        throw err;
      }
      await recordElection(this.audit, em, e, 'election.candidate_nominated', user.id, {
        candidateId: candidate.id,
        userId: dto.userId,
        self: dto.userId === user.id,
      });
      return (await this.presenter.candidates(em, e.id)).find((c) => c.id === candidate.id)!;
    });
  }

  async withdraw(user: AuthUser, id: string, candidateId: string): Promise<CandidateDto> {
    return this.tx.run(async (em) => {
      const access = await this.access.member(user, id, em, true);
      const e = access.election;
      const candidate = await em.findOneBy(Candidate, { id: candidateId, electionId: e.id });
      if (!candidate) throw notFound('CANDIDATE_NOT_FOUND', 'No such candidate');
      const isCommittee =
        access.membership === null || ['committee', 'admin'].includes(access.membership.role);
      if (candidate.userId !== user.id && !isCommittee) {
        throw forbidden(
          'NOT_ELECTION_COMMITTEE',
          'Only the candidate or the committee may withdraw a candidacy',
        );
      }
      if (!['draft', 'nominations'].includes(e.status)) {
        throw conflict('CANDIDATES_LOCKED', 'Candidates are fixed once voting has opened');
      }
      if (candidate.status === 'withdrawn')
        throw conflict('ALREADY_WITHDRAWN', 'The candidacy is already withdrawn');
      candidate.status = 'withdrawn';
      await em.save(candidate);
      await recordElection(this.audit, em, e, 'election.candidate_withdrawn', user.id, {
        candidateId,
        userId: candidate.userId,
      });
      return (await this.presenter.candidates(em, e.id)).find((c) => c.id === candidate.id)!;
    });
  }
}
