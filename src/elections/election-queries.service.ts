import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AssociationsAccess } from '../associations/associations-access.js';
import type { MemberRole, MemberStatus } from '../associations/entities/association-member.entity.js';
import { isAdmin, type AuthUser } from '../common/auth/auth-user.js';
import { decodeCursor, type Page, toPage } from '../common/http/pagination.js';
import type { ElectionDto } from './dto/election.dto.js';
import type { MyElectionDto, MyElectionsQueryDto } from './dto/my-elections.dto.js';
import { ElectionPresenter } from './election-presenter.js';
import type { ElectionStatus } from './election-state.js';
import { ElectionsAccess } from './elections-access.js';
import { Election } from './entities/election.entity.js';

/** Reading elections: one, an association's, and the caller's own across associations. */
@Injectable()
export class ElectionQueriesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: ElectionsAccess,
    private readonly associationsAccess: AssociationsAccess,
    private readonly presenter: ElectionPresenter,
  ) {}

  async get(user: AuthUser, id: string): Promise<ElectionDto> {
    const { election } = await this.access.member(user, id);
    return this.presenter.present(election);
  }

  async listForAssociation(user: AuthUser, associationId: string): Promise<{ items: ElectionDto[] }> {
    await this.associationsAccess.member(user, associationId);
    const elections = await this.dataSource.manager.find(Election, {
      where: { associationId },
      order: { createdAt: 'DESC' },
    });
    return { items: await Promise.all(elections.map((e) => this.presenter.present(e))) };
  }

  /**
   * The elections of every association the caller belongs to (every association for an admin),
   * those where voting is open first, then nominations, drafts, and the finished ones; each with
   * whether the caller may vote and has voted (the roll's flag, never how).
   */
  async mine(user: AuthUser, query: MyElectionsQueryDto): Promise<Page<MyElectionDto>> {
    const limit = query.limit ?? 50;
    const after = decodeCursor<[number, string, string]>(query.cursor, 3);
    const rows = await this.dataSource.query<
      {
        id: string;
        title: string;
        status: ElectionStatus;
        association_id: string;
        name: string;
        name_km: string | null;
        term_id: string;
        seats: number;
        eligible_statuses: MemberStatus[];
        nominations_open_at: Date | null;
        voting_opens_at: Date;
        voting_closes_at: Date;
        voting_opened_at: Date | null;
        voting_closed_at: Date | null;
        my_status: MemberStatus | null;
        title_km: string | null;
        my_role: MemberRole | null;
        on_roll: boolean;
        voted: boolean;
        rank: number;
        closes: string;
      }[]
    >(
      `SELECT * FROM (
         SELECT e.id, e.title, e.title_km, e.status, e.association_id, a.name, a.name_km, e.term_id, e.seats,
                e.eligible_statuses, e.nominations_open_at, e.voting_opens_at, e.voting_closes_at,
                e.voting_opened_at, e.voting_closed_at, m.status AS my_status, m.role AS my_role,
                r.user_id IS NOT NULL AS on_roll, coalesce(r.voted, false) AS voted,
                array_position(ARRAY['voting','nominations','draft','closed','certified','cancelled'], e.status) AS rank,
                to_char(e.voting_closes_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS closes
           FROM elections e
           JOIN association_names a ON a.id = e.association_id
           LEFT JOIN association_memberships m ON m.association_id = e.association_id AND m.user_id = $1
           LEFT JOIN election_voter_roll r ON r.election_id = e.id AND r.user_id = $1
          WHERE (m.id IS NOT NULL OR $2) AND ($3::text IS NULL OR e.status = $3)) x
        WHERE ($4::int IS NULL OR (x.rank, x.closes, x.id) > ($4, $5, $6::uuid))
        ORDER BY x.rank, x.closes, x.id
        LIMIT $7`,
      [
        user.id,
        isAdmin(user),
        query.status ?? null,
        after?.[0] ?? null,
        after?.[1] ?? null,
        after?.[2] ?? null,
        limit + 1,
      ],
    );
    const frozen = (s: ElectionStatus) => !['draft', 'nominations'].includes(s);
    const items = rows.map((r) => {
      const eligible = frozen(r.status)
        ? r.on_roll
        : r.my_status !== null && r.eligible_statuses.includes(r.my_status);
      return {
        row: r,
        dto: {
          id: r.id,
          title: r.title,
          titleKm: r.title_km,
          status: r.status,
          associationId: r.association_id,
          associationName: r.name,
          associationNameKm: r.name_km,
          termId: r.term_id,
          seats: r.seats,
          eligibleStatuses: r.eligible_statuses,
          nominationsOpenAt: r.nominations_open_at,
          votingOpensAt: r.voting_opens_at,
          votingClosesAt: r.voting_closes_at,
          votingOpenedAt: r.voting_opened_at,
          votingClosedAt: r.voting_closed_at,
          myStatus: r.my_status,
          myRole: r.my_role,
          eligible,
          voted: r.voted,
          mayVoteNow: r.status === 'voting' && r.on_roll && !r.voted,
          mayRun: r.my_role === 'committee' || r.my_role === 'admin',
        } satisfies MyElectionDto,
      };
    });
    const page = toPage(items, limit, (i) => [i.row.rank, i.row.closes, i.row.id]);
    return { items: page.items.map((i) => i.dto), nextCursor: page.nextCursor };
  }
}
