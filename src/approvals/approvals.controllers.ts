import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Ip,
  Param,
  ParseIntPipe,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  getSchemaPath,
  ApiExtraModels,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../common/auth/auth-user.js';
import { Authenticated, CurrentUser, Public, Roles } from '../common/auth/decorators.js';
import { badRequest } from '../common/errors/domain-error.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import { PageQueryDto } from '../common/http/pagination.js';
import { Idempotent } from '../common/idempotency/idempotency.interceptor.js';
import { AuditPageDto } from '../audit/dto/audit.dto.js';
import { contentDisposition } from '../files/file-names.js';
import { sendStoredFile } from '../files/send-file.js';
import { DecisionsService, type DecisionResult } from './decisions.service.js';
import { DelegationsService } from './delegations.service.js';
import { DocumentsService } from './documents.service.js';
import { InboxService } from './inbox.service.js';
import { VerificationService } from './verification.service.js';
import { WorkflowsService } from './workflows.service.js';
import {
  ApproveDto,
  BlockedRequestDto,
  CreateDelegationDto,
  DecisionResultDto,
  DelegationDto,
  InboxPageDto,
  ReasonDto,
  ReassignDto,
  RouteBlockedDto,
  VerificationDto,
  VerifyFileResultDto,
} from './dto/decision.dto.js';
import {
  CreateDocumentDto,
  DocumentDto,
  DocumentListQueryDto,
  DocumentPageDto,
  SubmitDto,
  WithdrawDto,
} from './dto/document.dto.js';
import { CreateWorkflowDto, WorkflowDto, WorkflowQueryDto } from './dto/workflow.dto.js';

const uuid = (field: string) =>
  new ParseUUIDPipe({
    exceptionFactory: () =>
      badRequest('VALIDATION_FAILED', 'Request validation failed', [
        { field, problems: [`${field} must be a UUID`] },
      ]),
  });

const E = ErrorResponseDto;

@ApiTags('workflows')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: E })
@Controller('workflows')
export class WorkflowsController {
  constructor(private readonly workflows: WorkflowsService) {}

  /** Saves a template: version 1 for a new name, n+1 (and the older versions retired) for a known one. */
  @Roles('admin')
  @Post()
  @ApiCreatedResponse({ type: WorkflowDto })
  @ApiBadRequestResponse({ type: E, description: 'VALIDATION_FAILED, WORKFLOW_ROUTES_TO_NOBODY' })
  @ApiForbiddenResponse({ type: E, description: 'Admins only' })
  create(@Body() dto: CreateWorkflowDto, @CurrentUser() user: AuthUser): Promise<WorkflowDto> {
    return this.workflows.create(dto, user);
  }

  @Authenticated()
  @Get()
  @ApiOkResponse({ type: [WorkflowDto] })
  list(@Query() q: WorkflowQueryDto): Promise<WorkflowDto[]> {
    return this.workflows.list(q.documentType);
  }
}

@ApiTags('documents')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: E })
@ApiExtraModels(CreateDocumentDto)
@Controller('documents')
export class DocumentsController {
  constructor(
    private readonly documents: DocumentsService,
    private readonly decisions: DecisionsService,
    private readonly verification: VerificationService,
  ) {}

  /** A draft with version 1: multipart (`file` + text fields; `metadata` as JSON text) or JSON with `body`. */
  @Authenticated()
  @Post()
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiBody({
    schema: {
      oneOf: [
        { $ref: getSchemaPath(CreateDocumentDto) },
        {
          type: 'object',
          required: ['file', 'title', 'documentType'],
          properties: {
            file: { type: 'string', format: 'binary' },
            title: { type: 'string' },
            documentType: { type: 'string' },
            orgUnitId: { type: 'string', format: 'uuid' },
            classification: { type: 'string', enum: ['public', 'internal', 'confidential'] },
            dueAt: { type: 'string', format: 'date-time' },
            metadata: { type: 'string', description: 'JSON object' },
          },
        },
      ],
    },
  })
  @ApiCreatedResponse({ type: DocumentDto })
  @ApiBadRequestResponse({
    type: E,
    description: 'VALIDATION_FAILED, CONTENT_REQUIRED, ORG_UNIT_REQUIRED, ORG_UNIT_NOT_FOUND',
  })
  async create(@Req() req: FastifyRequest, @CurrentUser() user: AuthUser): Promise<DocumentDto> {
    const { dto, content } = await this.documents.readCreate(req, user);
    return this.documents.create(user, dto, content);
  }

