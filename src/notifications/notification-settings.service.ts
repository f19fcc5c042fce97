import { Injectable } from '@nestjs/common';
import { badRequest } from '../common/errors/domain-error.js';
import { AppConfig } from '../config/app-config.js';
import { TransactionService } from '../database/transaction.service.js';
import type {
  NotificationSettingsDto,
  UpdateNotificationSettingsDto,
} from './dto/notification-settings.dto.js';
import type { KindChannels } from './entities/notification-preference.entity.js';
import { DigestJob } from './jobs/digest.job.js';
import { TelegramBot } from './telegram/telegram-bot.service.js';
import { CHOOSABLE_KINDS } from './templates.js';

/** A user's notification channels per kind, the daily digest, and the state of their Telegram link. */
@Injectable()
export class NotificationSettingsService {
  constructor(
    private readonly config: AppConfig,
    private readonly tx: TransactionService,
    private readonly bot: TelegramBot,
    private readonly digest: DigestJob,
  ) {}

  get(userId: string): Promise<NotificationSettingsDto> {
    return this.tx.run(async (em) => {
      const [p] = await em.query<{ channels: Record<string, KindChannels>; daily_digest: boolean }[]>(
        `SELECT channels, daily_digest FROM notification_preferences WHERE user_id = $1`,
        [userId],
      );
      const [link] = await em.query<{ telegram_username: string | null; linked_at: Date }[]>(
        `SELECT telegram_username, linked_at FROM telegram_links WHERE user_id = $1`,
        [userId],
      );
      const available = this.bot.available;
      return {
        telegram: {
          available,
          linked: available && !!link,
          username: available ? (link?.telegram_username ?? null) : null,
          linkedAt: available && link ? new Date(link.linked_at).toISOString() : null,
        },
        dailyDigest: p?.daily_digest ?? false,
        digestHour: this.config.DIGEST_HOUR,
        kinds: CHOOSABLE_KINDS.map((kind) => {
          const chosen = p?.channels?.[kind];
          return {
            kind,
            inApp: chosen?.inApp ?? true,
            email: chosen?.email ?? true,
            telegram: chosen?.telegram ?? true,
          };
        }),
      };
    });
  }

  /** Saves what is given (one statement); an unknown kind is 400 UNKNOWN_NOTIFICATION_KIND and saves nothing. */
  async update(userId: string, dto: UpdateNotificationSettingsDto): Promise<NotificationSettingsDto> {
    const kinds = dto.kinds ?? [];
    const unknown = kinds.filter((k) => !(CHOOSABLE_KINDS as readonly string[]).includes(k.kind));
    if (unknown.length) {
      throw badRequest('UNKNOWN_NOTIFICATION_KIND', 'No such kind of notification', {
        kinds: unknown.map((k) => k.kind),
      });
    }
    const channels = Object.fromEntries(
      kinds.map((k) => [k.kind, { inApp: k.inApp, email: k.email, telegram: k.telegram }]),
    );
    await this.tx.run(async (em) => {
      await em.query(
        `INSERT INTO notification_preferences (user_id, channels, daily_digest)
         VALUES ($1, $2::jsonb, COALESCE($3, false))
         ON CONFLICT (user_id) DO UPDATE SET
           channels = notification_preferences.channels || EXCLUDED.channels,
           daily_digest = COALESCE($3, notification_preferences.daily_digest),
           updated_at = now()`,
        [userId, JSON.stringify(channels), dto.dailyDigest ?? null],
      );
    });
    if (dto.dailyDigest) await this.digest.ensureScheduled();
    return this.get(userId);
  }
}
