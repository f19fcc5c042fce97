import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../common/auth/auth-user.js';
import { badRequest, conflict } from '../common/errors/domain-error.js';
import { isUniqueViolation } from '../database/pg-errors.js';
import { TransactionService } from '../database/transaction.service.js';
import { AssociationsAccess } from './associations-access.js';
import type { CreateTermDto, TermDto } from './dto/association.dto.js';
import { Term } from './entities/term.entity.js';

export const toTermDto = (t: Term): TermDto => ({
  id: t.id,
  associationId: t.associationId,
  number: t.number,
  startsOn: t.startsOn,
  endsOn: t.endsOn,
  boardSeats: t.boardSeats,
});

/** An association's board terms: creating one, listing them, finding one. */
@Injectable()
export class TermsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly access: AssociationsAccess,
  ) {}

  async createTerm(user: AuthUser, associationId: string, dto: CreateTermDto): Promise<TermDto> {
    if (dto.endsOn < dto.startsOn) {
      throw badRequest('VALIDATION_FAILED', 'Request validation failed', [
        { field: 'endsOn', problems: ['endsOn must not be before startsOn'] },
      ]);
    }
    return this.tx.run(async (em) => {
      await this.access.admin(user, associationId, em);
      let saved: Term;
      try {
        saved = await em.save(em.create(Term, { associationId, ...dto }));
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict('TERM_NUMBER_TAKEN', `Term ${dto.number} already exists`);
        throw err;
      }
      await this.audit.append(em, {
        stream: `association:${associationId}`,
        action: 'association.term_created',
        actorId: user.id,
        entityType: 'term',
        entityId: saved.id,
        data: { ...dto },
      });
      return toTermDto(saved);
    });
  }

  async listTerms(user: AuthUser, associationId: string): Promise<{ items: TermDto[] }> {
    await this.access.member(user, associationId);
    const terms = await this.dataSource.manager.find(Term, {
      where: { associationId },
      order: { number: 'ASC' },
    });
    return { items: terms.map(toTermDto) };
  }

  /** The term, if it belongs to the association. */
  async findTerm(associationId: string, termId: string, em?: EntityManager): Promise<Term | null> {
    return (em ?? this.dataSource.manager).findOneBy(Term, { id: termId, associationId });
  }
}
