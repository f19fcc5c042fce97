import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseIntPipe,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
  getSchemaPath,
  ApiExtraModels,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../common/auth/auth-user.js';
import { Authenticated, AuthenticatedOrSignedLink, CurrentUser } from '../common/auth/decorators.js';
import { badRequest } from '../common/errors/domain-error.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import { PageQueryDto } from '../common/http/pagination.js';
import { Idempotent } from '../common/idempotency/idempotency.interceptor.js';
import { AuditTrailPageDto } from '../audit/dto/audit.dto.js';
import { contentDisposition } from '../files/file-names.js';
import { sendStoredFile } from '../files/send-file.js';
import { SubmissionsService } from './submissions.service.js';
import { WithdrawalService } from './withdrawal.service.js';
import { DocumentsService } from './documents.service.js';
import { VerificationService } from './verification.service.js';
import { RoutePreviewService } from './route-preview.service.js';
import { RevocationService } from './revocation.service.js';
import { ReasonDto } from './dto/decision.dto.js';
import { RoutePreviewDto, RoutePreviewQueryDto } from './dto/route-preview.dto.js';
import {
  CreateDocumentDto,
  CreateVersionDto,
  DocumentDto,
  DocumentListQueryDto,
  DocumentPageDto,
  SubmitDto,
  WithdrawDto,
} from './dto/document.dto.js';
import { UuidParam } from '../common/http/uuid-param.js';

const E = ErrorResponseDto;

