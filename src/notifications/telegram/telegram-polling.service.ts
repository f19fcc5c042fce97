import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { AppConfig } from '../../config/app-config.js';
import { TelegramBot } from './telegram-bot.service.js';
import { TelegramLinksService } from './telegram-links.service.js';

const POLL_LOCK = 0x7467_706c; // "tgpl"
const LOCK_RETRY_MS = 30_000;

/**
 * Long polling (TELEGRAM_UPDATES=polling), for a server Telegram cannot reach: one worker process at
 * a time (a PostgreSQL session advisory lock; Telegram refuses two getUpdates at once) asks
 * getUpdates and hands each update to the same handler as the webhook. The offset is acknowledged
 * by the next call, so an update is handled again only if the process dies while handling it.
 */
@Injectable()
export class TelegramPolling implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TelegramPolling.name);
  private stopped = false;
  private abort = new AbortController();
  private loop?: Promise<void>;
  private client?: pg.Client;

  constructor(
    private readonly config: AppConfig,
    private readonly bot: TelegramBot,
    private readonly links: TelegramLinksService,
  ) {}

  onApplicationBootstrap(): void {
    const role = this.config.APP_ROLE;
    if (!this.bot.api || this.config.TELEGRAM_UPDATES !== 'polling') return;
    if (role !== 'worker' && role !== 'all') return;
    this.loop = this.run().catch((err: Error) =>
      this.logger.error(`Telegram polling stopped: ${err.message}`),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    await this.loop;
    await this.client?.end().catch(() => undefined);
  }

  private async run(): Promise<void> {
    const api = this.bot.api!;
    while (!this.stopped && !(await this.lock())) await this.pause(LOCK_RETRY_MS);
    if (this.stopped) return;
    await api.deleteWebhook().catch(() => undefined);
    this.logger.log('Telegram long polling started');
    let offset: number | undefined;
    while (!this.stopped) {
      try {
        const updates = await api.getUpdates(
          { offset, timeout: 25, allowed_updates: ['message'] },
          this.abort.signal as unknown as Parameters<typeof api.getUpdates>[1],
        );
        for (const update of updates) {
          await this.links
            .handleUpdate(update)
            .catch((err: Error) => this.logger.warn(`Telegram update ${update.update_id}: ${err.message}`));
          offset = update.update_id + 1;
        }
      } catch (err) {
        if (this.stopped) return;
        this.logger.warn(`getUpdates failed, trying again: ${(err as Error).message}`);
        await this.pause(5000);
      }
    }
  }

  /** Waits `ms`, or less when the process stops. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.abort.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
  }

  /** Takes the polling lock on a connection of its own (held while the process lives). */
  private async lock(): Promise<boolean> {
    try {
      this.client ??= await (async () => {
        const c = new pg.Client({
          connectionString: this.config.DATABASE_URL,
          application_name: 'telegram-poll',
        });
        c.on('error', () => undefined);
        await c.connect();
        return c;
      })();
      const { rows } = await this.client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [
        POLL_LOCK,
      ]);
      return rows[0].ok;
    } catch (err) {
      this.logger.warn(`Telegram polling lock: ${(err as Error).message}`);
      await this.client?.end().catch(() => undefined);
      this.client = undefined;
      return false;
    }
  }
}
