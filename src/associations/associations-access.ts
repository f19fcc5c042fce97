import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { isAdmin, type AuthUser } from '../common/auth/auth-user.js';
import { forbidden, notFound } from '../common/errors/domain-error.js';
import { ministryDay } from '../common/ministry-time.js';
import { AssociationMember } from './entities/association-member.entity.js';
import type { BoardSeatKind } from './entities/board-member.entity.js';
import { Association } from './entities/association.entity.js';

/**
 * A user's seat on an association's board, as an SQL expression (a role, `substitute`, or null): on
 * the earliest board whose term has not ended on `day` (the sitting board, else a newly certified
 * one waiting for its term). The one statement of the rule, for one user (`boardSeat`) and for each
 * row of a list (the members' register).
 */
export const boardSeatSql = (associationId: string, userId: string, day: string): string =>
  `(SELECT b.role FROM board_members b JOIN association_terms t ON t.id = b.term_id
     WHERE t.association_id = ${associationId} AND b.user_id = ${userId} AND t.ends_on >= ${day}::date
     ORDER BY t.starts_on LIMIT 1)`;

export interface AssociationAccess {
  association: Association;
  /** The caller's membership; null for a global admin who is not a member. */
  membership: AssociationMember | null;
}

/**
 * Who may do what in an association, in one place. Non-members do not learn that an association
 * exists (404); members without the needed role get 403.
 * - member: read the association, its members, terms, boards and elections (a global admin too);
 * - committee (or the association's admin): run elections; a global admin who is neither may not
 *   (the ministry's IT administration sets associations up, their members elect: an administrator
 *   who is to run an election is made a member of its committee first, in the audited register);
 * - admin (or a global admin): manage members, terms and boards; certifying an election's results
 *   is the association's admins' alone (`electionAdmin`);
 * - a board officer (president, vice-president or secretary of a board whose term has not ended:
 *   the sitting board, and a newly certified one before its term begins): the association's meetings.
 */
@Injectable()
export class AssociationsAccess {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async member(user: AuthUser, associationId: string, em?: EntityManager): Promise<AssociationAccess> {
    const m = em ?? this.dataSource.manager;
    // In turn: `em` may be a transaction, whose one connection takes one query at a time.
    const association = await m.findOneBy(Association, { id: associationId });
    const membership = await m.findOneBy(AssociationMember, { associationId, userId: user.id });
    if (!association || (!membership && !isAdmin(user))) {
      throw notFound('ASSOCIATION_NOT_FOUND', 'No such association');
    }
    return { association, membership };
  }

  async committee(user: AuthUser, associationId: string, em?: EntityManager): Promise<AssociationAccess> {
    const access = await this.member(user, associationId, em);
    if (!['committee', 'admin'].includes(access.membership?.role ?? '')) {
      throw forbidden(
        'NOT_ELECTION_COMMITTEE',
        "Only the association's election committee or admins may do this",
      );
    }
    return access;
  }

  /** The board roles that lead the association's meetings (the president chairs, the secretary records). */
  static readonly MEETING_OFFICERS = ['president', 'vice_president', 'secretary'] as const;

  /**
   * The user's seat on the association's board (a role, or `substitute`): on the earliest board whose
   * term has not ended (the sitting board, else a newly certified one waiting for its term); null
   * when the user has no such seat.
   */
  async boardSeat(userId: string, associationId: string, em?: EntityManager): Promise<BoardSeatKind | null> {
    const [row] = await (em ?? this.dataSource.manager).query<{ role: BoardSeatKind | null }[]>(
      `SELECT ${boardSeatSql('$1', '$2', '$3')} AS role`,
      [associationId, userId, ministryDay(new Date())],
    );
    return row?.role ?? null;
  }

  /** Whether the user is a board officer of the association, on a board whose term has not ended. */
  async boardOfficer(userId: string, associationId: string, em?: EntityManager): Promise<boolean> {
    const rows = await (em ?? this.dataSource.manager).query<unknown[]>(
      `SELECT 1 FROM board_members b JOIN association_terms t ON t.id = b.term_id
        WHERE t.association_id = $1 AND b.user_id = $2 AND b.role = ANY($3) AND t.ends_on >= $4::date
        LIMIT 1`,
      [associationId, userId, AssociationsAccess.MEETING_OFFICERS, ministryDay(new Date())],
    );
    return rows.length > 0;
  }

  /** The association's own admins (members with the role), not a global admin: certifying an election. */
  async electionAdmin(user: AuthUser, associationId: string, em?: EntityManager): Promise<AssociationAccess> {
    const access = await this.member(user, associationId, em);
    if (access.membership?.role !== 'admin') {
      throw forbidden('NOT_ASSOCIATION_ADMIN', "Only the association's admins may do this");
    }
    return access;
  }

  async admin(user: AuthUser, associationId: string, em?: EntityManager): Promise<AssociationAccess> {
    const access = await this.member(user, associationId, em);
    if (!isAdmin(user) && access.membership?.role !== 'admin') {
      throw forbidden('NOT_ASSOCIATION_ADMIN', "Only the association's admins may do this");
    }
    return access;
  }
}
