import { Job } from '../../outbox/job.decorator.js';
import {
  type JobContext,
  type JobHandler,
  type JobPayloads,
  QueueName,
  STANDARD_RETRY,
} from '../../outbox/jobs.js';
import { ElectionsService } from '../elections.service.js';
import { lockElection } from './lock-election.js';

declare module '../../outbox/jobs.js' {
  interface JobPayloads {
    /** Close voting at `at` and queue the tally, if still the election's votingClosesAt. */
    'elections.close_voting': { electionId: string; at: string };
  }
}

/** Closes voting at the scheduled time and queues the tally. */
@Job({ name: 'elections.close_voting', queue: QueueName.Elections, retry: STANDARD_RETRY })
export class CloseVotingJob implements JobHandler<'elections.close_voting'> {
  constructor(private readonly elections: ElectionsService) {}

  async handle(p: JobPayloads['elections.close_voting'], { em }: JobContext): Promise<void> {
    const e = await lockElection(em, p.electionId);
    if (!e || e.status !== 'voting' || e.votingClosesAt.toISOString() !== p.at) return;
    await this.elections.doCloseVoting(em, e, null);
  }
}
