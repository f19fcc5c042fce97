import { Job } from '../../outbox/job.decorator.js';
import {
  type JobContext,
  type JobHandler,
  type JobPayloads,
  QueueName,
  STANDARD_RETRY,
} from '../../outbox/jobs.js';
import { ElectionsService } from '../elections.service.js';

declare module '../../outbox/jobs.js' {
  interface JobPayloads {
    /** Count the ballots of a closed election and store the results (once). */
    'elections.tally': { electionId: string };
  }
}

/** Counts a closed election's ballots once (the service does nothing when the results exist). */
@Job({ name: 'elections.tally', queue: QueueName.Elections, retry: STANDARD_RETRY })
export class TallyJob implements JobHandler<'elections.tally'> {
  constructor(private readonly elections: ElectionsService) {}

  async handle(p: JobPayloads['elections.tally'], { em }: JobContext): Promise<void> {
    await this.elections.tally(em, p.electionId);
  }
}
