import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
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
import { UuidParam } from '../common/http/uuid-param.js';
import {
  ListNotificationsQueryDto,
  NotificationPageDto,
  ReadAllResultDto,
  ReadPageDto,
  UnreadCountDto,
} from './dto/notification.dto.js';
import { NotificationsInboxService } from './notifications-inbox.service.js';

/** My notifications. Every route acts on the caller's own notifications only. */
@ApiTags('notifications')
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED, INVALID_CURSOR' })
@Authenticated()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly inbox: NotificationsInboxService) {}

  @Get()
  @ApiOperation({ summary: 'My notifications, newest first, with the unread count' })
  @ApiOkResponse({ type: NotificationPageDto })
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: ListNotificationsQueryDto,
  ): Promise<NotificationPageDto> {
    return this.inbox.list(user.id, query);
  }

  @Get('unread-count')
  @ApiOperation({ summary: 'How many of my notifications are unread' })
  @ApiOkResponse({ type: UnreadCountDto })
  async unreadCount(@CurrentUser() user: AuthUser): Promise<UnreadCountDto> {
    return { count: await this.inbox.unreadCount(user.id) };
  }

  @Post('read-all')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Mark all my notifications read' })
  @ApiOkResponse({ type: ReadAllResultDto })
  async readAll(@CurrentUser() user: AuthUser): Promise<ReadAllResultDto> {
    return { updated: await this.inbox.markAllRead(user.id) };
  }

  @Post('read-page')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Mark read my notifications that lead to a page, once I have opened it',
    description:
      'The app calls this as it opens a page (an election, a document, a meeting): the notices that ' +
      "brought the news of it are read by then. Other users' notifications are never touched.",
  })
  @ApiOkResponse({ type: ReadAllResultDto })
  async readPage(@CurrentUser() user: AuthUser, @Body() body: ReadPageDto): Promise<ReadAllResultDto> {
    return { updated: await this.inbox.markPageRead(user.id, body.page) };
  }

  @Post(':id/read')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Mark one of my notifications read' })
  @ApiNoContentResponse({ description: 'Marked read' })
  @ApiNotFoundResponse({
    type: ErrorResponseDto,
    description: "NOTIFICATION_NOT_FOUND (also for someone else's)",
  })
  async read(@CurrentUser() user: AuthUser, @UuidParam('id') id: string): Promise<void> {
    await this.inbox.markRead(user.id, id);
  }
}