@ApiTags('documents')
@ApiExtraModels(CreateDocumentDto, CreateVersionDto)
@Controller('documents')
export class DocumentsController {
  constructor(
    private readonly documents: DocumentsService,
    private readonly submissions: SubmissionsService,
    private readonly withdrawals: WithdrawalService,
    private readonly verification: VerificationService,
    private readonly routePreview: RoutePreviewService,
    private readonly revocation: RevocationService,
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
  @ApiForbiddenResponse({
    type: E,
    description: 'ORG_UNIT_NOT_YOURS: `orgUnitId` names a unit you neither belong to nor hold a post in',
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
  get(@UuidParam('id') id: string, @CurrentUser() user: AuthUser): Promise<DocumentDto> {
    return this.documents.get(user, id);
  }

  /** A new version (file or `body`, `note?`, `metadata?`): submitter only, in draft or returned. */
  @Authenticated()
  @Post(':id/versions')
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiBody({
    schema: {
      oneOf: [
        { $ref: getSchemaPath(CreateVersionDto) },
        {
          type: 'object',
          required: ['file'],
          properties: {
            file: { type: 'string', format: 'binary' },
            note: { type: 'string' },
            metadata: { type: 'string', description: 'JSON object' },
          },
        },
      ],
    },
  })
  @ApiCreatedResponse({ type: DocumentDto })
  @ApiForbiddenResponse({ type: E, description: 'NOT_SUBMITTER' })
  @ApiConflictResponse({
    type: E,
    description:
      'DOCUMENT_NOT_EDITABLE; SUBJECT_OWNS_DOCUMENT: a document whose content another module makes (minutes) is revised from its own page (the meeting)',
  })
  @ApiNotFoundResponse({ type: E, description: 'DOCUMENT_NOT_FOUND' })
  async addVersion(
    @UuidParam('id') id: string,
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
  @ApiBadRequestResponse({
    type: E,
    description:
      'WORKFLOW_NOT_APPLICABLE: `workflowId` is not one of the applicable templates (active, of the type, whose condition is the most specific that holds; see route-preview); WORKFLOW_FIXED on a resubmission; METADATA_NUMBER_REQUIRED: a template of the type compares a metadata field with a number (`amount > 10000`) and the document does not give it as a number',
  })
  @ApiForbiddenResponse({
    type: E,
    description: 'NOT_SUBMITTER; ORG_UNIT_NOT_YOURS (the issuing unit is not yours: no number is spent)',
  })
  @ApiNotFoundResponse({ type: E, description: 'DOCUMENT_NOT_FOUND' })
  @ApiConflictResponse({
    type: E,
    description:
      'DOCUMENT_NOT_SUBMITTABLE, NO_WORKFLOW_FOR_DOCUMENT, WORKFLOW_BLOCKED; WORKFLOW_CHANGED: a returned document whose metadata now calls for another workflow than it started with (`details.workflow` names it): withdraw it and submit it anew; SUBJECT_OWNS_DOCUMENT: returned minutes are sent again from their meeting',
  })
  submit(@UuidParam('id') id: string, @Body() dto: SubmitDto, @CurrentUser() user: AuthUser) {
    return this.submissions.submit(user, id, dto.workflowId);
  }

  /**
   * The route a submission would take now (draft: the chosen or given template; returned: the
   * request's own stages): stages with the resolved approvers, posts and acting-for, by the same
   * rules as the submission. Changes nothing.
   */
  @Authenticated()
  @Get(':id/route-preview')
  @ApiOkResponse({ type: RoutePreviewDto })
  @ApiBadRequestResponse({
    type: E,
    description: 'VALIDATION_FAILED, WORKFLOW_NOT_APPLICABLE, WORKFLOW_FIXED, METADATA_NUMBER_REQUIRED',
  })
  @ApiForbiddenResponse({ type: E, description: 'NOT_SUBMITTER (submitter or admin), ORG_UNIT_NOT_YOURS' })
  @ApiNotFoundResponse({ type: E, description: 'DOCUMENT_NOT_FOUND' })
  @ApiConflictResponse({ type: E, description: 'DOCUMENT_NOT_SUBMITTABLE, NO_WORKFLOW_FOR_DOCUMENT' })
  preview(
    @UuidParam('id') id: string,
    @Query() q: RoutePreviewQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<RoutePreviewDto> {
    return this.routePreview.preview(user, id, q.workflowId);
  }

  @Authenticated()
  @Idempotent()
  @Post(':id/withdraw')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: DocumentDto })
  @ApiForbiddenResponse({ type: E, description: 'NOT_SUBMITTER' })
  @ApiConflictResponse({ type: E, description: 'DOCUMENT_NOT_WITHDRAWABLE' })
  @ApiNotFoundResponse({ type: E, description: 'DOCUMENT_NOT_FOUND' })
  withdraw(@UuidParam('id') id: string, @Body() dto: WithdrawDto, @CurrentUser() user: AuthUser) {
    return this.withdrawals.withdraw(user, id, dto.reason);
  }

  /**
   * Revokes an approved document, with a reason: the head of the issuing unit (today) or an admin.
   * Its public verification then answers `status: 'revoked'` with the date and reason; the signature
   * and the document's status stay. One transaction with its audit entry and the submitter's
   * notification.
   */
  @Authenticated()
  @Idempotent()
  @Post(':id/revoke')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: DocumentDto })
  @ApiBadRequestResponse({ type: E, description: 'VALIDATION_FAILED (a reason is required)' })
  @ApiForbiddenResponse({
    type: E,
    description: 'NOT_ALLOWED_TO_REVOKE (only the issuing unit’s head or an admin)',
  })
  @ApiConflictResponse({ type: E, description: 'DOCUMENT_NOT_APPROVED, DOCUMENT_ALREADY_REVOKED' })
  @ApiNotFoundResponse({ type: E, description: 'DOCUMENT_NOT_FOUND' })
  revoke(@UuidParam('id') id: string, @Body() dto: ReasonDto, @CurrentUser() user: AuthUser) {
    return this.revocation.revoke(user, id, dto.reason);
  }

  @AuthenticatedOrSignedLink()
  @Get(':id/versions/:n/file')
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The bytes of the version', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ type: E, description: 'DOCUMENT_NOT_FOUND, VERSION_NOT_FOUND' })
  async file(
    @UuidParam('id') id: string,
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
    // A download (attachment) of the exact bytes the SHA-256 is of, with their type: HTML (e.g.
    // minutes) opens as a page once saved. Never shown inline on the app's origin, and sandboxed
    // (no scripts, its own origin) should a browser show it anyway.
    if (text.mime === 'text/html') void reply.header('content-security-policy', 'sandbox');
    return reply
      .header('content-type', `${text.mime}; charset=utf-8`)
      .header('content-disposition', contentDisposition(text.fileName, 'attachment'))
      .header('x-content-type-options', 'nosniff')
      .send(text.body);
  }

  @Authenticated()
  @Get(':id/audit')
  @ApiOkResponse({ type: AuditTrailPageDto })
  @ApiNotFoundResponse({ type: E, description: 'DOCUMENT_NOT_FOUND' })
  audit(@UuidParam('id') id: string, @Query() q: PageQueryDto, @CurrentUser() user: AuthUser) {
    return this.documents.auditTrail(user, id, q.limit, q.cursor);
  }

  /** The signed copy: the approved version followed by the sign-off sheet (PDF), once the worker made it. */
  @AuthenticatedOrSignedLink()
  @Get(':id/signed-copy.pdf')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'PDF', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ type: E, description: 'DOCUMENT_NOT_FOUND, SIGNED_COPY_NOT_FOUND' })
  async signedCopy(
    @UuidParam('id') id: string,
    @CurrentUser() user: AuthUser,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const opened = await this.verification.signedCopy(user, id);
    return sendStoredFile(reply, opened, { disposition: 'inline' }, req);
  }

  /** The QR code of the verification link (SVG), once approved. */
  @AuthenticatedOrSignedLink()
  @Get(':id/qr.svg')
  @ApiProduces('image/svg+xml')
  @ApiOkResponse({ description: 'SVG', schema: { type: 'string' } })
  @ApiNotFoundResponse({ type: E, description: 'DOCUMENT_NOT_FOUND' })
  @ApiConflictResponse({ type: E, description: 'DOCUMENT_NOT_APPROVED' })
  async qr(@UuidParam('id') id: string, @CurrentUser() user: AuthUser, @Res() reply: FastifyReply) {
    const svg = await this.verification.qrSvg(user, id);
    return reply.header('content-type', 'image/svg+xml; charset=utf-8').send(svg);
  }
}
