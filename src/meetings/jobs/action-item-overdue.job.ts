import { Job } from '../../outbox/job.decorator.js';
import {
  type JobContext,
  type JobHandler,
  type JobPayloads,
  QueueName,
  STANDARD_RETRY,
} from '../../outbox/jobs.js';
import { ActionItemsService } from '../action-items.service.js';

declare module '../../outbox/jobs.js' {
  interface JobPayloads {
    /** Remind the owner of an overdue action item, at most once a day; schedules the next day's. */
    'meetings.action_item_overdue': { actionItemId: string };
  }
}

/** One overdue action item's daily reminder (once per day, checked under the item's row lock). */
@Job({ name: 'meetings.action_item_overdue', queue: QueueName.Meetings, retry: STANDARD_RETRY })
export class ActionItemOverdueJob implements JobHandler<'meetings.action_item_overdue'> {
  constructor(private readonly items: ActionItemsService) {}

  handle(payload: JobPayloads['meetings.action_item_overdue'], ctx: JobContext): Promise<void> {
    return this.items.onOverdue(payload, ctx);
  }
}
