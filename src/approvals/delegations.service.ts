import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { type AuthUser, isAdmin } from '../common/auth/auth-user.js';
import { badRequest, conflict, notFound } from '../common/errors/domain-error.js';
import { TransactionService } from '../database/transaction.service.js';
import { OrgService } from '../org/org.service.js';
import { DelegatedTasksService } from './delegated-tasks.service.js';
import type { CreateDelegationDto, DelegationDto, RevokedDelegationDto } from './dto/decision.dto.js';
import { Delegation } from './entities/delegation.entity.js';

const toDto = (d: Delegation): DelegationDto => ({
  id: d.id,
  fromUserId: d.fromUserId,
  toUserId: d.toUserId,
  startsAt: d.startsAt.toISOString(),
  endsAt: d.endsAt.toISOString(),
  documentTypes: d.documentTypes,
  revokedAt: d.revokedAt ? d.revokedAt.toISOString() : null,
});

/**
 * An approver's delegation while away. Tasks created in the period go to the delegate, acting for
 * the approver. A delegate's own delegations are never followed (no chains), so a delegation to
 * someone who is away themself still lands on that person.
 */
@Injectable()
export class DelegationsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly org: OrgService,
    private readonly audit: AuditService,
    private readonly delegatedTasks: DelegatedTasksService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async create(user: AuthUser, dto: CreateDelegationDto): Promise<DelegationDto> {
    const startsAt = new Date(dto.startsAt);
    const endsAt = new Date(dto.endsAt);
    if (endsAt <= startsAt) {
      throw badRequest('VALIDATION_FAILED', 'Request validation failed', [
        { field: 'endsAt', problems: ['endsAt must be after startsAt'] },
      ]);
    }
    if (dto.toUserId === user.id) {
      throw badRequest('VALIDATION_FAILED', 'Request validation failed', [
        { field: 'toUserId', problems: ['you cannot delegate to yourself'] },
      ]);
    }
    return this.tx.run(async (em) => {
      const to = await this.org.findUserById(dto.toUserId, em);
      if (!to || to.status === 'disabled') {
        throw badRequest('USER_NOT_FOUND', 'No such active user', [
          { field: 'toUserId', problems: ['no such active user'] },
        ]);
      }
      const documentTypes = dto.documentTypes?.length ? [...new Set(dto.documentTypes)].sort() : null;
      // One at a time per approver (a second click, a second tab), so the check below sees the first.
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('delegations:' || $1))`, [user.id]);
      const mine = await em.findBy(Delegation, { fromUserId: user.id, toUserId: to.id, revokedAt: IsNull() });
      const same = mine.find(
        (d) =>
          d.startsAt.getTime() === startsAt.getTime() &&
          d.endsAt.getTime() === endsAt.getTime() &&
          JSON.stringify(d.documentTypes ? [...d.documentTypes].sort() : null) ===
            JSON.stringify(documentTypes),
      );
      if (same) {
        throw conflict(
          'DELEGATION_EXISTS',
          'You have already delegated this, to the same colleague for the same dates',
          [{ field: 'toUserId', problems: ['the same delegation exists'], delegationId: same.id }],
        );
      }
      const saved = await em.save(
        em.create(Delegation, { fromUserId: user.id, toUserId: to.id, startsAt, endsAt, documentTypes }),
      );
      await this.audit.append(em, {
        stream: `user:${user.id}`,
        action: 'delegation.created',
        actorId: user.id,
        entityType: 'delegation',
        entityId: saved.id,
        data: {
          toUserId: to.id,
          startsAt: dto.startsAt,
          endsAt: dto.endsAt,
          documentTypes: saved.documentTypes,
        },
      });
      return toDto(saved);
    });
  }

  /** Delegations I gave or received (admins: all), newest first. */
  async list(user: AuthUser): Promise<DelegationDto[]> {
    const repo = this.dataSource.getRepository(Delegation);
    const rows = isAdmin(user)
      ? await repo.find({ order: { createdAt: 'DESC' }, take: 500 })
      : await repo.find({
          where: [{ fromUserId: user.id }, { toUserId: user.id }],
          order: { createdAt: 'DESC' },
          take: 500,
        });
    return rows.map(toDto);
  }

  /** Ends the delegation now; the pending tasks it gave the delegate come back (DelegatedTasksService). */
  async revoke(user: AuthUser, id: string): Promise<RevokedDelegationDto> {
    return this.tx.run(async (em) => {
      const d = await em.findOne(Delegation, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!d || (d.fromUserId !== user.id && !isAdmin(user)))
        throw notFound('DELEGATION_NOT_FOUND', 'No such delegation');
      if (d.revokedAt) throw conflict('DELEGATION_REVOKED', 'The delegation is already revoked');
      d.revokedAt = new Date();
      await em.save(d);
      await this.audit.append(em, {
        stream: `user:${d.fromUserId}`,
        action: 'delegation.revoked',
        actorId: user.id,
        entityType: 'delegation',
        entityId: d.id,
      });
      const takenBack = await this.delegatedTasks.takeBack(em, d, user);
      return { ...toDto(d), takenBack };
    });
  }
}
