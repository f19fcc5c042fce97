import { Body, Controller, Get, Post, Query } from '@nestjs/common';
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
import type { AuthUser } from '../common/auth/auth-user.js';
import { Authenticated, CurrentUser, Roles } from '../common/auth/decorators.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import { UuidParam } from '../common/http/uuid-param.js';
import {
  CreateProgressReportDto,
  ListReportsQueryDto,
  ProgressReportDto,
  ProgressReportsDto,
} from './dto/progress-report.dto.js';
import {
  AddMemberDto,
  CreateWorkingGroupDto,
  MembershipDto,
  MyGroupDto,
  WorkingGroupDto,
} from './dto/working-group.dto.js';
import { ProgressReportsService } from './progress-reports.service.js';
import { WorkingGroupsService } from './working-groups.service.js';

/** Groups, members and progress reports. The group page (GET /working-groups/:id) is in the meetings module, which it also shows. */
@ApiTags('working-groups')
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED' })
@Controller('working-groups')
export class WorkingGroupsController {
  constructor(
    private readonly groups: WorkingGroupsService,
    private readonly reports: ProgressReportsService,
  ) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a working group or a sub-group (admin)' })
  @ApiCreatedResponse({ type: WorkingGroupDto })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description: 'PARENT_GROUP_NOT_FOUND, ORG_UNIT_NOT_FOUND',
  })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'FORBIDDEN: not an admin' })
  create(@Body() dto: CreateWorkingGroupDto, @CurrentUser() user: AuthUser): Promise<WorkingGroupDto> {
    return this.groups.create(dto, user);
  }

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'The groups I belong to, with my roles (admins: every group)' })
  @ApiOkResponse({ type: [MyGroupDto] })
  listMine(@CurrentUser() user: AuthUser): Promise<MyGroupDto[]> {
    return this.groups.listMine(user);
  }

  @Post(':id/members')
  @Authenticated()
  @ApiOperation({
    summary: 'Add a member with a role and dates (the chair, admin)',
    description:
      'A user who already holds another current role in the group changes role: the old one is closed.',
  })
  @ApiCreatedResponse({ type: MembershipDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'NOT_GROUP_CHAIR' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'WORKING_GROUP_NOT_FOUND, USER_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'ALREADY_MEMBER' })
  addMember(
    @UuidParam('id') id: string,
    @Body() dto: AddMemberDto,
    @CurrentUser() user: AuthUser,
  ): Promise<MembershipDto> {
    return this.groups.addMember(id, dto, user);
  }

  @Post(':id/progress-reports')
  @Authenticated()
  @ApiOperation({
    summary: 'Report progress for a period (a member of the group)',
    description:
      "Requests go to the chair of the parent group (the group's own chair at the top); one report per group and period.",
  })
  @ApiCreatedResponse({ type: ProgressReportDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'NOT_GROUP_MEMBER' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'WORKING_GROUP_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'PROGRESS_REPORT_EXISTS' })
  createReport(
    @UuidParam('id') id: string,
    @Body() dto: CreateProgressReportDto,
    @CurrentUser() user: AuthUser,
  ): Promise<ProgressReportDto> {
    return this.reports.createReport(id, dto, user);
  }

  @Get(':id/progress-reports')
  @Authenticated()
  @ApiOperation({ summary: 'Reports of the group and all its sub-groups, with the roll-up (members, admin)' })
  @ApiOkResponse({ type: ProgressReportsDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'WORKING_GROUP_NOT_FOUND' })
  listReports(
    @UuidParam('id') id: string,
    @Query() query: ListReportsQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<ProgressReportsDto> {
    return this.reports.listReports(id, query.period, user);
  }
}