  @Authenticated()
  @Get()
  @ApiOkResponse({ type: DocumentPageDto })
  list(@Query() q: DocumentListQueryDto, @CurrentUser() user: AuthUser) {
    return this.documents.list(user, q);
  }

  @Authenticated()
  @Get(':id')
  @ApiOkResponse({ type: DocumentDto })
  @ApiNotFoundResponse({ type: E, description: 'DOCUMENT_NOT_FOUND (also when you may not see it)' })
  get(@Param('id', uuid('id')) id: string, @CurrentUser() user: AuthUser): Promise<DocumentDto> {
    return this.documents.get(user, id);
  }

  /** A new version (file or `body`, `note?`, `metadata?`): submitter only, in draft or returned. */
  @Authenticated()
  @Post(':id/versions')
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiCreatedResponse({ type: DocumentDto })
  @ApiForbiddenResponse({ type: E, description: 'NOT_SUBMITTER' })
  @ApiConflictResponse({ type: E, description: 'DOCUMENT_NOT_EDITABLE' })
  @ApiNotFoundResponse({ type: E, description: 'DOCUMENT_NOT_FOUND' })
  async addVersion(
    @Param('id', uuid('id')) id: string,
    @Req() req: FastifyRequest,
    @CurrentUser() user: AuthUser,
  ): Promise<DocumentDto> {
    // Visibility first, so a stranger learns nothing from the upload's validation.
    await this.documents.get(user, id);
    const { dto, content } = await this.documents.readVersion(req, user);
    return this.documents.addVersion(user, id, dto, content);
  }

  @Authenticated()
  @Idempotent()
  @Post(':id/submit')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: DocumentDto,
    description: '`in_review`, its referenceNumber and the first stage’s tasks',
  })
  @ApiForbiddenResponse({ type: E, description: 'NOT_SUBMITTER' })
  @ApiNotFoundResponse({ type: E, description: 'DOCUMENT_NOT_FOUND, WORKFLOW_NOT_FOUND' })
  @ApiConflictResponse({
    type: E,
    description: 'DOCUMENT_NOT_SUBMITTABLE, NO_WORKFLOW_FOR_DOCUMENT, WORKFLOW_BLOCKED',
  })
  submit(@Param('id', uuid('id')) id: string, @Body() dto: SubmitDto, @CurrentUser() user: AuthUser) {
    return this.decisions.submit(user, id, dto.workflowId);
  }

  @Authenticated()
  @Idempotent()
  @Post(':id/withdraw')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: DocumentDto })
  @ApiForbiddenResponse({ type: E, description: 'NOT_SUBMITTER' })
  @ApiConflictResponse({ type: E, description: 'DOCUMENT_NOT_WITHDRAWABLE' })
  @ApiNotFoundResponse({ type: E, description: 'DOCUMENT_NOT_FOUND' })
  withdraw(@Param('id', uuid('id')) id: string, @Body() dto: WithdrawDto, @CurrentUser() user: AuthUser) {
    return this.decisions.withdraw(user, id, dto.reason);
  }

  @Authenticated()
  @Get(':id/versions/:n/file')
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The bytes of the version', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ type: E, description: 'DOCUMENT_NOT_FOUND, VERSION_NOT_FOUND' })
  async file(
    @Param('id', uuid('id')) id: string,
    @Param(
      'n',
      new ParseIntPipe({ exceptionFactory: () => badRequest('VALIDATION_FAILED', 'n must be an integer') }),
    )
    n: number,
    @CurrentUser() user: AuthUser,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const content = await this.documents.versionContent(user, id, n);
    if (content.file) return sendStoredFile(reply, content.file, {}, req);
    const text = content.text!;
    return reply
      .header('content-type', 'text/plain; charset=utf-8')
      .header('content-disposition', contentDisposition(text.fileName, 'attachment'))
      .header('x-content-type-options', 'nosniff')
      .send(text.body);
  }

  @Authenticated()
  @Get(':id/audit')
  @ApiOkResponse({ type: AuditPageDto })
  @ApiNotFoundResponse({ type: E, description: 'DOCUMENT_NOT_FOUND' })
  audit(@Param('id', uuid('id')) id: string, @Query() q: PageQueryDto, @CurrentUser() user: AuthUser) {
    return this.documents.auditTrail(user, id, q.limit, q.cursor);
  }

  /** The QR code of the verification link (SVG), once approved. */
  @Authenticated()
  @Get(':id/qr.svg')
  @ApiProduces('image/svg+xml')
  @ApiOkResponse({ description: 'SVG', schema: { type: 'string' } })
  @ApiNotFoundResponse({ type: E, description: 'DOCUMENT_NOT_FOUND' })
  @ApiConflictResponse({ type: E, description: 'DOCUMENT_NOT_APPROVED' })
  async qr(@Param('id', uuid('id')) id: string, @CurrentUser() user: AuthUser, @Res() reply: FastifyReply) {
    const svg = await this.verification.qrSvg(user, id);
    return reply.header('content-type', 'image/svg+xml; charset=utf-8').send(svg);
  }
}

