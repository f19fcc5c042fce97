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
    /** Open nominations at `at`, if that is still the election's nominationsOpenAt. */
    'elections.open_nominations': { electionId: string; at: string };
  }
}

/** Opens nominations at the scheduled time (see `lockElection` for when it does nothing). */
@Job({ name: 'elections.open_nominations', queue: QueueName.Elections, retry: STANDARD_RETRY })
export class OpenNominationsJob implements JobHandler<'elections.open_nominations'> {
  constructor(private readonly elections: ElectionsService) {}

  async handle(p: JobPayloads['elections.open_nominations'], { em }: JobContext): Promise<void> {
    const e = await lockElection(em, p.electionId);
    if (!e || e.status !== 'draft' || e.nominationsOpenAt?.toISOString() !== p.at) return;
    await this.elections.doOpenNominations(em, e, null);
  }
}
