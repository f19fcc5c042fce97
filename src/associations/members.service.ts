import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, Not } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { isAdmin, type AuthUser } from '../common/auth/auth-user.js';
import { ministryDay } from '../common/ministry-time.js';
import { badRequest, conflict, notFound } from '../common/errors/domain-error.js';
import { isUuid } from '../common/uuid.js';
import { decodeCursor, type Page, toPage } from '../common/http/pagination.js';
import { isUniqueViolation } from '../database/pg-errors.js';
import { TransactionService } from '../database/transaction.service.js';
import { OrgService } from '../org/org.service.js';
import { type AssociationAccess, AssociationsAccess, boardSeatSql } from './associations-access.js';
import type {
  AddAssociationMemberDto,
  AssociationMemberDto,
  AssociationMembersQueryDto,
  UpdateAssociationMemberDto,
} from './dto/association.dto.js';
import { Association } from './entities/association.entity.js';
import { AssociationMember, type MemberStatus } from './entities/association-member.entity.js';
import type { BoardSeatKind } from './entities/board-member.entity.js';

interface MemberRow {
  id: string;
  association_id: string;
  user_id: string;
  username: string;
  full_name: string;
  full_name_km: string | null;
  unit_name: string | null;
  unit_name_km: string | null;
  status: MemberStatus;
  member_no: string | null;
  joined_on: string | null;
  role: AssociationMember['role'];
  board_role: BoardSeatKind | null;
}

const toMemberDto = (r: MemberRow, seesUsernames: boolean): AssociationMemberDto => ({
  id: r.id,
  associationId: r.association_id,
  userId: r.user_id,
  username: seesUsernames ? r.username : null,
  fullName: r.full_name,
  fullNameKm: r.full_name_km,
  unitName: r.unit_name,
  unitNameKm: r.unit_name_km,
  status: r.status,
  memberNo: r.member_no,
  joinedOn: r.joined_on,
  role: r.role,
  boardRole: r.board_role,
});

/**
 * Who sees members' sign-in names: those who add members (by username, in a CSV too) and nominate
 * candidates, i.e. the association's admins and committee, and system admins. Other members see
 * names, units and member numbers.
 */
const seesUsernames = (user: AuthUser, access: AssociationAccess): boolean =>
  isAdmin(user) || ['admin', 'committee'].includes(access.membership?.role ?? '');

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
      const [row] = await this.memberRows(em, associationId, { userId: saved.userId, withUsernames: true });
      return toMemberDto(row, true); // admins alone add and change members, and see usernames
    });
  }

  async updateMember(
    user: AuthUser,
    associationId: string,
    userId: string,
    dto: UpdateAssociationMemberDto,
  ): Promise<AssociationMemberDto> {
    return this.tx.run(async (em) => {
      // Changes to one association's members take turns (its row, locked first: not a lock of the
      // associations a document or an election refers to), so the admin check below and the
      // last-admin rule read what the change before committed: two admins demoting each other
      // cannot both pass, and a demoted admin's next change is refused.
      await em.findOne(Association, {
        select: { id: true },
        where: { id: associationId },
        lock: { mode: 'for_no_key_update' },
      });
      await this.access.admin(user, associationId, em);
      const member = await em.findOneBy(AssociationMember, { associationId, userId });
      if (!member) throw notFound('MEMBER_NOT_FOUND', 'This user is not a member of the association');
      const before = { status: member.status, role: member.role };
      const after = { status: dto.status ?? member.status, role: dto.role ?? member.role };
      if (after.status === before.status && after.role === before.role) {
        // Nothing to change (a form saved as it was, a retry): nothing written, nothing recorded.
        const [row] = await this.memberRows(em, associationId, { userId, withUsernames: true });
        return toMemberDto(row, true);
      }
      if (before.role === 'admin' && after.role !== 'admin')
        await this.keepAnAdmin(em, associationId, userId);
      Object.assign(member, after);
      await em.save(member);
      await this.audit.append(em, {
        stream: `association:${associationId}`,
        action: 'association.member_updated',
        actorId: user.id,
        entityType: 'association',
        entityId: associationId,
        data: { userId, before, after: { status: member.status, role: member.role } },
      });
      const [row] = await this.memberRows(em, associationId, { userId, withUsernames: true });
      return toMemberDto(row, true); // admins alone add and change members, and see usernames
    });
  }

  /**
   * An association keeps an admin of its own: without one nobody but a system administrator could
   * add or change its members. Called under the association's lock (updateMember).
   */
  private async keepAnAdmin(em: EntityManager, associationId: string, leavingUserId: string): Promise<void> {
    const others = await em.countBy(AssociationMember, {
      associationId,
      role: 'admin',
      userId: Not(leavingUserId),
    });
    if (others === 0) {
      throw conflict(
        'LAST_ASSOCIATION_ADMIN',
        'The association keeps an admin: make another member its admin first',
      );
    }
  }

  async listMembers(
    user: AuthUser,
    associationId: string,
    query: AssociationMembersQueryDto,
  ): Promise<Page<AssociationMemberDto>> {
    const access = await this.access.member(user, associationId);
    const withUsernames = seesUsernames(user, access);
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
      withUsernames,
    });
    return toPage(
      rows.map((r) => toMemberDto(r, withUsernames)),
      limit,
      (m) => [m.memberNo, m.id],
    );
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
      /** Whether a search matches usernames (for those who see them: no probing for them otherwise). */
      withUsernames: boolean;
    },
  ): Promise<MemberRow[]> {
    // By member number (those without one last), as the association's register reads; by id among
    // equals. It was by id alone: in no order a reader could see.
    return await em.query<MemberRow[]>(
      `SELECT m.id, m.association_id, m.user_id, u.username, u.full_name, u.full_name_km,
              ou.name AS unit_name, ou.name_km AS unit_name_km,
              m.status, m.member_no, to_char(m.joined_on, 'YYYY-MM-DD') AS joined_on, m.role,
              ${boardSeatSql('m.association_id', 'm.user_id', '$8')} AS board_role
         FROM association_members m
         JOIN org_people u ON u.id = m.user_id
         LEFT JOIN org_unit_names ou ON ou.id = u.org_unit_id
        WHERE m.association_id = $1
          AND ($2::text IS NULL OR m.status = $2)
          AND ($3::uuid IS NULL
               OR (m.member_no IS NULL, coalesce(m.member_no, '') COLLATE "C", m.id)
                  > ($7::text IS NULL, coalesce($7::text, '') COLLATE "C", $3::uuid))
          AND ($4::uuid IS NULL OR m.user_id = $4)
          AND ($6::text IS NULL OR strpos(lower(u.full_name), lower($6)) > 0
               OR strpos(coalesce(u.full_name_km, ''), $6) > 0 OR ($9 AND strpos(u.username, lower($6)) > 0)
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
        ministryDay(new Date()),
        opts.withUsernames,
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