@ApiTags('approvals')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: E })
@Controller()
export class ApprovalTasksController {
  constructor(
    private readonly decisions: DecisionsService,
    private readonly inbox: InboxService,
    private readonly delegations: DelegationsService,
  ) {}

  /** My pending tasks (mine and as a delegate), oldest due first, with who acted before. */
  @Authenticated()
  @Get('approvals/inbox')
  @ApiOkResponse({ type: InboxPageDto })
  myInbox(@Query() q: PageQueryDto, @CurrentUser() user: AuthUser) {
    return this.inbox.inbox(user, q.limit, q.cursor);
  }

  @Roles('admin')
  @Get('approvals/overdue')
  @ApiOkResponse({ type: InboxPageDto, description: 'Pending tasks past their deadline (with assigneeId)' })
  overdue(@Query() q: PageQueryDto) {
    return this.inbox.overdue(q.limit, q.cursor);
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
  @ApiNotFoundResponse({ type: E, description: 'REQUEST_NOT_FOUND' })
  @ApiConflictResponse({ type: E, description: 'REQUEST_NOT_BLOCKED' })
  route(@Param('id', uuid('id')) id: string, @Body() dto: RouteBlockedDto, @CurrentUser() user: AuthUser) {
    return this.decisions.routeBlocked(user, id, dto.userId, dto.reason);
  }

  @Authenticated()
  @Idempotent()
  @Post('approval-tasks/:id/approve')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: DecisionResultDto })
  @ApiForbiddenResponse({ type: E, description: 'NOT_TASK_ASSIGNEE' })
  @ApiNotFoundResponse({ type: E, description: 'TASK_NOT_FOUND' })
  @ApiConflictResponse({ type: E, description: 'TASK_ALREADY_DECIDED' })
  approve(
    @Param('id', uuid('id')) id: string,
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
  @ApiForbiddenResponse({ type: E, description: 'NOT_TASK_ASSIGNEE' })
  @ApiNotFoundResponse({ type: E, description: 'TASK_NOT_FOUND' })
  @ApiConflictResponse({ type: E, description: 'TASK_ALREADY_DECIDED' })
  reject(@Param('id', uuid('id')) id: string, @Body() dto: ReasonDto, @CurrentUser() user: AuthUser) {
    return this.decisions.rejectOrReturn(user, id, 'reject', dto.reason);
  }

  @Authenticated()
  @Idempotent()
  @Post('approval-tasks/:id/return')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: DecisionResultDto, description: 'The document is `returned` to its submitter' })
  @ApiForbiddenResponse({ type: E, description: 'NOT_TASK_ASSIGNEE' })
  @ApiNotFoundResponse({ type: E, description: 'TASK_NOT_FOUND' })
  @ApiConflictResponse({ type: E, description: 'TASK_ALREADY_DECIDED' })
  returnTask(@Param('id', uuid('id')) id: string, @Body() dto: ReasonDto, @CurrentUser() user: AuthUser) {
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
  @ApiForbiddenResponse({ type: E, description: 'NOT_TASK_ASSIGNEE' })
  @ApiNotFoundResponse({ type: E, description: 'TASK_NOT_FOUND' })
  @ApiConflictResponse({ type: E, description: 'TASK_NOT_RECALLABLE' })
  recall(@Param('id', uuid('id')) id: string, @CurrentUser() user: AuthUser) {
    return this.decisions.recall(user, id);
  }

  @Roles('admin')
  @Idempotent()
  @Post('approval-tasks/:id/reassign')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: DecisionResultDto })
  @ApiNotFoundResponse({ type: E, description: 'TASK_NOT_FOUND' })
  @ApiConflictResponse({ type: E, description: 'TASK_ALREADY_DECIDED' })
  reassign(@Param('id', uuid('id')) id: string, @Body() dto: ReassignDto, @CurrentUser() user: AuthUser) {
    return this.decisions.reassign(user, id, dto.userId, dto.reason);
  }

  @Authenticated()
  @Post('delegations')
  @ApiCreatedResponse({ type: DelegationDto })
  @ApiBadRequestResponse({ type: E, description: 'VALIDATION_FAILED, USER_NOT_FOUND' })
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
  @ApiOkResponse({ type: DelegationDto })
  @ApiNotFoundResponse({ type: E, description: 'DELEGATION_NOT_FOUND' })
  revoke(@Param('id', uuid('id')) id: string, @CurrentUser() user: AuthUser) {
    return this.delegations.revoke(user, id);
  }
}

