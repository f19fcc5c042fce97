import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { TermsService } from '../associations/terms.service.js';
import { boardSizeChange } from './board-size.js';
import type { CandidateDto, ElectionDto } from './dto/election.dto.js';
import type { Election } from './entities/election.entity.js';

/**
 * An election as the API shows it: its candidates, its turnout so far (a count only), its term's
 * number and whether it would install a board of another size than the term's.
 */
@Injectable()
export class ElectionPresenter {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly terms: TermsService,
  ) {}

  async candidates(em: EntityManager, electionId: string): Promise<CandidateDto[]> {
    return await em.query<CandidateDto[]>(
      `SELECT c.id, c.user_id AS "userId", u.full_name AS "fullName", u.full_name_km AS "fullNameKm",
              c.statement, c.ballot_order AS "ballotOrder", c.status
         FROM election_candidates c JOIN org_people u ON u.id = c.user_id
        WHERE c.election_id = $1
        ORDER BY c.ballot_order NULLS LAST, c.created_at, c.id`,
      [electionId],
    );
  }

  async present(e: Election, em: EntityManager = this.dataSource.manager): Promise<ElectionDto> {
    // In turn: `em` may be a transaction, whose one connection takes one query at a time.
    const candidates = await this.candidates(em, e.id);
    const turnout = await em.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM election_voter_roll WHERE election_id = $1 AND voted`,
      [e.id],
    );
    const term = await this.terms.findTerm(e.associationId, e.termId, em);
    const tb = e.results?.tieBreak;
    return {
      id: e.id,
      associationId: e.associationId,
      termId: e.termId,
      termNumber: term!.number,
      parentElectionId: e.parentElectionId,
      title: e.title,
      titleKm: e.titleKm,
      seats: e.seats,
      maxChoices: e.maxChoices,
      eligibleStatuses: e.eligibleStatuses,
      nominationsOpenAt: e.nominationsOpenAt,
      votingOpensAt: e.votingOpensAt,
      votingClosesAt: e.votingClosesAt,
      quorumPercent: e.quorumPercent,
      tieBreak: e.tieBreak,
      lotCommitment: e.lotCommitment,
      status: e.status,
      votingOpenedAt: e.votingOpenedAt,
      votingClosedAt: e.votingClosedAt,
      candidates:
        e.status === 'draft' || e.status === 'nominations'
          ? candidates
          : candidates.filter((c) => c.status === 'active'),
      turnout: { voted: turnout[0].n, eligible: e.eligibleCount },
      resultsAvailable: (e.status === 'closed' || e.status === 'certified') && !!e.results,
      runoffElectionId: tb?.method === 'runoff' ? tb.runoffElectionId : null,
      certifiedBy: e.certifiedBy,
      certifiedAt: e.certifiedAt,
      boardSizeChange: boardSizeChange(e, term!),
    };
  }
}
