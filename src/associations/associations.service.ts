import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { isAdmin, type AuthUser } from '../common/auth/auth-user.js';
import { badRequest, conflict, notFound } from '../common/errors/domain-error.js';
import { decodeCursor, type Page, toPage } from '../common/http/pagination.js';
import { isUniqueViolation } from '../database/pg-errors.js';
import { TransactionService } from '../database/transaction.service.js';
import { OrgService } from '../org/org.service.js';
import { AssociationsAccess } from './associations-access.js';
import type {
  AddAssociationMemberDto,
  AssociationDto,
  BoardDto,
  BoardSeatDto,
  CreateAssociationDto,
  CreateTermDto,
  MemberImportReportDto,
  MemberImportRowDto,
  AssociationMemberDto,
  AssociationMembersQueryDto,
  TermDto,
  UpdateAssociationMemberDto,
} from './dto/association.dto.js';
import { AssociationMember, type MemberStatus } from './entities/association-member.entity.js';
import { Association } from './entities/association.entity.js';
import { BoardMember, type BoardRole } from './entities/board-member.entity.js';
import { Term } from './entities/term.entity.js';
import {
  checkImportRows,
  CsvError,
  describeProblem,
  type ImportProblem,
  parseCsv,
  problem,
} from './members-csv.js';

export interface BoardInstallation {
  termId: string;
  electionId: string;
  seated: { userId: string; votes: number }[];
  substitutes: { userId: string; rank: number; votes: number }[];
}

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

const toTermDto = (t: Term): TermDto => ({
  id: t.id,
  associationId: t.associationId,
  number: t.number,
  startsOn: t.startsOn,
  endsOn: t.endsOn,
  boardSeats: t.boardSeats,
});

