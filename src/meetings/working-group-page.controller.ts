import { Controller, Get } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user.js';
import { Authenticated, CurrentUser } from '../common/auth/decorators.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import { TransactionService } from '../database/transaction.service.js';
import { UuidParam } from '../common/http/uuid-param.js';
import type { ProgressReport } from '../working-groups/entities/progress-report.entity.js';
import { ProgressReportsService } from '../working-groups/progress-reports.service.js';
import { toGroupDto, WorkingGroupsService } from '../working-groups/working-groups.service.js';
import { ActionItemsService } from './action-items.service.js';
import type { LatestProgressDto } from './dto/working-group-page.dto.js';
import { WorkingGroupPageDto } from './dto/working-group-page.dto.js';
import { MeetingsService } from './meetings.service.js';

const progress = (r: ProgressReport | undefined): LatestProgressDto | null =>
  r
    ? {
        id: r.id,
        period: r.period,
        progressPercent: r.progressPercent,
        achievements: r.achievements,
        challenges: r.challenges,
        createdAt: r.createdAt,
      }
    : null;

/**
 * A working group's page. It shows meetings and action items too, so it lives on the meetings
 * side: the meetings module depends on working groups, not the other way round.
 */
@ApiTags('working-groups')
@Controller('working-groups')
export class WorkingGroupPageController {
  constructor(
    private readonly tx: TransactionService,
    private readonly groups: WorkingGroupsService,
    private readonly reports: ProgressReportsService,
    private readonly meetings: MeetingsService,
    private readonly actionItems: ActionItemsService,
  ) {}

  @Get(':id')
  @Authenticated()
  @ApiOperation({
    summary:
      'A group: sub-groups, members with roles, meetings, open action items, latest progress (members of it or its parent, admin)',
  })
  @ApiOkResponse({ type: WorkingGroupPageDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'WORKING_GROUP_NOT_FOUND' })
  get(@UuidParam('id') id: string, @CurrentUser() user: AuthUser): Promise<WorkingGroupPageDto> {
    return this.tx.run(async (em) => {
      const group = await this.groups.viewable(em, id, user);
      // In turn: one transaction, whose one connection takes one query at a time.
      const parent = group.parentId ? await this.groups.findGroup(em, group.parentId) : null;
      const parentViewable = parent ? await this.groups.canView(em, parent, user) : false;
      const subGroups = await this.groups.subGroups(em, id);
      const members = await this.groups.members(em, id);
      const meetings = await this.meetings.recentForBody(em, `wg:${id}`);
      const openActionItems = await this.actionItems.openForBody(em, `wg:${id}`);
      const myRoles = await this.groups.rolesOf(em, id, user.id);
      const latest = await this.reports.latestReports(em, [id, ...subGroups.map((g) => g.id)]);
      return {
        ...toGroupDto(group),
        parent: parent
          ? { id: parent.id, name: parent.name, nameKm: parent.nameKm, parentId: parent.parentId }
          : null,
        parentViewable,
        subGroups: subGroups.map((g) => ({
          id: g.id,
          name: g.name,
          nameKm: g.nameKm,
          parentId: g.parentId,
          latestProgress: progress(latest.get(g.id)),
        })),
        members,
        meetings,
        openActionItems,
        latestProgress: progress(latest.get(id)),
        myRoles,
      };
    });
  }
}
