import { Job } from '../../outbox/job.decorator.js';
import {
  type JobContext,
  type JobHandler,
  type JobPayloads,
  QueueName,
  STANDARD_RETRY,
} from '../../outbox/jobs.js';
import { AuditCheckpoints } from '../audit-checkpoints.service.js';

declare module '../../outbox/jobs.js' {
  interface JobPayloads {
    /** Sign a checkpoint of every audit stream's head (the slot `at`), then schedule the next one. */
    'audit.checkpoint': { at: string };
  }
}

/** The scheduled checkpoint: makes one (a refusal is logged, not retried) and schedules the next. */
@Job({ name: 'audit.checkpoint', queue: QueueName.System, retry: STANDARD_RETRY })
export class CheckpointJob implements JobHandler<'audit.checkpoint'> {
  constructor(private readonly checkpoints: AuditCheckpoints) {}

  handle(payload: JobPayloads['audit.checkpoint'], ctx: JobContext): Promise<void> {
    return this.checkpoints.onSchedule(payload, ctx);
  }
}
