import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Post,
  Put,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../common/auth/auth-user.js';
import { Authenticated, AuthenticatedOrSignedLink, CurrentUser } from '../common/auth/decorators.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import { Idempotent } from '../common/idempotency/idempotency.interceptor.js';
import { UuidParam } from '../common/http/uuid-param.js';
import { contentDisposition } from '../files/file-names.js';
import { sendStoredFile } from '../files/send-file.js';
import { ErratumDto, MinutesDiffDto, MinutesDto } from './dto/meeting-views.dto.js';
import { CreateErratumDto, MinutesDiffQueryDto, MinutesQueryDto, SaveMinutesDto } from './dto/minutes.dto.js';
import { MinutesPdfService } from './minutes-pdf.service.js';
import { MinutesPrintService } from './minutes-print.service.js';
import { MinutesSubmissionService } from './minutes-submission.service.js';
import { MinutesService } from './minutes.service.js';

/**
 * The printable minutes carry their own styles (a <style> element and a few style attributes),
 * which the API's `default-src 'none'` would block, leaving a blank page: styles inline, no
 * script at all, nothing loaded from elsewhere, never framed.
 */
const PRINT_PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** A meeting's minutes (`/meetings/:id/minutes...`, errata): write, compare, submit, print, PDF. */
@ApiTags('meetings')
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED' })
@Controller('meetings')
export class MinutesController {
  constructor(
    private readonly minutes: MinutesService,
    private readonly submission: MinutesSubmissionService,
    private readonly print: MinutesPrintService,
    private readonly minutesPdf: MinutesPdfService,
  ) {}

