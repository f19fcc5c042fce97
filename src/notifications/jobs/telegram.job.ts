import { Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { GrammyError, InlineKeyboard } from 'grammy';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config.js';
import { TransactionService } from '../../database/transaction.service.js';
import { updatedRows } from '../../database/updated-rows.js';
import { isUuid } from '../../common/uuid.js';
import { Job } from '../../outbox/job.decorator.js';
import {
  type JobContext,
  type JobHandler,
  type JobPayloads,
  QueueName,
  STANDARD_RETRY,
} from '../../outbox/jobs.js';
import { TelegramBot } from '../telegram/telegram-bot.service.js';
import { TelegramLinksService } from '../telegram/telegram-links.service.js';

declare module '../../outbox/jobs.js' {
  interface JobPayloads {
    /** Send the Telegram message of one notification (once: the delivery is recorded on it). */
    'notifications.telegram': { notificationId: string };
  }
}

const OPEN = { km: 'បើកមើល', en: 'Open' } as const;

const escapeHtml = (s: string) =>
  s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);

/**
 * Telegram accepts a URL button only for a public address: a development PUBLIC_BASE_URL
 * (localhost, a bare host name) gets its link written in the text instead.
 */
const buttonUrl = (url: string) => {
  const host = new URL(url).hostname;
  return host.includes('.') && !/^(127\.|10\.|192\.168\.|0\.)/.test(host) && host !== 'localhost';
};

interface Claimed {
  id: string;
  user_id: string;
  title: string;
  body: string;
  link: string | null;
  locale: string;
  chat_id: string | null;
}

/**
 * The Telegram message of a notification (queue `telegram`, rate limited by BullMQ's limiter).
 *
 * Each is sent at most once: the job claims the notification (`telegram_status` pending → sending,
 * committed before the call), then records `sent` with Telegram's message_id. A 429 is waited out
 * inside the call (auto-retry honours `retry_after`); a 5xx or a network failure puts the claim back
 * to pending and throws, so BullMQ retries the job with its backoff; a 403 (the user blocked the bot)
 * ends the link and tells the user in the app; any other refusal is recorded as failed.
 */
@Job({ name: 'notifications.telegram', queue: QueueName.Telegram, retry: STANDARD_RETRY })
export class TelegramJob implements JobHandler<'notifications.telegram'> {
  private readonly logger = new Logger(TelegramJob.name);

  constructor(
    private readonly config: AppConfig,
    private readonly bot: TelegramBot,
    private readonly links: TelegramLinksService,
    private readonly tx: TransactionService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async handle(payload: JobPayloads['notifications.telegram'], _ctx: JobContext): Promise<void> {
    if (!isUuid(payload.notificationId)) return;
    const n = await this.claim(payload.notificationId);
    if (!n) return;
    const api = this.bot.api;
    if (!api || !n.chat_id) {
      // Unlinked (or the token removed) since the notification was made: nothing to send.
      await this.mark(n.id, 'skipped');
      return;
    }
    const lang = n.locale === 'en' ? 'en' : 'km';
    const url = n.link
      ? /^https?:\/\//.test(n.link)
        ? n.link
        : new URL(n.link, this.config.PUBLIC_BASE_URL).toString()
      : null;
    const withButton = url !== null && buttonUrl(url);
    const text = [`<b>${escapeHtml(n.title)}</b>`, escapeHtml(n.body), url && !withButton ? url : '']
      .filter(Boolean)
      .join('\n\n');
    try {
      const sent = await api.sendMessage(n.chat_id, text, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        ...(withButton ? { reply_markup: new InlineKeyboard().url(OPEN[lang], url) } : {}),
      });
      await this.dataSource.query(
        `UPDATE notifications SET telegram_status = 'sent', telegram_message_id = $2, telegrammed_at = now()
         WHERE id = $1`,
        [n.id, sent.message_id],
      );
    } catch (err) {
      await this.failed(n, err);
    }
  }

  /** pending → sending, committed at once: a redelivered or concurrent job finds it claimed. */
  private async claim(id: string): Promise<Claimed | undefined> {
    const [n] = updatedRows<Claimed>(
      await this.dataSource.query(
        `UPDATE notifications n SET telegram_status = 'sending'
         FROM org_people u LEFT JOIN telegram_links l ON l.user_id = u.id
         WHERE n.id = $1 AND n.telegram_status = 'pending' AND u.id = n.user_id
         RETURNING n.id, n.user_id, n.title, n.body, n.link, u.locale, l.chat_id`,
        [id],
      ),
    );
    return n;
  }

  private async mark(id: string, status: 'pending' | 'failed' | 'skipped' | 'blocked'): Promise<void> {
    await this.dataSource.query(`UPDATE notifications SET telegram_status = $2 WHERE id = $1`, [id, status]);
  }

  private async failed(n: Claimed, err: unknown): Promise<void> {
    if (err instanceof GrammyError && err.error_code === 403) {
      this.logger.warn(`Telegram refused notification ${n.id} (403): the link of ${n.user_id} ends`);
      await this.tx.run(async (em) => {
        await em.query(`UPDATE notifications SET telegram_status = 'blocked' WHERE id = $1`, [n.id]);
        await this.links.blocked(em, n.user_id, n.chat_id!);
      });
      return;
    }
    if (err instanceof GrammyError && err.error_code < 500 && err.error_code !== 429) {
      this.logger.warn(`Telegram refused notification ${n.id}: ${err.error_code} ${err.description}`);
      await this.mark(n.id, 'failed');
      return;
    }
    // 5xx, a 429 that outlasted auto-retry, the network: not sent; the job's retry sends it.
    await this.mark(n.id, 'pending');
    throw err;
  }
}
