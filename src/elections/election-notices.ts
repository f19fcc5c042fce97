import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { WaitingNotices } from '../notifications/waiting-notices.js';

/**
 * "Voting is open: please cast your ballot" waits on its reader while voting is open and they are
 * on the roll and have not voted; once they voted, or voting closed, the notification list marks
 * it done. It tells the reader only what their own ballot's receipt already does.
 */
@Injectable()
export class ElectionNotices implements OnModuleInit {
  constructor(
    private readonly waiting: WaitingNotices,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.waiting.register({ kinds: ['election.opened'], page: '/elections/' }, (userId, electionIds) =>
      this.awaitingBallot(userId, electionIds),
    );
  }

  private async awaitingBallot(userId: string, electionIds: string[]): Promise<Set<string>> {
    const rows = await this.dataSource.query<{ election_id: string }[]>(
      `SELECT r.election_id FROM election_voter_roll r
         JOIN elections e ON e.id = r.election_id AND e.status = 'voting'
        WHERE r.election_id = ANY($2::uuid[]) AND r.user_id = $1 AND NOT r.voted`,
      [userId, electionIds],
    );
    return new Set(rows.map((r) => r.election_id));
  }
}
