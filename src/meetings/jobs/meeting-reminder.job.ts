import { Job } from '../../outbox/job.decorator.js';
import {
  type JobContext,
  type JobHandler,
  type JobPayloads,
  QueueName,
  STANDARD_RETRY,
} from '../../outbox/jobs.js';
import { MeetingRemindersService } from '../meeting-reminders.service.js';

declare module '../../outbox/jobs.js' {
  interface JobPayloads {
    /** Remind a meeting's participants before it starts (skipped if it was cancelled or moved). */
    'meetings.reminder': { meetingId: string; kind: '24h' | '1h'; startsAt: string };
  }
}

/** A reminder before a meeting; the service skips it when the meeting was cancelled or moved since. */
@Job({ name: 'meetings.reminder', queue: QueueName.Meetings, retry: STANDARD_RETRY })
export class MeetingReminderJob implements JobHandler<'meetings.reminder'> {
  constructor(private readonly reminders: MeetingRemindersService) {}

  handle(payload: JobPayloads['meetings.reminder'], ctx: JobContext): Promise<void> {
    return this.reminders.onReminder(payload, ctx);
  }
}
