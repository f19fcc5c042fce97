import { Job } from '../../outbox/job.decorator.js';
import {
  type JobContext,
  type JobHandler,
  type JobPayloads,
  QueueName,
  STANDARD_RETRY,
} from '../../outbox/jobs.js';
import { MinutesDecisionsService } from '../minutes-decisions.service.js';

declare module '../../outbox/jobs.js' {
  interface JobPayloads {
    /**
     * The DWF decided on a document of type minutes or minutes_erratum (written by the approvals
     * engine): lock and publish approved minutes, reopen returned or rejected ones.
     */
    'meetings.minutes_decided': {
      documentId: string;
      status: 'approved' | 'rejected' | 'returned' | 'withdrawn';
      verificationCode: string | null;
      decidedAt: string;
    };
  }
}

/** The approvals engine's report of a decision on a minutes (or erratum) document. */
@Job({ name: 'meetings.minutes_decided', queue: QueueName.Meetings, retry: STANDARD_RETRY })
export class MinutesDecidedJob implements JobHandler<'meetings.minutes_decided'> {
  constructor(private readonly minutes: MinutesDecisionsService) {}

  handle(payload: JobPayloads['meetings.minutes_decided'], ctx: JobContext): Promise<void> {
    return this.minutes.onMinutesDecided(payload, ctx);
  }
}
