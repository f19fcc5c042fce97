import { Logger } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-error.js';
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
    /** Open voting at `at` (freeze the roll, draw the ballot order), if still the election's votingOpensAt. */
    'elections.open_voting': { electionId: string; at: string };
  }
}

/** Opens voting at the scheduled time; an election not openable as it stands is left to the committee. */
@Job({ name: 'elections.open_voting', queue: QueueName.Elections, retry: STANDARD_RETRY })
export class OpenVotingJob implements JobHandler<'elections.open_voting'> {
  private readonly logger = new Logger(OpenVotingJob.name);

  constructor(private readonly elections: ElectionsService) {}

  async handle(p: JobPayloads['elections.open_voting'], { em }: JobContext): Promise<void> {
    const e = await lockElection(em, p.electionId);
    if (!e || !['draft', 'nominations'].includes(e.status) || e.votingOpensAt.toISOString() !== p.at) return;
    try {
      await this.elections.doOpenVoting(em, e, null);
    } catch (err) {
      // Not openable as it stands (no candidates, closing time passed): the committee must act.
      if (err instanceof DomainError) {
        this.logger.warn(`election ${e.id} not opened at its scheduled time: ${err.code}`);
        return;
      }
      throw err;
    }
  }
}
