import { Body, Controller, Get, Header, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthUser, TokenSubject } from '../common/auth/auth-user.js';
import {
  Authenticated,
  AuthenticatedByToken,
  CurrentTokenSubject,
  CurrentUser,
  Roles,
} from '../common/auth/decorators.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import { PageQueryDto } from '../common/http/pagination.js';
import { Idempotent } from '../common/idempotency/idempotency.interceptor.js';
import { AdminRoutingService } from './admin-routing.service.js';
import { DecisionsService, type DecisionResult } from './decisions.service.js';
import { RecallService } from './recall.service.js';
import { DelegationsService } from './delegations.service.js';
import { InboxService } from './inbox.service.js';
import {
  ApproveDto,
  BlockedRequestDto,
  CreateDelegationDto,
  DecisionResultDto,
  DelegationDto,
  InboxPageDto,
  HeldTasksDto,
  OverduePageDto,
  ReasonDto,
  ReassignDto,
  RevokedDelegationDto,
  RouteBlockedDto,
} from './dto/decision.dto.js';
import { DocumentDto } from './dto/document.dto.js';
import { UuidParam } from '../common/http/uuid-param.js';

const E = ErrorResponseDto;
/** The work lists answer JSON text that PostgreSQL wrote (InboxService): sent as it is. */
const JSON_TEXT = 'application/json; charset=utf-8';

@ApiTags('approvals')
@Controller()
export class ApprovalTasksController {
  constructor(
    private readonly decisions: DecisionsService,
    private readonly recalls: RecallService,
    private readonly adminRouting: AdminRoutingService,
    private readonly inbox: InboxService,
    private readonly delegations: DelegationsService,
  ) {}

  /** My pending tasks (mine and as a delegate), oldest due first, with who acted before. */
  @AuthenticatedByToken()
  @Get('approvals/inbox')
  @Header('content-type', JSON_TEXT)
  @ApiOkResponse({ type: InboxPageDto })
  myInbox(@Query() q: PageQueryDto, @CurrentTokenSubject() user: TokenSubject) {
    return this.inbox.inbox(user, q.limit, q.cursor);
  }

  @Roles('admin')
  @Get('approvals/overdue')
  @Header('content-type', JSON_TEXT)
  @ApiOkResponse({
    type: OverduePageDto,
    description: 'Pending tasks past their deadline, most overdue first, each naming its assignee',
  })
  overdue(@Query() q: PageQueryDto) {
    return this.inbox.overdue(q.limit, q.cursor);
  }

  @Roles('admin')
  @Get('approvals/held-by-inactive')
  @Header('content-type', JSON_TEXT)
  @ApiOkResponse({
    type: HeldTasksDto,
    description:
      'Pending tasks held by a disabled or retired account, longest held first, whatever their deadline',
  })
  @ApiForbiddenResponse({ type: E, description: 'Admins only' })
  heldByInactive() {
    return this.inbox.heldByInactive();
  }

  @Roles('admin')
  @Get('approvals/blocked')
  @ApiOkResponse({
    type: [BlockedRequestDto],
    description: 'Requests whose stage routes to nobody (vacant post, no escalation target)',
  })
  @ApiForbiddenResponse({ type: E, description: 'Admins only' })
  blocked() {
    return this.inbox.blocked();
  }

