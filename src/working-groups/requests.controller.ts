import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user.js';
import { Authenticated, CurrentUser } from '../common/auth/decorators.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import { UuidParam } from '../common/http/uuid-param.js';
import { RequestDto, RespondRequestDto } from './dto/progress-report.dto.js';
import { ReportRequestsService } from './report-requests.service.js';

/** Answers to the requests of progress reports. */
@ApiTags('working-groups')
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED' })
@ApiNotFoundResponse({ type: ErrorResponseDto, description: 'REQUEST_NOT_FOUND' })
@ApiConflictResponse({ type: ErrorResponseDto, description: 'REQUEST_ALREADY_ANSWERED' })
@Controller('requests')
export class RequestsController {
  constructor(private readonly requests: ReportRequestsService) {}

  @Post(':id/respond')
  @Authenticated()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Answer a request (the chair of the group it is addressed to, admin)' })
  @ApiOkResponse({ type: RequestDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'NOT_ADDRESSEE_CHAIR' })
  respond(
    @UuidParam('id') id: string,
    @Body() dto: RespondRequestDto,
    @CurrentUser() user: AuthUser,
  ): Promise<RequestDto> {
    return this.requests.respond(id, dto, user);
  }

  @Post(':id/raise')
  @Authenticated()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Raise an unanswered request to the next group up (the chair or secretary of the reporting group, admin)',
  })
  @ApiOkResponse({ type: RequestDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'NOT_GROUP_LEAD' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'REQUEST_ALREADY_ANSWERED, NO_PARENT_GROUP' })
  raise(@UuidParam('id') id: string, @CurrentUser() user: AuthUser): Promise<RequestDto> {
    return this.requests.raise(id, user);
  }
}
