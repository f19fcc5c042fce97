import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user.js';
import { SignedLinks } from '../common/auth/signed-links.js';
import type { ElectionResultsDto, PublishedBallotsDto, PublishedReceiptsDto } from './dto/election.dto.js';
import { ElectionTallyService } from './election-tally.service.js';
import { ElectionsAccess } from './elections-access.js';
import { assertMixed, resultsOf } from './published-results.js';
import { renderResultsSvg } from './results-svg.js';
import type { ElectionResults } from './tally.js';

/** What is published after closing, to the members: results (and their chart), a recount, receipts, ballots. */
@Injectable()
export class ElectionResultsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: ElectionsAccess,
    private readonly links: SignedLinks,
    private readonly tallies: ElectionTallyService,
  ) {}

  /** A fresh count from the ballots, for anyone who wants to check the stored one (members, after the tally). */
  async recount(user: AuthUser, id: string): Promise<ElectionResults> {
    const { election } = await this.access.member(user, id);
    assertMixed(election);
    return this.tallies.computeTally(this.dataSource.manager, election);
  }

  async results(user: AuthUser, id: string): Promise<ElectionResultsDto> {
    const { election } = await this.access.member(user, id);
    return {
      ...resultsOf(election),
      chartUrl: this.links.sign(`/api/v1/elections/${election.id}/results.svg`, user),
      ballotsUrl: this.links.sign(`/api/v1/elections/${election.id}/ballots`, user),
      receiptsUrl: this.links.sign(`/api/v1/elections/${election.id}/receipts`, user),
    };
  }

  async resultsSvg(user: AuthUser, id: string): Promise<string> {
    const { election } = await this.access.member(user, id);
    resultsOf(election);
    return renderResultsSvg(election.title, election.results!);
  }

  async receipts(user: AuthUser, id: string): Promise<PublishedReceiptsDto> {
    const { election } = await this.access.member(user, id);
    assertMixed(election);
    const rows = await this.dataSource.query<{ receipt: string }[]>(
      `SELECT receipt FROM election_ballots WHERE election_id = $1 ORDER BY receipt`,
      [id],
    );
    return { receipts: rows.map((r) => r.receipt), count: rows.length };
  }

  /** The ballots without receipts, ordered by their random id: an order unrelated to casting. */
  async ballots(user: AuthUser, id: string): Promise<PublishedBallotsDto> {
    const { election } = await this.access.member(user, id);
    assertMixed(election);
    const rows = await this.dataSource.query<{ choices: string[] }[]>(
      `SELECT choices FROM election_ballots WHERE election_id = $1 ORDER BY id`,
      [id],
    );
    return { ballots: rows.map((r) => ({ choices: r.choices })), count: rows.length };
  }
}