  @Put(':id/minutes')
  @Authenticated()
  @ApiOperation({
    summary: 'Save the minutes as revision baseRevision + 1 (secretary, chair)',
    description:
      'Action items are materialised on every save (ids assigned by the server; send them back to keep an item). ' +
      'A save from an old revision gets 409 STALE_REVISION with details.latestRevision.',
  })
  @ApiOkResponse({ type: MinutesDto })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description:
      'VALIDATION_FAILED, UNKNOWN_AGENDA_ITEM, DUPLICATE_AGENDA_ITEM, UNKNOWN_USER, UNKNOWN_ACTION_ITEM',
  })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'NOT_MEETING_SECRETARY' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'MEETING_NOT_FOUND' })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'STALE_REVISION, MINUTES_LOCKED, MINUTES_IN_APPROVAL, MEETING_CANCELLED',
  })
  saveMinutes(
    @UuidParam('id') id: string,
    @Body() dto: SaveMinutesDto,
    @CurrentUser() user: AuthUser,
  ): Promise<MinutesDto> {
    return this.minutes.save(id, dto, user);
  }

  @Get(':id/minutes')
  @Authenticated()
  @ApiOperation({ summary: 'The minutes (latest or a given revision) and the revision list' })
  @ApiOkResponse({ type: MinutesDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'MEETING_NOT_FOUND, REVISION_NOT_FOUND' })
  getMinutes(
    @UuidParam('id') id: string,
    @Query() query: MinutesQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<MinutesDto> {
    return this.minutes.get(id, query.revision, user);
  }

  @Get(':id/minutes/diff')
  @Authenticated()
  @ApiOperation({ summary: 'Compare two revisions: per field added, removed and changed entries' })
  @ApiOkResponse({ type: MinutesDiffDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'MEETING_NOT_FOUND, REVISION_NOT_FOUND' })
  diff(
    @UuidParam('id') id: string,
    @Query() query: MinutesDiffQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<MinutesDiffDto> {
    return this.minutes.diff(id, query.from, query.to, user);
  }

  @Post(':id/minutes/submit')
  @Authenticated()
  @Idempotent()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Submit the minutes for approval: a DWF document of type minutes, approved by the chair (secretary)',
  })
  @ApiOkResponse({ type: MinutesDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'NOT_MEETING_SECRETARY' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'MEETING_NOT_FOUND' })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description:
      'MINUTES_EMPTY, MINUTES_IN_APPROVAL, MINUTES_LOCKED, MEETING_CANCELLED, MEETING_NOT_HELD, QUORUM_NOT_MET, ' +
      'VOTES_EXCEED_PRESENT',
  })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'APPROVALS_UNAVAILABLE' })
  submit(@UuidParam('id') id: string, @CurrentUser() user: AuthUser): Promise<MinutesDto> {
    return this.submission.submit(id, user);
  }

  @Post(':id/errata')
  @Authenticated()
  @ApiOperation({
    summary: 'Correct approved minutes with an erratum, itself approved by the chair (secretary, chair)',
  })
  @ApiCreatedResponse({ type: ErratumDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'NOT_MEETING_SECRETARY' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'MEETING_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'MINUTES_NOT_APPROVED' })
  erratum(
    @UuidParam('id') id: string,
    @Body() dto: CreateErratumDto,
    @CurrentUser() user: AuthUser,
  ): Promise<ErratumDto> {
    return this.submission.createErratum(id, dto, user);
  }

  @Get(':id/minutes/qr.svg')
  @AuthenticatedOrSignedLink()
  @ApiOperation({ summary: 'Approved minutes: the QR code of their verification link' })
  @ApiProduces('image/svg+xml')
  @ApiOkResponse({ description: 'SVG', schema: { type: 'string' } })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'MEETING_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'MINUTES_NOT_APPROVED' })
  async minutesQr(
    @UuidParam('id') id: string,
    @CurrentUser() user: AuthUser,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const svg = await this.print.qr(id, user);
    return reply.header('content-type', 'image/svg+xml; charset=utf-8').send(svg);
  }

  @Get(':id/errata/:erratumId/pdf')
  @AuthenticatedOrSignedLink()
  @ApiOperation({
    summary: "An approved erratum's own signed PDF (its code and QR, the original minutes' code)",
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'PDF', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'MEETING_NOT_FOUND, ERRATUM_NOT_FOUND' })
  async erratumPdf(
    @UuidParam('id') id: string,
    @UuidParam('erratumId') erratumId: string,
    @CurrentUser() user: AuthUser,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const { stored, fileName } = await this.minutesPdf.erratumPdf(id, erratumId, user);
    return sendStoredFile(reply, stored, { disposition: 'inline', fileName }, req);
  }

  @Get(':id/minutes.html')
  @AuthenticatedOrSignedLink()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', PRINT_PAGE_CSP)
  @ApiOperation({
    summary:
      'The minutes as a page made for printing (Khmer fonts, A4), with attendance and verification code',
  })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'HTML', schema: { type: 'string' } })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'MEETING_NOT_FOUND' })
  html(@UuidParam('id') id: string, @CurrentUser() user: AuthUser): Promise<string> {
    return this.print.printable(id, user);
  }

  /**
   * The minutes as PDF. Approved: the file rendered once at approval, whose SHA-256 the signed
   * manifest covers (it verifies). Otherwise: rendered now, marked DRAFT, without a code.
   */
  @Get(':id/minutes.pdf')
  @AuthenticatedOrSignedLink()
  @ApiOperation({
    summary: 'The minutes as PDF',
    description:
      'Approved minutes: the PDF rendered once at approval (final form, verification code and QR); ' +
      'its SHA-256 is the one the signed manifest covers, so POST /verify/{code} with it matches. ' +
      'Draft minutes: rendered on request with a DRAFT mark and no code.',
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'PDF', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'MEETING_NOT_FOUND' })
  async pdf(
    @UuidParam('id') id: string,
    @CurrentUser() user: AuthUser,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const out = await this.minutesPdf.export(id, user);
    const { fileName } = out;
    if ('stored' in out) return sendStoredFile(reply, out.stored, { disposition: 'inline', fileName }, req);
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', contentDisposition(fileName, 'inline'))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-cache')
      .send(out.rendered);
  }
}
