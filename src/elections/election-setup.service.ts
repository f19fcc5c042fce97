import { Injectable } from '@nestjs/common';
import { AssociationsAccess } from '../associations/associations-access.js';
import { TermsService } from '../associations/terms.service.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../common/auth/auth-user.js';
import { conflict, notFound } from '../common/errors/domain-error.js';
import { TransactionService } from '../database/transaction.service.js';
import { OutboxService } from '../outbox/outbox.service.js';
import { boardSizeChange } from './board-size.js';
import type { CreateElectionDto, ElectionDto, UpdateElectionDto } from './dto/election.dto.js';
import { ElectionPresenter } from './election-presenter.js';
import { fieldError, recordElection, scheduleElectionSteps } from './election-record.js';
import { ElectionsAccess } from './elections-access.js';
import { Election } from './entities/election.entity.js';

/** Setting an election up: creating it (a draft, its steps queued) and changing its title or times. */
@Injectable()
export class ElectionSetupService {
  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly terms: TermsService,
    private readonly access: ElectionsAccess,
    private readonly associationsAccess: AssociationsAccess,
    private readonly presenter: ElectionPresenter,
  ) {}

  async create(user: AuthUser, associationId: string, dto: CreateElectionDto): Promise<ElectionDto> {
    const opensAt = new Date(dto.votingOpensAt);
    const closesAt = new Date(dto.votingClosesAt);
    const nominationsAt = dto.nominationsOpenAt ? new Date(dto.nominationsOpenAt) : null;
    if (closesAt <= opensAt) throw fieldError('votingClosesAt', 'votingClosesAt must be after votingOpensAt');
    if (closesAt.getTime() <= Date.now())
      throw fieldError('votingClosesAt', 'votingClosesAt must be in the future');
    if (nominationsAt && nominationsAt > opensAt) {
      throw fieldError('nominationsOpenAt', 'nominationsOpenAt must not be after votingOpensAt');
    }
    const maxChoices = dto.maxChoices ?? dto.seats;
    if (maxChoices > dto.seats) throw fieldError('maxChoices', 'maxChoices must not exceed seats');
    return this.tx.run(async (em) => {
      await this.associationsAccess.committee(user, associationId, em);
      const term = await this.terms.findTerm(associationId, dto.termId, em);
      if (!term) throw notFound('TERM_NOT_FOUND', 'No such term in this association');
      const election = await em.save(
        em.create(Election, {
          associationId,
          termId: term.id,
          parentElectionId: null,
          title: dto.title.trim(),
          titleKm: dto.titleKm?.trim() || null,
          seats: dto.seats,
          maxChoices,
          eligibleStatuses: dto.eligibleStatuses ?? ['active'],
          nominationsOpenAt: nominationsAt,
          votingOpensAt: opensAt,
          votingClosesAt: closesAt,
          quorumPercent: dto.quorumPercent ?? null,
          tieBreak: dto.tieBreak,
          status: 'draft',
          createdBy: user.id,
        }),
      );
      await scheduleElectionSteps(this.outbox, em, election, {
        nominations: true,
        opens: true,
        closes: true,
      });
      await recordElection(this.audit, em, election, 'election.created', user.id, {
        title: election.title,
        titleKm: election.titleKm,
        termId: term.id,
        seats: election.seats,
        maxChoices,
        eligibleStatuses: election.eligibleStatuses,
        nominationsOpenAt: nominationsAt,
        votingOpensAt: opensAt,
        votingClosesAt: closesAt,
        quorumPercent: election.quorumPercent,
        tieBreak: election.tieBreak,
        boardSizeChange: boardSizeChange(election, term),
      });
      return this.presenter.present(election, em);
    });
  }

  async update(user: AuthUser, id: string, dto: UpdateElectionDto): Promise<ElectionDto> {
    return this.tx.run(async (em) => {
      const { election: e } = await this.access.committee(user, id, em, true);
      const changed = { nominations: false, opens: false, closes: false };
      if (dto.title !== undefined) e.title = dto.title.trim();
      if (dto.titleKm !== undefined) e.titleKm = dto.titleKm?.trim() || null;
      if (dto.nominationsOpenAt !== undefined) {
        if (e.status !== 'draft') throw conflict('ELECTION_NOT_DRAFT', 'Nominations have already opened');
        e.nominationsOpenAt = new Date(dto.nominationsOpenAt);
        changed.nominations = true;
      }
      if (dto.votingOpensAt !== undefined) {
        if (!['draft', 'nominations'].includes(e.status))
          throw conflict('ELECTION_NOT_OPENABLE', 'Voting has already opened');
        e.votingOpensAt = new Date(dto.votingOpensAt);
        changed.opens = true;
      }
      if (dto.votingClosesAt !== undefined) {
        if (!['draft', 'nominations', 'voting'].includes(e.status))
          throw conflict('ELECTION_NOT_OPEN', 'Voting has closed');
        e.votingClosesAt = new Date(dto.votingClosesAt);
        if (e.votingClosesAt.getTime() <= Date.now())
          throw fieldError('votingClosesAt', 'votingClosesAt must be in the future');
        changed.closes = true;
      }
      if (e.votingClosesAt <= e.votingOpensAt)
        throw fieldError('votingClosesAt', 'votingClosesAt must be after votingOpensAt');
      if (e.nominationsOpenAt && e.nominationsOpenAt > e.votingOpensAt) {
        throw fieldError('nominationsOpenAt', 'nominationsOpenAt must not be after votingOpensAt');
      }
      await em.save(e);
      // The jobs already queued for the old times find a mismatch and do nothing.
      await scheduleElectionSteps(this.outbox, em, e, changed);
      await recordElection(this.audit, em, e, 'election.updated', user.id, { ...dto });
      return this.presenter.present(e, em);
    });
  }
}
