import { createHash, randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { Message, Update } from 'grammy/types';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import { notFound } from '../../common/errors/domain-error.js';
import { AppConfig } from '../../config/app-config.js';
import { TransactionService } from '../../database/transaction.service.js';
import { updatedRows } from '../../database/updated-rows.js';
import { OutboxService } from '../../outbox/outbox.service.js';
import { NotificationsService } from '../notifications.service.js';
import { TelegramBot } from './telegram-bot.service.js';

/** The bot's own words, in the user's language (or both, when it does not know who writes). */
const BOT_WORDS = {
  linked: {
    km: 'បានភ្ជាប់ជាមួយ {name} ក្នុងប្រព័ន្ធលំហូរការងាររបស់ក្រសួង។ អ្នកនឹងទទួលការជូនដំណឹងនៅទីនេះ។',
    en: "Linked to {name} in the ministry's workflow system. You will receive notifications here.",
  },
  refused: {
    km: 'តំណនេះមិនត្រឹមត្រូវ ឬហួសសុពលភាព ឬបានប្រើរួចហើយ។ សូមបង្កើតតំណថ្មីពីការកំណត់ក្នុងប្រព័ន្ធ។',
    en: 'This link is not valid, has expired or was already used. Create a new one from Settings in the system.',
  },
  hello: {
    km: 'សួស្តី! ដើម្បីទទួលការជូនដំណឹង សូមចុច «ភ្ជាប់ Telegram» នៅក្នុងការកំណត់របស់ប្រព័ន្ធ។',
    en: 'Hello! To receive notifications, press "Link Telegram" in Settings in the system.',
  },
  privateOnly: {
    km: 'សូមភ្ជាប់ក្នុងការជជែកផ្ទាល់ជាមួយប៊ូត មិនមែនក្នុងក្រុមទេ។',
    en: 'Please link in a private chat with the bot, not in a group.',
  },
} as const;

const both = (w: { km: string; en: string }) => `${w.km}\n\n${w.en}`;

export const hashCode = (code: string) => createHash('sha256').update(code).digest('hex');

/**
 * Linking a user's Telegram chat: a one-time, expiring code in a deep link
 * (`https://t.me/<bot>?start=<code>`), confirmed when the bot receives `/start <code>` from a
 * private chat (webhook or polling); unlinking. Every change is one transaction and audited; the
 * bot's answer and the in-app notice go through the outbox.
 */
@Injectable()
export class TelegramLinksService {
  private readonly logger = new Logger(TelegramLinksService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly bot: TelegramBot,
    private readonly tx: TransactionService,
    private readonly outbox: OutboxService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
  ) {}

  /** A new deep link for the user; earlier unused codes of theirs stop working. */
  async createLink(userId: string): Promise<{ url: string; expiresAt: string }> {
    if (!this.bot.available) throw notFound('TELEGRAM_NOT_CONFIGURED', 'Telegram is not set up here');
    const username = await this.bot.botUsername();
    const code = randomBytes(18).toString('base64url');
    const expiresAt = new Date(Date.now() + this.config.TELEGRAM_LINK_TTL_MINUTES * 60_000);
    await this.tx.run(async (em) => {
      await em.query(`DELETE FROM telegram_link_codes WHERE user_id = $1`, [userId]);
      await em.query(`INSERT INTO telegram_link_codes (code_hash, user_id, expires_at) VALUES ($1, $2, $3)`, [
        hashCode(code),
        userId,
        expiresAt,
      ]);
    });
    return { url: `https://t.me/${username}?start=${code}`, expiresAt: expiresAt.toISOString() };
  }

  /** Ends the link (nothing linked: nothing changes); the user is told in the app. */
  async unlink(userId: string): Promise<void> {
    await this.tx.run(async (em) => {
      const removed = updatedRows<{ chat_id: string }>(
        await em.query(`DELETE FROM telegram_links WHERE user_id = $1 RETURNING chat_id`, [userId]),
      );
      if (removed.length === 0) return;
      await this.ended(em, userId, 'telegram.unlinked', userId);
    });
  }

  /** The bot was blocked (403): the link ends and the user is told in the app. In the caller's transaction. */
  async blocked(em: EntityManager, userId: string, chatId: string): Promise<void> {
    const removed = updatedRows<{ user_id: string }>(
      await em.query(`DELETE FROM telegram_links WHERE user_id = $1 AND chat_id = $2 RETURNING user_id`, [
        userId,
        chatId,
      ]),
    );
    if (removed.length === 0) return;
    await this.ended(em, userId, 'telegram.blocked', null);
  }

  private async ended(
    em: EntityManager,
    userId: string,
    template: 'telegram.unlinked' | 'telegram.blocked',
    actorId: string | null,
  ): Promise<void> {
    const n = await this.audit.count(em, `user:${userId}`, template);
    await this.audit.append(em, {
      stream: `user:${userId}`,
      action: template,
      actorId,
      entityType: 'user',
      entityId: userId,
    });
    await this.notifications.createNow(em, [
      {
        userIds: [userId],
        template,
        params: {},
        link: '/settings',
        // One notice per end of a link.
        eventKey: `${template}:${n}`,
      },
    ]);
  }

  /** One update from Telegram (webhook or polling). Only `/start <code>` in a private chat does anything. */
  async handleUpdate(update: Update): Promise<void> {
    const message: Message | undefined = update.message;
    const text = message?.text;
    if (!message || !text || !message.from) return;
    const start = /^\/start(?:@\w+)?(?:\s+([A-Za-z0-9_-]{1,64}))?\s*$/.exec(text);
    if (!start) return;
    const chatId = String(message.chat.id);
    if (message.chat.type !== 'private') return this.reply(chatId, both(BOT_WORDS.privateOnly));
    const code = start[1];
    if (!code) return this.reply(chatId, both(BOT_WORDS.hello));
    await this.tx.run(async (em) => {
      const [claimed] = updatedRows<{ user_id: string }>(
        await em.query(
          `UPDATE telegram_link_codes c SET used_at = now()
           FROM org_people u
           WHERE c.code_hash = $1 AND c.used_at IS NULL AND c.expires_at > now()
             AND u.id = c.user_id AND u.status <> 'disabled'
           RETURNING c.user_id`,
          [hashCode(code)],
        ),
      );
      if (!claimed) {
        await this.outbox.add(em, {
          name: 'notifications.telegram_reply',
          payload: { chatId, text: both(BOT_WORDS.refused) },
        });
        return;
      }
      const userId = claimed.user_id;
      // One chat, one user: linking a chat moves it from whoever had it.
      await em.query(`DELETE FROM telegram_links WHERE chat_id = $1 AND user_id <> $2`, [chatId, userId]);
      await em.query(
        `INSERT INTO telegram_links (user_id, chat_id, telegram_username, linked_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (user_id) DO UPDATE SET chat_id = EXCLUDED.chat_id,
           telegram_username = EXCLUDED.telegram_username, linked_at = now()`,
        [userId, chatId, message.from!.username ?? null],
      );
      const [u] = await em.query<{ locale: string; full_name: string; full_name_km: string | null }[]>(
        `SELECT locale, full_name, full_name_km FROM org_people WHERE id = $1`,
        [userId],
      );
      const km = u.locale !== 'en';
      const name = km ? (u.full_name_km ?? u.full_name) : u.full_name;
      await this.audit.append(em, {
        stream: `user:${userId}`,
        action: 'telegram.linked',
        actorId: userId,
        entityType: 'user',
        entityId: userId,
        data: { telegramUsername: message.from!.username ?? null },
      });
      await this.outbox.add(em, {
        name: 'notifications.telegram_reply',
        payload: { chatId, text: BOT_WORDS.linked[km ? 'km' : 'en'].replace('{name}', name) },
      });
      await this.notifications.createNow(em, [
        {
          userIds: [userId],
          template: 'telegram.linked',
          params: {
            account: message.from!.username ? `@${message.from!.username}` : (message.from!.first_name ?? ''),
          },
          link: '/settings',
          eventKey: `telegram.linked:${hashCode(code)}`,
        },
      ]);
      this.logger.log(`Telegram linked for user ${userId}`);
    });
  }

  private async reply(chatId: string, text: string): Promise<void> {
    await this.tx.run((em) =>
      this.outbox.add(em, { name: 'notifications.telegram_reply', payload: { chatId, text } }),
    );
  }
}
