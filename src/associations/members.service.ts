import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../common/auth/auth-user.js';
import { badRequest, conflict, notFound } from '../common/errors/domain-error.js';
import { isUuid } from '../common/uuid.js';
import { decodeCursor, type Page, toPage } from '../common/http/pagination.js';
import { isUniqueViolation } from '../database/pg-errors.js';
import { TransactionService } from '../database/transaction.service.js';
import { OrgService } from '../org/org.service.js';
import { AssociationsAccess } from './associations-access.js';
import type {
  AddAssociationMemberDto,
  AssociationMemberDto,
  AssociationMembersQueryDto,
  UpdateAssociationMemberDto,
} from './dto/association.dto.js';
import { AssociationMember, type MemberStatus } from './entities/association-member.entity.js';

interface MemberRow {
  id: string;
  association_id: string;
  user_id: string;
  username: string;
  full_name: string;
  full_name_km: string | null;
  status: MemberStatus;
  member_no: string | null;
  joined_on: string | null;
  role: AssociationMember['role'];
}

const toMemberDto = (r: MemberRow): AssociationMemberDto => ({
  id: r.id,
  associationId: r.association_id,
  userId: r.user_id,
  username: r.username,
  fullName: r.full_name,
  fullNameKm: r.full_name_km,
  status: r.status,
  memberNo: r.member_no,
  joinedOn: r.joined_on,
  role: r.role,
});

/** An association's members: adding one, changing one's status or role, listing them. */
@Injectable()
export class MembersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly access: AssociationsAccess,
    private readonly org: OrgService,
  ) {}

  async addMember(
    user: AuthUser,
    associationId: string,
    dto: AddAssociationMemberDto,
  ): Promise<AssociationMemberDto> {
    return this.tx.run(async (em) => {
      await this.access.admin(user, associationId, em);
      const target = await this.org.findUserById(dto.userId, em);
      if (!target) throw notFound('USER_NOT_FOUND', 'No such user');
      let saved: AssociationMember;
      try {
        saved = await em.save(
          em.create(AssociationMember, {
            associationId,
            userId: dto.userId,
            status: dto.status,
            memberNo: dto.memberNo?.trim() || null,
            joinedOn: dto.joinedOn ?? null,
            role: dto.role ?? 'member',
          }),
        );
      } catch (err) {
        throw this.membershipConflict(err);
      }
      await this.audit.append(em, {
        stream: `association:${associationId}`,
        action: 'association.member_added',
        actorId: user.id,
        entityType: 'association',
        entityId: associationId,
        data: { userId: saved.userId, status: saved.status, role: saved.role, memberNo: saved.memberNo },
      });
      return toMemberDto({
        id: saved.id,
        association_id: associationId,
        user_id: target.id,
        username: target.username,
        full_name: target.fullName,
        full_name_km: target.fullNameKm,
        status: saved.status,
        member_no: saved.memberNo,
        joined_on: saved.joinedOn,
        role: saved.role,
      });
    });
  }

  async updateMember(
    user: AuthUser,
    associationId: string,
    userId: string,
    dto: UpdateAssociationMemberDto,
  ): Promise<AssociationMemberDto> {
    return this.tx.run(async (em) => {
      await this.access.admin(user, associationId, em);
      const member = await em.findOne(AssociationMember, {
        where: { associationId, userId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!member) throw notFound('MEMBER_NOT_FOUND', 'This user is not a member of the association');
      const before = { status: member.status, role: member.role };
      if (dto.status) member.status = dto.status;
      if (dto.role) member.role = dto.role;
      await em.save(member);
      await this.audit.append(em, {
        stream: `association:${associationId}`,
        action: 'association.member_updated',
        actorId: user.id,
        entityType: 'association',
        entityId: associationId,
        data: { userId, before, after: { status: member.status, role: member.role } },
      });
      const [row] = await this.memberRows(em, associationId, { userId });
      return toMemberDto(row);
    });
  }

  async listMembers(
    user: AuthUser,
    associationId: string,
    query: AssociationMembersQueryDto,
  ): Promise<Page<AssociationMemberDto>> {
    await this.access.member(user, associationId);
    const limit = query.limit ?? 50;
    const after = decodeCursor<[unknown, unknown]>(query.cursor, 2);
    if (after && (!(after[0] === null || typeof after[0] === 'string') || !isUuid(after[1]))) {
      throw badRequest('INVALID_CURSOR', 'The cursor is not valid');
    }
    const rows = await this.memberRows(this.dataSource.manager, associationId, {
      status: query.status,
      search: query.search?.trim() || undefined,
      after: after && { memberNo: after[0] as string | null, id: after[1] as string },
      limit: limit + 1,
    });
    return toPage(rows.map(toMemberDto), limit, (m) => [m.memberNo, m.id]);
  }

  private async memberRows(
    em: EntityManager,
    associationId: string,
    opts: {
      status?: MemberStatus;
      search?: string;
      after?: { memberNo: string | null; id: string };
      userId?: string;
      limit?: number;
    },
  ): Promise<MemberRow[]> {
    // By member number (those without one last), as the association's register reads; by id among
    // equals. It was by id alone: in no order a reader could see.
    return await em.query<MemberRow[]>(
      `SELECT m.id, m.association_id, m.user_id, u.username, u.full_name, u.full_name_km,
              m.status, m.member_no, to_char(m.joined_on, 'YYYY-MM-DD') AS joined_on, m.role
         FROM association_members m JOIN org_people u ON u.id = m.user_id
        WHERE m.association_id = $1
          AND ($2::text IS NULL OR m.status = $2)
          AND ($3::uuid IS NULL
               OR (m.member_no IS NULL, coalesce(m.member_no, '') COLLATE "C", m.id)
                  > ($7::text IS NULL, coalesce($7::text, '') COLLATE "C", $3::uuid))
          AND ($4::uuid IS NULL OR m.user_id = $4)
          AND ($6::text IS NULL OR strpos(lower(u.full_name), lower($6)) > 0
               OR strpos(coalesce(u.full_name_km, ''), $6) > 0 OR strpos(u.username, lower($6)) > 0
               OR strpos(lower(coalesce(m.member_no, '')), lower($6)) > 0)
        ORDER BY m.member_no IS NULL, coalesce(m.member_no, '') COLLATE "C", m.id
        LIMIT $5`,
      [
        associationId,
        opts.status ?? null,
        opts.after?.id ?? null,
        opts.userId ?? null,
        opts.limit ?? 1,
        opts.search ?? null,
        opts.after?.memberNo ?? null,
      ],
    );
  }
  private membershipConflict(err: unknown): unknown {
    if (isUniqueViolation(err, 'association_members_association_user_key')) {
      return conflict('ALREADY_MEMBER', 'This user is already a member of the association');
    }
    if (isUniqueViolation(err, 'association_members_association_member_no_key')) {
      return conflict('MEMBER_NO_TAKEN', 'This member number is already taken');
    }
    return err;
  }
}
