import type { EntityManager } from 'typeorm';
import type { NotificationParams } from '../notifications/templates.js';

/**
 * The job registry: every queue, every job name with its queue, and every payload, in one place.
 * Add a job here only together with its `@OnJob` handler: start-up fails when a name in `JOBS`
 * has no handler, or more than one.
 */
export enum QueueName {
  Workflow = 'workflow',
  Elections = 'elections',
  Meetings = 'meetings',
  Notifications = 'notifications',
  /** Bot API calls only, so the queue's limiter keeps them under Telegram's rate limit. */
  Telegram = 'telegram',
  System = 'system',
}

export const JOBS = {
  'notifications.dispatch': QueueName.Notifications,
  'notifications.email': QueueName.Notifications,
  'notifications.telegram': QueueName.Telegram,
  'notifications.telegram_reply': QueueName.Telegram,
  'notifications.digest': QueueName.Notifications,
  'meetings.reminder': QueueName.Meetings,
  'meetings.action_item_overdue': QueueName.Meetings,
  'meetings.action_item_sweep': QueueName.Meetings,
  'meetings.minutes_decided': QueueName.Meetings,
  'approvals.advance': QueueName.Workflow,
  'approvals.reminder': QueueName.Workflow,
  'approvals.escalate': QueueName.Workflow,
  'approvals.signed_copy': QueueName.Workflow,
  'elections.open_nominations': QueueName.Elections,
  'elections.open_voting': QueueName.Elections,
  'elections.close_voting': QueueName.Elections,
  'elections.tally': QueueName.Elections,
  'audit.checkpoint': QueueName.System,
} as const satisfies Record<string, QueueName>;

export type JobName = keyof typeof JOBS;

/** The payload of each job (JSON: strings, numbers, booleans, arrays and plain objects only). */
export interface JobPayloads {
  /** Create the in-app notifications of one event and queue their e-mails. */
  'notifications.dispatch': {
    userIds: string[];
    template: string;
    params: NotificationParams;
    link?: string | null;
    eventKey: string;
  };
  /** Send the e-mail of one notification (at most once). */
  'notifications.email': { notificationId: string };
  /** Send the Telegram message of one notification (once: the delivery is recorded on it). */
  'notifications.telegram': { notificationId: string };
  /** The bot's answer in a chat (a link confirmed or refused), in the user's language. */
  'notifications.telegram_reply': { chatId: string; text: string };
  /** The approvers' daily digest of waiting tasks for the local day `day`; schedules the next. */
  'notifications.digest': { day: string };
  /** Remind a meeting's participants before it starts (skipped if it was cancelled or moved). */
  'meetings.reminder': { meetingId: string; kind: '24h' | '1h'; startsAt: string };
  /** Remind the owner of an overdue action item, at most once a day; schedules the next day's. */
  'meetings.action_item_overdue': { actionItemId: string };
  /** The daily sweep of overdue action items not reminded today (UTC day `day`); schedules the next. */
  'meetings.action_item_sweep': { day: string };
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
  /** A stage of an approval request was approved: activate the next stage or sign off. */
  'approvals.advance': { requestId: string; stageIndex: number };
  /** 75% of a task's SLA: remind its assignee. */
  'approvals.reminder': { taskId: string };
  /** A task's deadline: escalate to the stage's escalation target. */
  'approvals.escalate': { taskId: string };
  /** Render the signed copy of an approved document (the approved version + the sign-off sheet), once. */
  'approvals.signed_copy': { documentId: string };
  /** Open nominations at `at`, if that is still the election's nominationsOpenAt. */
  'elections.open_nominations': { electionId: string; at: string };
  /** Open voting at `at` (freeze the roll, draw the ballot order), if still the election's votingOpensAt. */
  'elections.open_voting': { electionId: string; at: string };
  /** Close voting at `at` and queue the tally, if still the election's votingClosesAt. */
  'elections.close_voting': { electionId: string; at: string };
  /** Count the ballots of a closed election and store the results (once). */
  'elections.tally': { electionId: string };
  /** Sign a checkpoint of every audit stream's head (the slot `at`), then schedule the next one. */
  'audit.checkpoint': { at: string };
}

/** What a handler gets besides its payload. */
export interface JobContext {
  /** The handler's transaction: the outbox event is marked processed in it, so the effect happens once. */
  em: EntityManager;
  /** The outbox event id (also the BullMQ job id). */
  eventId: string;
  /**
   * Work to do once the transaction has committed, for effects outside PostgreSQL that must
   * happen at most once (an e-mail). Its failure is logged; the job is not retried for it.
   */
  afterCommit(fn: () => Promise<void>): void;
}

export type JobHandler<N extends JobName> = (payload: JobPayloads[N], ctx: JobContext) => Promise<unknown>;

export const jobNames = (): JobName[] => Object.keys(JOBS) as JobName[];
export const isJobName = (name: string): name is JobName => Object.hasOwn(JOBS, name);

/** Compile-time check: `JOBS` and `JobPayloads` name the same jobs. */
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _jobsMatchPayloads: SameKeys<JobName, keyof JobPayloads> = true;
void _jobsMatchPayloads;