/** Associations, their members, terms and boards. Exported for the elections module. */
@Injectable()
export class AssociationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly access: AssociationsAccess,
    private readonly org: OrgService,
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
    return {
      ...association,
      myMembership: membership
        ? { status: membership.status, role: membership.role, memberNo: membership.memberNo }
        : null,
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

  /**
   * Row-by-row import: each row's outcome is reported (`imported`, `unchanged` when the user is
   * already a member, `rejected` with a reason); one bad row does not refuse the file, and a
   * re-upload of the same file imports nothing twice (its rows come back `unchanged`).
   *
   * Transaction shape: one transaction for the whole file. The rows are checked first (shape, the
   * user exists, not already a member, member number free, no duplicate in the file) against what
   * the transaction reads; the good rows then go in with ONE `INSERT ... ON CONFLICT DO NOTHING
   * RETURNING`, so a row that a concurrent change made a duplicate (the same user or member number
   * added meanwhile) is skipped and reported instead of aborting the others: the effect a savepoint
   * per row would have, without 20,000 savepoints. One audit entry records the counts. If anything
   * else fails, nothing of the file is imported, and uploading it again is safe.
   */
  async importMembers(
    user: AuthUser,
    associationId: string,
    csv: string,
    lineOffset = 0,
  ): Promise<MemberImportReportDto> {
    let parsed;
    let checked;
    try {
      parsed = parseCsv(csv);
      checked = checkImportRows(parsed.header, parsed.rows);
    } catch (err) {
      if (err instanceof CsvError) throw badRequest('CSV_INVALID', err.message);
      throw err;
    }
    return this.tx.run(async (em) => {
      await this.access.admin(user, associationId, em);
      const outcomes = new Map<number, MemberImportRowDto>();
      const named = (fields: Record<string, string>) => fields.username || fields.userid || null;
      const unchanged = (line: number, name: string | null): MemberImportRowDto => ({
        line,
        outcome: 'unchanged',
        user: name,
        reason: 'already a member',
        problems: [problem('ALREADY_MEMBER')],
      });
      for (const r of checked.rejected) {
        const row = parsed.rows.find((p) => p.line === r.line);
        outcomes.set(r.line, {
          line: r.line,
          outcome: 'rejected',
          user: row ? named(row.fields) : null,
          reason: r.reason,
          problems: r.problems,
        });
      }
      const rows = checked.ok;
      // Resolve users by username or id (one query).
      const users = await em.query<{ id: string; username: string }[]>(
        `SELECT id, username FROM users WHERE username = ANY($1::text[]) OR id = ANY($2::uuid[])`,
        [
          rows.filter((r) => r.username).map((r) => r.username),
          rows.filter((r) => r.userId).map((r) => r.userId),
        ],
      );
      const byUsername = new Map(users.map((u) => [u.username, u.id]));
      const byId = new Set(users.map((u) => u.id));
      const existing = await em.query<{ user_id: string; member_no: string | null }[]>(
        `SELECT user_id, member_no FROM association_members WHERE association_id = $1`,
        [associationId],
      );
      const existingUsers = new Set(existing.map((e) => e.user_id));
      const existingNos = new Set(existing.map((e) => e.member_no).filter(Boolean));
      const seenUsers = new Map<string, number>();
      const seenNos = new Map<string, number>();
      const good: { userId: string; row: (typeof rows)[number] }[] = [];
      for (const row of rows) {
        const name = row.username ?? row.userId;
        const userId = row.userId
          ? byId.has(row.userId)
            ? row.userId
            : null
          : (byUsername.get(row.username!) ?? null);
        const problems: ImportProblem[] = [];
        const reject = () =>
          outcomes.set(row.line, {
            line: row.line,
            outcome: 'rejected',
            user: name,
            reason: problems.map(describeProblem).join('; '),
            problems,
          });
        if (!userId)
          problems.push(
            row.userId ? problem('USER_ID_UNKNOWN', row.userId) : problem('USERNAME_UNKNOWN', row.username),
          );
        else if (seenUsers.has(userId)) problems.push(problem('USER_REPEATED', null, seenUsers.get(userId)));
        else if (existingUsers.has(userId)) {
          // Already a member: nothing to do (a re-upload of the same file lands here).
          seenUsers.set(userId, row.line);
          outcomes.set(row.line, unchanged(row.line, name));
          continue;
        }
        if (row.memberNo) {
          if (existingNos.has(row.memberNo)) problems.push(problem('MEMBER_NO_TAKEN', row.memberNo));
          else if (seenNos.has(row.memberNo))
            problems.push(problem('MEMBER_NO_REPEATED', row.memberNo, seenNos.get(row.memberNo)));
        }
        if (userId && !seenUsers.has(userId)) seenUsers.set(userId, row.line);
        if (problems.length) {
          reject();
          continue;
        }
        if (row.memberNo) seenNos.set(row.memberNo, row.line);
        good.push({ userId: userId!, row });
      }
      const inserted = good.length
        ? await em.query<{ user_id: string }[]>(
            `INSERT INTO association_members (association_id, user_id, status, member_no, joined_on, role)
             SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::text[], $5::date[], $6::text[])
             ON CONFLICT DO NOTHING
             RETURNING user_id`,
            [
              associationId,
              good.map((g) => g.userId),
              good.map((g) => g.row.status),
              good.map((g) => g.row.memberNo),
              good.map((g) => g.row.joinedOn),
              good.map((g) => g.row.role),
            ],
          )
        : [];
      const added = new Set(inserted.map((r) => r.user_id));
      const skipped = good.filter((g) => !added.has(g.userId));
      // Rows a concurrent change made duplicates: already a member now, or their number taken.
      const nowMembers = skipped.length
        ? new Set(
            (
              await em.query<{ user_id: string }[]>(
                `SELECT user_id FROM association_members WHERE association_id = $1 AND user_id = ANY($2::uuid[])`,
                [associationId, skipped.map((g) => g.userId)],
              )
            ).map((r) => r.user_id),
          )
        : new Set<string>();
      for (const { userId, row } of good) {
        const name = row.username ?? row.userId;
        if (added.has(userId))
          outcomes.set(row.line, {
            line: row.line,
            outcome: 'imported',
            user: name,
            reason: null,
            problems: [],
          });
        else if (nowMembers.has(userId)) outcomes.set(row.line, unchanged(row.line, name));
        else {
          const problems = [problem('MEMBER_NO_TAKEN', row.memberNo)];
          outcomes.set(row.line, {
            line: row.line,
            outcome: 'rejected',
            user: name,
            reason: problems.map(describeProblem).join('; '),
            problems,
          });
        }
      }
      const report = [...outcomes.values()]
        .sort((a, b) => a.line - b.line)
        .map((r) => ({ ...r, line: r.line + lineOffset }));
      const count = (o: MemberImportRowDto['outcome']) => report.filter((r) => r.outcome === o).length;
      const result: MemberImportReportDto = {
        imported: count('imported'),
        unchanged: count('unchanged'),
        rejected: report
          .filter((r) => r.outcome === 'rejected')
          .map((r) => ({ line: r.line, reason: r.reason! })),
        rows: report,
      };
      await this.audit.append(em, {
        stream: `association:${associationId}`,
        action: 'association.members_imported',
        actorId: user.id,
        entityType: 'association',
        entityId: associationId,
        data: {
          count: result.imported,
          unchanged: result.unchanged,
          rejected: result.rejected.length,
          userIds: [...added],
        },
      });
      return result;
    });
  }

  async listMembers(
    user: AuthUser,
    associationId: string,
    query: AssociationMembersQueryDto,
  ): Promise<Page<AssociationMemberDto>> {
    await this.access.member(user, associationId);
    const limit = query.limit ?? 50;
    const after = decodeCursor<[string]>(query.cursor, 1);
    const rows = await this.memberRows(this.dataSource.manager, associationId, {
      status: query.status,
      search: query.search?.trim() || undefined,
      afterId: after?.[0],
      limit: limit + 1,
    });
    return toPage(rows.map(toMemberDto), limit, (m) => [m.id]);
  }

  private async memberRows(
    em: EntityManager,
    associationId: string,
    opts: { status?: MemberStatus; search?: string; afterId?: string; userId?: string; limit?: number },
  ): Promise<MemberRow[]> {
    return await em.query<MemberRow[]>(
      `SELECT m.id, m.association_id, m.user_id, u.username, u.full_name, u.full_name_km,
              m.status, m.member_no, to_char(m.joined_on, 'YYYY-MM-DD') AS joined_on, m.role
         FROM association_members m JOIN users u ON u.id = m.user_id
        WHERE m.association_id = $1
          AND ($2::text IS NULL OR m.status = $2)
          AND ($3::uuid IS NULL OR m.id > $3)
          AND ($4::uuid IS NULL OR m.user_id = $4)
          AND ($6::text IS NULL OR strpos(lower(u.full_name), lower($6)) > 0
               OR strpos(coalesce(u.full_name_km, ''), $6) > 0 OR strpos(u.username, lower($6)) > 0
               OR strpos(lower(coalesce(m.member_no, '')), lower($6)) > 0)
        ORDER BY m.id
        LIMIT $5`,
      [
        associationId,
        opts.status ?? null,
        opts.afterId ?? null,
        opts.userId ?? null,
        opts.limit ?? 1,
        opts.search ?? null,
      ],
    );
  }

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

  async board(user: AuthUser, associationId: string, termId: string, em?: EntityManager): Promise<BoardDto> {
    await this.access.member(user, associationId, em);
    return this.boardOf(associationId, termId, em);
  }

  async boardOf(associationId: string, termId: string, em?: EntityManager): Promise<BoardDto> {
    const m = em ?? this.dataSource.manager;
    const term = await this.findTerm(associationId, termId, m);
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
         FROM board_members b JOIN users u ON u.id = b.user_id
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
