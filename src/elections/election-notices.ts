import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type NoticeRef, subjectOf, WaitingNotices } from '../notifications/waiting-notices.js';

/** The election a voting notice is about (`election:<id>:voting_opened`). */
const electionOf = (n: NoticeRef) => subjectOf(n, 'election');

/**
 * "Voting is open: please cast your ballot" waits on its reader while voting is open (as a ballot
 * sees it: voting, and its closing time not passed) and they are on the roll and have not voted;
 * once they voted, or voting closed, the notification list marks it done. It tells the reader only
 * what their own ballot's receipt already does.
 */
@Injectable()
export class ElectionNotices implements OnModuleInit {
  constructor(
    private readonly waiting: WaitingNotices,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.waiting.register(['election.opened'], (userId, notices) => this.stillWaiting(userId, notices));
  }

  private async stillWaiting(userId: string, notices: NoticeRef[]): Promise<Set<string>> {
    const electionIds = [...new Set(notices.map(electionOf).filter((id) => id !== null))];
    if (!electionIds.length) return new Set();
    const rows = await this.dataSource.query<{ election_id: string }[]>(
      `SELECT r.election_id FROM election_voter_roll r
         JOIN elections e ON e.id = r.election_id AND e.status = 'voting' AND e.voting_closes_at > now()
        WHERE r.election_id = ANY($2::uuid[]) AND r.user_id = $1 AND NOT r.voted`,
      [userId, electionIds],
    );
    const open = new Set(rows.map((r) => r.election_id));
    return new Set(notices.filter((n) => open.has(electionOf(n) ?? '')).map((n) => n.eventKey));
  }
}
