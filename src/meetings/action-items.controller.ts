import { Body, Controller, Get, Patch, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user.js';
import { Authenticated, CurrentUser } from '../common/auth/decorators.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import type { Page } from '../common/http/pagination.js';
import { UuidParam } from '../common/http/uuid-param.js';
import { ActionItemsService } from './action-items.service.js';
import {
  ActionItemDto,
  ActionItemPageDto,
  ListActionItemsQueryDto,
  UpdateActionItemDto,
} from './dto/action-item.dto.js';

@ApiTags('meetings')
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED, INVALID_CURSOR' })
@Controller('action-items')
export class ActionItemsController {
  constructor(private readonly items: ActionItemsService) {}

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'Action items: mine across all groups by default; or of a working group or meeting I can see',
  })
  @ApiOkResponse({ type: ActionItemPageDto })
  @ApiForbiddenResponse({
    type: ErrorResponseDto,
    description: "FORBIDDEN: another user's items without a group",
  })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'WORKING_GROUP_NOT_FOUND, MEETING_NOT_FOUND' })
  list(@Query() query: ListActionItemsQueryDto, @CurrentUser() user: AuthUser): Promise<Page<ActionItemDto>> {
    return this.items.list(query, user);
  }

  @Patch(':id')
  @Authenticated()
  @ApiOperation({
    summary: "Update status and progress (the item's owner, the meeting's secretary or chair)",
  })
  @ApiOkResponse({ type: ActionItemDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'NOTHING_TO_UPDATE' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'NOT_ACTION_ITEM_OWNER' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'ACTION_ITEM_NOT_FOUND' })
  update(
    @UuidParam('id') id: string,
    @Body() dto: UpdateActionItemDto,
    @CurrentUser() user: AuthUser,
  ): Promise<ActionItemDto> {
    return this.items.update(id, dto, user);
  }
}