@ApiTags('verification')
@ApiTooManyRequestsResponse({ type: E, description: 'RATE_LIMITED' })
@Controller('verify')
export class VerifyController {
  constructor(private readonly verification: VerificationService) {}

  /** The Ed25519 public key that signs manifests (PEM). */
  @Public()
  @Get('public-key')
  @Header('content-type', 'application/x-pem-file; charset=utf-8')
  @ApiProduces('application/x-pem-file')
  @ApiOkResponse({ schema: { type: 'string' } })
  publicKey(): string {
    return this.verification.publicKey();
  }

  @Public()
  @Get(':code')
  @ApiOkResponse({ type: VerificationDto })
  @ApiNotFoundResponse({ type: E, description: 'VERIFICATION_CODE_NOT_FOUND (unknown, or not approved)' })
  async verify(@Param('code') code: string, @Ip() ip: string): Promise<VerificationDto> {
    await this.verification.rateLimit(ip);
    return this.verification.verify(code);
  }

  /** Is this file the signed one? The file is hashed, never stored. */
  @Public()
  @Post(':code')
  @HttpCode(HttpStatus.OK)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' } },
    },
  })
  @ApiOkResponse({ type: VerifyFileResultDto })
  @ApiNotFoundResponse({ type: E, description: 'VERIFICATION_CODE_NOT_FOUND' })
  async verifyFile(
    @Param('code') code: string,
    @Ip() ip: string,
    @Req() req: FastifyRequest,
  ): Promise<VerifyFileResultDto> {
    await this.verification.rateLimit(ip);
    return this.verification.verifyFile(code, req);
  }
}
