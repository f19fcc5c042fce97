import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  ParseArrayPipe,
  Post,
  Put,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
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
import { badRequest } from '../common/errors/domain-error.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import { Idempotent } from '../common/idempotency/idempotency.interceptor.js';
import type { Page } from '../common/http/pagination.js';
import { sendStoredFile } from '../files/send-file.js';
import { UuidParam } from '../common/http/uuid-param.js';
import { AttachmentsService } from './attachments.service.js';
import { AttendanceEntryDto } from './dto/attendance.dto.js';
import { CancelMeetingDto, CreateMeetingDto, RescheduleMeetingDto } from './dto/create-meeting.dto.js';
import { ListMeetingsQueryDto } from './dto/meeting-query.dto.js';
import {
  AttachmentDto,
  AttendanceResultDto,
  ErratumDto,
  MeetingDto,
  MeetingPageDto,
  type MeetingSummaryDto,
  MinutesDiffDto,
  MinutesDto,
} from './dto/meeting-views.dto.js';
import { CreateErratumDto, MinutesDiffQueryDto, MinutesQueryDto, SaveMinutesDto } from './dto/minutes.dto.js';
import { AttendanceService } from './attendance.service.js';
import { MeetingSchedulingService } from './meeting-scheduling.service.js';
import { MeetingsService } from './meetings.service.js';
import { MinutesPdfService } from './minutes-pdf.service.js';
import { MinutesPrintService } from './minutes-print.service.js';
import { MinutesSubmissionService } from './minutes-submission.service.js';
import { MinutesService } from './minutes.service.js';

const attendancePipe = new ParseArrayPipe({
  items: AttendanceEntryDto,
  whitelist: true,
  forbidNonWhitelisted: true,
  exceptionFactory: (errors) =>
    badRequest('VALIDATION_FAILED', 'Request validation failed', [
      { field: 'body', problems: Array.isArray(errors) ? errors.map(String) : [String(errors)] },
    ]),
});

/**
 * The printable minutes carry their own styles (a <style> element and a few style attributes),
 * which the API's `default-src 'none'` would block, leaving a blank page: styles inline, no
 * script at all, nothing loaded from elsewhere, never framed.
 */
const PRINT_PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

