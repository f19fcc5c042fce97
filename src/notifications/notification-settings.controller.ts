import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Post, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user.js';
import { Authenticated, CurrentUser } from '../common/auth/decorators.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import {
  NotificationSettingsDto,
  TelegramLinkDto,
  UpdateNotificationSettingsDto,
} from './dto/notification-settings.dto.js';
import { NotificationSettingsService } from './notification-settings.service.js';
import { TelegramLinksService } from './telegram/telegram-links.service.js';

/** My notification channels and my Telegram link. Every route acts on the caller only. */
@ApiTags('notifications')
@Authenticated()
@Controller('me')
export class NotificationSettingsController {
  constructor(
    private readonly settings: NotificationSettingsService,
    private readonly links: TelegramLinksService,
  ) {}

  @Get('notification-settings')
  @ApiOperation({ summary: 'My channels per kind of notification, the daily digest, and my Telegram link' })
  @ApiOkResponse({ type: NotificationSettingsDto })
  get(@CurrentUser() user: AuthUser): Promise<NotificationSettingsDto> {
    return this.settings.get(user.id);
  }

  @Put('notification-settings')
  @ApiOperation({ summary: 'Choose channels per kind of notification and the daily digest' })
  @ApiOkResponse({ type: NotificationSettingsDto })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description: 'VALIDATION_FAILED, UNKNOWN_NOTIFICATION_KIND',
  })
  update(
    @CurrentUser() user: AuthUser,
    @Body() dto: UpdateNotificationSettingsDto,
  ): Promise<NotificationSettingsDto> {
    return this.settings.update(user.id, dto);
  }

  @Post('telegram-link')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'A one-time deep link to the bot that links my Telegram chat (earlier unused links stop working)',
  })
  @ApiOkResponse({ type: TelegramLinkDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'TELEGRAM_NOT_CONFIGURED' })
  createLink(@CurrentUser() user: AuthUser): Promise<TelegramLinkDto> {
    return this.links.createLink(user.id);
  }

  @Delete('telegram-link')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Unlink my Telegram chat (nothing more is sent there; I am told in the app)' })
  @ApiNoContentResponse({ description: 'Unlinked (or was not linked)' })
  async unlink(@CurrentUser() user: AuthUser): Promise<void> {
    await this.links.unlink(user.id);
  }
}
