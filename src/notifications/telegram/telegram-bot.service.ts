import { createHmac, timingSafeEqual } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { autoRetry } from '@grammyjs/auto-retry';
import { Api } from 'grammy';
import { AppConfig } from '../../config/app-config.js';

/**
 * The bot's Bot API client (grammY), or nothing when TELEGRAM_BOT_TOKEN is unset: then the
 * Telegram channel is hidden (settings say `available: false`, nothing is sent).
 *
 * Calls go through grammY's auto-retry plugin: a 429 waits its `retry_after` (up to 30 s, 3 times)
 * and is sent again in the same job. 5xx and network failures are thrown to the job instead, which
 * BullMQ retries with its backoff (a job holds no worker slot while it waits for that).
 */
@Injectable()
export class TelegramBot implements OnApplicationBootstrap {
  private readonly logger = new Logger(TelegramBot.name);
  readonly api: Api | null;
  private username?: Promise<string>;

  constructor(private readonly config: AppConfig) {
    const token = config.TELEGRAM_BOT_TOKEN;
    this.api = token
      ? new Api(token, { apiRoot: config.TELEGRAM_API_ROOT.replace(/\/+$/, ''), timeoutSeconds: 30 })
      : null;
    this.api?.config.use(
      autoRetry({
        maxRetryAttempts: 3,
        maxDelaySeconds: 30,
        rethrowInternalServerErrors: true,
        rethrowHttpErrors: true,
      }),
    );
  }

  get available(): boolean {
    return this.api !== null;
  }

  /** The bot's @username (getMe, asked once; asked again after a failure). */
  botUsername(): Promise<string> {
    if (!this.api) return Promise.reject(new Error('Telegram is not configured'));
    this.username ??= this.api.getMe().then(
      (me) => me.username,
      (err: unknown) => {
        this.username = undefined;
        throw err;
      },
    );
    return this.username;
  }

  /** The webhook's path secret and secret-token header: TELEGRAM_WEBHOOK_SECRET, else derived from the token. */
  get webhookSecret(): string | null {
    if (this.config.TELEGRAM_WEBHOOK_SECRET) return this.config.TELEGRAM_WEBHOOK_SECRET;
    const token = this.config.TELEGRAM_BOT_TOKEN;
    return token ? createHmac('sha256', token).update('telegram-webhook').digest('base64url') : null;
  }

  /** Whether both the path's secret and the header's secret token are the webhook secret. */
  isWebhookSecret(pathSecret: string, headerToken: string | undefined): boolean {
    const secret = this.webhookSecret;
    if (!secret || this.config.TELEGRAM_UPDATES !== 'webhook') return false;
    const same = (a: string, b: string | undefined) =>
      b !== undefined &&
      Buffer.byteLength(a) === Buffer.byteLength(b) &&
      timingSafeEqual(Buffer.from(a), Buffer.from(b));
    return same(secret, pathSecret) && same(secret, headerToken);
  }

  /** The API process registers the webhook at start (a failure is logged; the next start tries again). */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.api || this.config.TELEGRAM_UPDATES !== 'webhook' || this.config.APP_ROLE === 'worker') return;
    const url = new URL(
      `/api/v1/telegram/webhook/${this.webhookSecret}`,
      this.config.PUBLIC_BASE_URL,
    ).toString();
    try {
      await this.api.setWebhook(url, {
        secret_token: this.webhookSecret ?? undefined,
        allowed_updates: ['message'],
      });
      this.logger.log('Telegram webhook registered');
    } catch (err) {
      this.logger.warn(`could not register the Telegram webhook: ${(err as Error).message}`);
    }
  }
}