@ApiTags('meetings')
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED' })
@Controller('meetings')
export class MeetingsController {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly scheduling: MeetingSchedulingService,
    private readonly attendanceRecords: AttendanceService,
    private readonly attachments: AttachmentsService,
    private readonly minutes: MinutesService,
    private readonly submission: MinutesSubmissionService,
    private readonly print: MinutesPrintService,
    private readonly minutesPdf: MinutesPdfService,
  ) {}

  @Post(':id/attachments')
  @Authenticated()
  @ApiOperation({
    summary: 'Attach a photo or file to the meeting (secretary, chair)',
    description: 'multipart/form-data: `file` and an optional `caption`. Stored with its SHA-256.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' }, caption: { type: 'string' } },
    },
  })
  @ApiCreatedResponse({ type: AttachmentDto })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description: 'MULTIPART_REQUIRED, FILE_REQUIRED, CAPTION_TOO_LONG',
  })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'NOT_MEETING_SECRETARY' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'MEETING_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'MEETING_CANCELLED' })
  addAttachment(
    @UuidParam('id') id: string,
    @Req() request: FastifyRequest,
    @CurrentUser() user: AuthUser,
  ): Promise<AttachmentDto> {
    return this.attachments.add(id, request, user);
  }

  @Get(':id/attachments')
  @Authenticated()
  @ApiOperation({ summary: "The meeting's photos and files" })
  @ApiOkResponse({ type: [AttachmentDto] })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'MEETING_NOT_FOUND' })
  listAttachments(@UuidParam('id') id: string, @CurrentUser() user: AuthUser): Promise<AttachmentDto[]> {
    return this.attachments.list(id, user);
  }

  @Get(':id/attachments/:attachmentId/file')
  @AuthenticatedOrSignedLink()
  @ApiOperation({ summary: 'Download an attachment (images inline)' })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The file', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'MEETING_NOT_FOUND, ATTACHMENT_NOT_FOUND' })
  async attachmentFile(
    @UuidParam('id') id: string,
    @UuidParam('attachmentId') attachmentId: string,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const opened = await this.attachments.open(id, attachmentId, user);
    sendStoredFile(
      reply,
      opened,
      { disposition: opened.file.mime.startsWith('image/') ? 'inline' : 'attachment' },
      request,
    );
  }

  @Post()
  @Authenticated()
  @ApiOperation({
    summary: 'Schedule a meeting (the chair or secretary of the body, admin)',
    description:
      'Participants are users or named guests; the chair and the secretary are added when not listed. ' +
      'Reminders go out 24 h and 1 h before it starts. The answer lists the open action items of the same body.',
  })
  @ApiCreatedResponse({ type: MeetingDto })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description: 'VALIDATION_FAILED, MEETING_BODY_REQUIRED, INVALID_TIMES, UNKNOWN_USER, AGENDA_TOO_DEEP',
  })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'NOT_BODY_CHAIR' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'MEETING_BODY_NOT_FOUND' })
  create(@Body() dto: CreateMeetingDto, @CurrentUser() user: AuthUser): Promise<MeetingDto> {
    return this.scheduling.create(dto, user);
  }

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'Meetings I may see, newest first' })
  @ApiOkResponse({ type: MeetingPageDto })
  list(
    @Query() query: ListMeetingsQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<Page<MeetingSummaryDto>> {
    return this.meetings.list(query, user);
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({
    summary:
      'A meeting: agenda, participants and attendance, quorum, minutes status (participants, members of the body, admin)',
  })
  @ApiOkResponse({ type: MeetingDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'MEETING_NOT_FOUND' })
  get(@UuidParam('id') id: string, @CurrentUser() user: AuthUser): Promise<MeetingDto> {
    return this.meetings.get(id, user);
  }

  @Post(':id/cancel')
  @Authenticated()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Cancel a scheduled meeting; participants are notified (secretary, chair, admin)',
  })
  @ApiOkResponse({ type: MeetingDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'NOT_MEETING_SECRETARY' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'MEETING_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'MEETING_CANCELLED, MEETING_ALREADY_HELD' })
  cancel(
    @UuidParam('id') id: string,
    @Body() dto: CancelMeetingDto,
    @CurrentUser() user: AuthUser,
  ): Promise<MeetingDto> {
    return this.scheduling.cancel(id, dto, user);
  }

  @Post(':id/reschedule')
  @Authenticated()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Move a meeting not yet held; participants get an updated invitation (secretary, chair, admin)',
    description:
      'New reminders follow the new start. The e-mail carries an iCalendar REQUEST with the same UID and a higher SEQUENCE.',
  })
  @ApiOkResponse({ type: MeetingDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED, INVALID_TIMES' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'NOT_MEETING_SECRETARY' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'MEETING_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'MEETING_CANCELLED, MEETING_ALREADY_HELD' })
  reschedule(
    @UuidParam('id') id: string,
    @Body() dto: RescheduleMeetingDto,
    @CurrentUser() user: AuthUser,
  ): Promise<MeetingDto> {
    return this.scheduling.reschedule(id, dto, user);
  }

  @Put(':id/attendance')
  @Authenticated()
  @ApiOperation({
    summary: 'Record attendance (secretary, chair); answers the attendance and whether the quorum is met',
  })
  @ApiBody({ type: [AttendanceEntryDto] })
  @ApiOkResponse({ type: AttendanceResultDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED, UNKNOWN_PARTICIPANT' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'NOT_MEETING_SECRETARY' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'MEETING_NOT_FOUND' })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description:
      'MEETING_CANCELLED, MINUTES_LOCKED, MEETING_NOT_STARTED (present or absent before the start: only excused)',
  })
  attendance(
    @UuidParam('id') id: string,
    @Body(attendancePipe) entries: AttendanceEntryDto[],
    @CurrentUser() user: AuthUser,
  ): Promise<AttendanceResultDto> {
    return this.attendanceRecords.setAttendance(id, entries, user);
  }

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
    description: 'MINUTES_EMPTY, MINUTES_IN_APPROVAL, MINUTES_LOCKED, MEETING_CANCELLED',
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
    const stored = await this.minutesPdf.erratumPdf(id, erratumId, user);
    return sendStoredFile(
      reply,
      stored,
      { disposition: 'inline', fileName: `erratum-${erratumId}.pdf` },
      req,
    );
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
    const fileName = `minutes-${id}.pdf`;
    if ('stored' in out) return sendStoredFile(reply, out.stored, { disposition: 'inline', fileName }, req);
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `inline; filename="${fileName}"`)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-cache')
      .send(out.rendered);
  }
}