  @Roles('admin')
  @Post('approval-requests/:id/route')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: DocumentDto })
  @ApiBadRequestResponse({
    type: E,
    description:
      'VALIDATION_FAILED, USER_NOT_FOUND, ASSIGNEE_IS_SUBMITTER (never to the document’s submitter)',
  })
  @ApiNotFoundResponse({ type: E, description: 'REQUEST_NOT_FOUND' })
  @ApiConflictResponse({ type: E, description: 'REQUEST_NOT_BLOCKED' })
  route(@UuidParam('id') id: string, @Body() dto: RouteBlockedDto, @CurrentUser() user: AuthUser) {
    return this.adminRouting.routeBlocked(user, id, dto.userId, dto.reason);
  }

  @Authenticated()
  @Idempotent()
  @Post('approval-tasks/:id/approve')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: DecisionResultDto })
  @ApiForbiddenResponse({
    type: E,
    description: 'NOT_TASK_ASSIGNEE; SUBMITTER_CANNOT_DECIDE (nobody decides on their own document)',
  })
  @ApiNotFoundResponse({ type: E, description: 'TASK_NOT_FOUND' })
  @ApiConflictResponse({ type: E, description: 'TASK_ALREADY_DECIDED' })
  approve(
    @UuidParam('id') id: string,
    @Body() dto: ApproveDto,
    @CurrentUser() user: AuthUser,
  ): Promise<DecisionResult> {
    return this.decisions.approve(user, id, dto.comment);
  }

  @Authenticated()
  @Idempotent()
  @Post('approval-tasks/:id/reject')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: DecisionResultDto, description: 'The document is `rejected`' })
  @ApiForbiddenResponse({
    type: E,
    description: 'NOT_TASK_ASSIGNEE; SUBMITTER_CANNOT_DECIDE (nobody decides on their own document)',
  })
  @ApiNotFoundResponse({ type: E, description: 'TASK_NOT_FOUND' })
  @ApiConflictResponse({ type: E, description: 'TASK_ALREADY_DECIDED' })
  reject(@UuidParam('id') id: string, @Body() dto: ReasonDto, @CurrentUser() user: AuthUser) {
    return this.decisions.rejectOrReturn(user, id, 'reject', dto.reason);
  }

  @Authenticated()
  @Idempotent()
  @Post('approval-tasks/:id/return')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: DecisionResultDto, description: 'The document is `returned` to its submitter' })
  @ApiForbiddenResponse({
    type: E,
    description: 'NOT_TASK_ASSIGNEE; SUBMITTER_CANNOT_DECIDE (nobody decides on their own document)',
  })
  @ApiNotFoundResponse({ type: E, description: 'TASK_NOT_FOUND' })
  @ApiConflictResponse({ type: E, description: 'TASK_ALREADY_DECIDED' })
  returnTask(@UuidParam('id') id: string, @Body() dto: ReasonDto, @CurrentUser() user: AuthUser) {
    return this.decisions.rejectOrReturn(user, id, 'return', dto.reason);
  }

  @Authenticated()
  @Idempotent()
  @Post('approval-tasks/:id/recall')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: DecisionResultDto,
    description: 'The new pending task that replaces the recalled approval',
  })
  @ApiForbiddenResponse({
    type: E,
    description: 'NOT_TASK_ASSIGNEE; SUBMITTER_CANNOT_DECIDE (nobody decides on their own document)',
  })
  @ApiNotFoundResponse({ type: E, description: 'TASK_NOT_FOUND' })
  @ApiConflictResponse({ type: E, description: 'TASK_NOT_RECALLABLE' })
  recall(@UuidParam('id') id: string, @CurrentUser() user: AuthUser) {
    return this.recalls.recall(user, id);
  }

  @Roles('admin')
  @Idempotent()
  @Post('approval-tasks/:id/reassign')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: DecisionResultDto })
  @ApiBadRequestResponse({
    type: E,
    description:
      'VALIDATION_FAILED, USER_NOT_FOUND, ASSIGNEE_IS_SUBMITTER (never to the document’s submitter)',
  })
  @ApiNotFoundResponse({ type: E, description: 'TASK_NOT_FOUND' })
  @ApiConflictResponse({ type: E, description: 'TASK_ALREADY_DECIDED' })
  reassign(@UuidParam('id') id: string, @Body() dto: ReassignDto, @CurrentUser() user: AuthUser) {
    return this.adminRouting.reassign(user, id, dto.userId, dto.reason);
  }

  @Authenticated()
  @Post('delegations')
  @ApiCreatedResponse({ type: DelegationDto })
  @ApiBadRequestResponse({ type: E, description: 'VALIDATION_FAILED, USER_NOT_FOUND' })
  @ApiConflictResponse({
    type: E,
    description: 'DELEGATION_EXISTS: the same delegation (delegate, dates, document types) is in force',
  })
  delegate(@Body() dto: CreateDelegationDto, @CurrentUser() user: AuthUser) {
    return this.delegations.create(user, dto);
  }

  @Authenticated()
  @Get('delegations')
  @ApiOkResponse({ type: [DelegationDto] })
  myDelegations(@CurrentUser() user: AuthUser) {
    return this.delegations.list(user);
  }

  @Authenticated()
  @Post('delegations/:id/revoke')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Revoke my delegation',
    description:
      'The pending tasks the delegate holds for me under it come back to me (`takenBack`), unless another of my ' +
      'delegations to the same colleague still covers them.',
  })
  @ApiOkResponse({ type: RevokedDelegationDto })
  @ApiNotFoundResponse({ type: E, description: 'DELEGATION_NOT_FOUND' })
  @ApiConflictResponse({ type: E, description: 'DELEGATION_REVOKED' })
  revoke(@UuidParam('id') id: string, @CurrentUser() user: AuthUser) {
    return this.delegations.revoke(user, id);
  }
}
