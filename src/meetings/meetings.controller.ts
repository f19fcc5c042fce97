import { Body, Controller, Get, HttpCode, HttpStatus, Post, Put, Query, Req, Res } from '@nestjs/common';
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
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../common/auth/auth-user.js';
import { Authenticated, AuthenticatedOrSignedLink, CurrentUser } from '../common/auth/decorators.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import type { Page } from '../common/http/pagination.js';
import { sendStoredFile } from '../files/send-file.js';
import { UuidParam } from '../common/http/uuid-param.js';
import { AttachmentsService } from './attachments.service.js';
import { AttendanceEntryDto, attendancePipe, MyApologyDto } from './dto/attendance.dto.js';
import { CancelMeetingDto, CreateMeetingDto, RescheduleMeetingDto } from './dto/create-meeting.dto.js';
import { ListMeetingsQueryDto } from './dto/meeting-query.dto.js';
import {
  AttachmentDto,
  AttendanceResultDto,
  MeetingDto,
  MeetingPageDto,
  type MeetingSummaryDto,
} from './dto/meeting-views.dto.js';
import { AttendanceService } from './attendance.service.js';
import { MeetingSchedulingService } from './meeting-scheduling.service.js';
import { MeetingsService } from './meetings.service.js';

@ApiTags('meetings')
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED' })
@Controller('meetings')
export class MeetingsController {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly scheduling: MeetingSchedulingService,
    private readonly attendanceRecords: AttendanceService,
    private readonly attachments: AttachmentsService,
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

  @Put(':id/my-apology')
  @Authenticated()
  @ApiOperation({
    summary: "Send one's apologies for a meeting that has not begun (sent: true), or take them back",
    description:
      'The caller must be a participant; their own attendance becomes excused (or not recorded again). ' +
      'The secretary is notified.',
  })
  @ApiOkResponse({ type: AttendanceResultDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'NOT_PARTICIPANT' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'MEETING_NOT_FOUND' })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'MEETING_STARTED, MEETING_CANCELLED, MINUTES_LOCKED',
  })
  myApology(
    @UuidParam('id') id: string,
    @Body() dto: MyApologyDto,
    @CurrentUser() user: AuthUser,
  ): Promise<AttendanceResultDto> {
    return this.attendanceRecords.setMyApology(id, dto.sent, user);
  }
}
