import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../common/auth/auth-user.js';
import { conflict, notFound } from '../common/errors/domain-error.js';
import { isUniqueViolation } from '../database/pg-errors.js';
import { TransactionService } from '../database/transaction.service.js';
import { AssociationsAccess } from './associations-access.js';
import type { BoardDto, BoardSeatDto } from './dto/association.dto.js';
import { BoardMember, type BoardRole } from './entities/board-member.entity.js';
import { Term } from './entities/term.entity.js';
import { TermsService, toTermDto } from './terms.service.js';

export interface BoardInstallation {
  termId: string;
  electionId: string;
  seated: { userId: string; votes: number }[];
  substitutes: { userId: string; rank: number; votes: number }[];
}

/** A term's board: reading it, giving a seat its role, and installing a certified election's result. */
@Injectable()
export class BoardService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly access: AssociationsAccess,
    private readonly terms: TermsService,
  ) {}

  async board(user: AuthUser, associationId: string, termId: string, em?: EntityManager): Promise<BoardDto> {
    await this.access.member(user, associationId, em);
    return this.boardOf(associationId, termId, em);
  }

  async boardOf(associationId: string, termId: string, em?: EntityManager): Promise<BoardDto> {
    const m = em ?? this.dataSource.manager;
    const term = await this.terms.findTerm(associationId, termId, m);
    if (!term) throw notFound('TERM_NOT_FOUND', 'No such term in this association');
    const rows = await m.query<
      {
        user_id: string;
        full_name: string;
        full_name_km: string | null;
        role: BoardSeatDto['role'];
        substitute_rank: number | null;
        votes: number | null;
        election_id: string | null;
      }[]
    >(
      `SELECT b.user_id, u.full_name, u.full_name_km, b.role, b.substitute_rank, b.votes, b.election_id
         FROM board_members b JOIN org_people u ON u.id = b.user_id
        WHERE b.term_id = $1
        ORDER BY b.substitute_rank NULLS FIRST,
                 array_position(ARRAY['president','vice_president','treasurer','secretary','member'], b.role),
                 b.votes DESC NULLS LAST, u.full_name`,
      [termId],
    );
    const seats: BoardSeatDto[] = rows.map((r) => ({
      userId: r.user_id,
      fullName: r.full_name,
      fullNameKm: r.full_name_km,
      role: r.role,
      substituteRank: r.substitute_rank,
      votes: r.votes,
    }));
    return {
      term: toTermDto(term),
      electionId: rows.find((r) => r.election_id)?.election_id ?? null,
      members: seats.filter((s) => s.role !== 'substitute'),
      substitutes: seats.filter((s) => s.role === 'substitute'),
    };
  }

  /** Gives a seated board member a role (president, vice-president, treasurer, secretary, member); one holder per role but `member`. */
  async setBoardRole(
    user: AuthUser,
    associationId: string,
    termId: string,
    userId: string,
    role: BoardRole,
  ): Promise<BoardDto> {
    return this.tx.run(async (em) => {
      await this.access.admin(user, associationId, em);
      const term = await em.findOne(Term, {
        where: { id: termId, associationId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!term) throw notFound('TERM_NOT_FOUND', 'No such term in this association');
      const seat = await em.findOneBy(BoardMember, { termId, userId });
      if (!seat || seat.role === 'substitute')
        throw notFound('BOARD_SEAT_NOT_FOUND', 'This user has no seat on the board');
      if (role !== 'member') {
        const holder = await em.findOneBy(BoardMember, { termId, role });
        if (holder && holder.userId !== userId) {
          throw conflict('BOARD_ROLE_TAKEN', `Another board member is already ${role}`, {
            userId: holder.userId,
          });
        }
      }
      const before = seat.role;
      seat.role = role;
      await em.save(seat);
      await this.audit.append(em, {
        stream: `association:${associationId}`,
        action: 'association.board_role_set',
        actorId: user.id,
        entityType: 'term',
        entityId: termId,
        data: { userId, before, role },
      });
      return this.boardOf(associationId, termId, em);
    });
  }

  /**
   * Installs a certified election's result as the term's board (in the caller's transaction).
   * The unique (term, user) index makes a second installation fail instead of duplicating seats.
   */
  async installBoard(em: EntityManager, input: BoardInstallation): Promise<void> {
    const existing = await em.count(BoardMember, { where: { termId: input.termId } });
    if (existing > 0) throw conflict('BOARD_ALREADY_INSTALLED', 'This term already has a board');
    const rows = [
      ...input.seated.map((s) => ({
        termId: input.termId,
        userId: s.userId,
        role: 'member' as const,
        substituteRank: null,
        votes: s.votes,
        electionId: input.electionId,
      })),
      ...input.substitutes.map((s) => ({
        termId: input.termId,
        userId: s.userId,
        role: 'substitute' as const,
        substituteRank: s.rank,
        votes: s.votes,
        electionId: input.electionId,
      })),
    ];
    try {
      if (rows.length) await em.insert(BoardMember, rows);
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict('BOARD_ALREADY_INSTALLED', 'This term already has a board');
      throw err;
    }
  }
}
