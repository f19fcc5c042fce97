import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { isAdmin, type AuthUser } from '../common/auth/auth-user.js';
import { decodeCursor, type Page, toPage } from '../common/http/pagination.js';
import { TransactionService } from '../database/transaction.service.js';
import { AssociationsAccess } from './associations-access.js';
import type { AssociationDto, CreateAssociationDto } from './dto/association.dto.js';
import { AssociationMember, type MemberStatus } from './entities/association-member.entity.js';
import { Association } from './entities/association.entity.js';

/**
 * Associations themselves and memberships as others read them (GET /me, elections). Members, their
 * import, terms and boards have their own services.
 */
@Injectable()
export class AssociationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly access: AssociationsAccess,
  ) {}

  async create(user: AuthUser, dto: CreateAssociationDto): Promise<AssociationDto> {
    return this.tx.run(async (em) => {
      const saved = await em.save(
        em.create(Association, {
          name: dto.name.trim(),
          nameKm: dto.nameKm?.trim() || null,
          foundedOn: dto.foundedOn ?? null,
          description: dto.description ?? null,
        }),
      );
      await this.audit.append(em, {
        stream: `association:${saved.id}`,
        action: 'association.created',
        actorId: user.id,
        entityType: 'association',
        entityId: saved.id,
        data: { name: saved.name, nameKm: saved.nameKm },
      });
      return { ...saved, myMembership: null };
    });
  }

  /** The associations the caller belongs to (all of them for a global admin). */
  async list(user: AuthUser, limit = 50, cursor?: string): Promise<Page<AssociationDto>> {
    const after = decodeCursor<[string, string]>(cursor, 2);
    const params: unknown[] = [user.id, isAdmin(user), limit + 1];
    let where = '';
    if (after) {
      params.push(after[0], after[1]);
      where = 'AND (a.name, a.id) > ($4, $5)';
    }
    const rows = await this.dataSource.query<
      {
        id: string;
        name: string;
        name_km: string | null;
        founded_on: string | null;
        description: string | null;
        created_at: Date;
        my_status: MemberStatus | null;
        my_role: AssociationMember['role'] | null;
        my_member_no: string | null;
      }[]
    >(
      `SELECT a.id, a.name, a.name_km, a.founded_on, a.description, a.created_at,
              m.status AS my_status, m.role AS my_role, m.member_no AS my_member_no
         FROM associations a
         LEFT JOIN association_members m ON m.association_id = a.id AND m.user_id = $1
        WHERE (m.id IS NOT NULL OR $2) ${where}
        ORDER BY a.name, a.id
        LIMIT $3`,
      params,
    );
    const items = rows.map((r) => ({
      id: r.id,
      name: r.name,
      nameKm: r.name_km,
      foundedOn: r.founded_on,
      description: r.description,
      createdAt: r.created_at,
      myMembership: r.my_status ? { status: r.my_status, role: r.my_role!, memberNo: r.my_member_no } : null,
    }));
    return toPage(items, limit, (a) => [a.name, a.id]);
  }

  async get(user: AuthUser, id: string): Promise<AssociationDto> {
    const { association, membership } = await this.access.member(user, id);
    const boardRole = membership ? await this.access.boardSeat(user.id, id) : null;
    // Its committee and admins (not a system administrator who is neither) run it and call meetings.
    const runs = membership?.role === 'committee' || membership?.role === 'admin';
    return {
      ...association,
      myMembership: membership
        ? { status: membership.status, role: membership.role, memberNo: membership.memberNo, boardRole }
        : null,
      mayScheduleMeetings: runs || (!!membership && (await this.access.boardOfficer(user.id, id))),
    };
  }

  /** A user's memberships (for GET /me): association, status, role, member number. */
  async membershipsOfUser(
    userId: string,
    em?: EntityManager,
  ): Promise<
    {
      associationId: string;
      name: string;
      nameKm: string | null;
      status: MemberStatus;
      role: AssociationMember['role'];
      memberNo: string | null;
    }[]
  > {
    const rows = await (em ?? this.dataSource.manager).query<
      {
        association_id: string;
        name: string;
        name_km: string | null;
        status: MemberStatus;
        role: AssociationMember['role'];
        member_no: string | null;
      }[]
    >(
      `SELECT m.association_id, a.name, a.name_km, m.status, m.role, m.member_no
         FROM association_members m JOIN associations a ON a.id = m.association_id
        WHERE m.user_id = $1 ORDER BY a.name, a.id`,
      [userId],
    );
    return rows.map((r) => ({
      associationId: r.association_id,
      name: r.name,
      nameKm: r.name_km,
      status: r.status,
      role: r.role,
      memberNo: r.member_no,
    }));
  }

  /** A user's membership, or null. */
  membership(associationId: string, userId: string, em?: EntityManager): Promise<AssociationMember | null> {
    return (em ?? this.dataSource.manager).findOneBy(AssociationMember, { associationId, userId });
  }
}
