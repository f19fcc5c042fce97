import { Job } from '../../outbox/job.decorator.js';
import {
  type JobContext,
  type JobHandler,
  type JobPayloads,
  QueueName,
  STANDARD_RETRY,
} from '../../outbox/jobs.js';
import { TelegramBot } from '../telegram/telegram-bot.service.js';

declare module '../../outbox/jobs.js' {
  interface JobPayloads {
    /** The bot's answer in a chat (a link confirmed or refused), in the user's language. */
    'notifications.telegram_reply': { chatId: string; text: string };
  }
}

/** The bot's answer in a chat, sent after commit; a failure is logged (the user can press the link again). */
@Job({ name: 'notifications.telegram_reply', queue: QueueName.Telegram, retry: STANDARD_RETRY })
export class TelegramReplyJob implements JobHandler<'notifications.telegram_reply'> {
  constructor(private readonly bot: TelegramBot) {}

  handle(payload: JobPayloads['notifications.telegram_reply'], ctx: JobContext): Promise<void> {
    const api = this.bot.api;
    if (api) {
      ctx.afterCommit(async () => {
        await api.sendMessage(payload.chatId, payload.text);
      });
    }
    return Promise.resolve();
  }
}
