import { Body, Controller, Headers, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Update } from 'grammy/types';
import { Public } from '../../common/auth/decorators.js';
import { notFound } from '../../common/errors/domain-error.js';
import { TelegramBot } from './telegram-bot.service.js';
import { TelegramLinksService } from './telegram-links.service.js';

/**
 * Telegram's webhook (TELEGRAM_UPDATES=webhook): the path's secret and the
 * `X-Telegram-Bot-Api-Secret-Token` header must both be the webhook secret, else 404 as for any
 * unknown path. A handled update answers 200 (Telegram would resend anything else).
 */
@ApiExcludeController()
@Public()
@Controller('telegram')
export class TelegramWebhookController {
  constructor(
    private readonly bot: TelegramBot,
    private readonly links: TelegramLinksService,
  ) {}

  @Post('webhook/:secret')
  @HttpCode(HttpStatus.OK)
  async update(
    @Param('secret') secret: string,
    @Headers('x-telegram-bot-api-secret-token') token: string | undefined,
    @Body() update: Update,
  ): Promise<{ ok: true }> {
    if (!this.bot.isWebhookSecret(secret, token)) throw notFound('NOT_FOUND', 'Not found');
    if (update && typeof update === 'object') await this.links.handleUpdate(update);
    return { ok: true };
  }
}
