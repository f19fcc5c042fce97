import { ApiProperty } from '@nestjs/swagger';
import { GROUP_ROLES, type GroupRole } from '../../working-groups/entities/working-group-member.entity.js';
import {
  MembershipDto,
  WorkingGroupDto,
  WorkingGroupSummaryDto,
} from '../../working-groups/dto/working-group.dto.js';
import { ActionItemDto } from './action-item.dto.js';
import { MeetingSummaryDto } from './meeting-views.dto.js';

export class LatestProgressDto {
  @ApiProperty() id: string;
  @ApiProperty() period: string;
  @ApiProperty() progressPercent: number;
  @ApiProperty({ nullable: true, type: String }) achievements: string | null;
  @ApiProperty({ nullable: true, type: String }) challenges: string | null;
  @ApiProperty() createdAt: Date;
}

export class SubGroupDto extends WorkingGroupSummaryDto {
  @ApiProperty({ type: LatestProgressDto, nullable: true }) latestProgress: LatestProgressDto | null;
}

export class WorkingGroupPageDto extends WorkingGroupDto {
  @ApiProperty({ type: WorkingGroupSummaryDto, nullable: true }) parent: WorkingGroupSummaryDto | null;
  @ApiProperty({
    description:
      'Whether the reader may open the parent group (a member of a sub-group only sees its name: a link led to "not found")',
  })
  parentViewable: boolean;
  @ApiProperty({ type: [SubGroupDto] }) subGroups: SubGroupDto[];
  @ApiProperty({ type: [MembershipDto], description: 'Current members, chair first' })
  members: MembershipDto[];
  @ApiProperty({ type: [MeetingSummaryDto], description: 'The latest 20 meetings, newest first' })
  meetings: MeetingSummaryDto[];
  @ApiProperty({ type: [ActionItemDto] }) openActionItems: ActionItemDto[];
  @ApiProperty({ type: LatestProgressDto, nullable: true }) latestProgress: LatestProgressDto | null;
  @ApiProperty({ enum: GROUP_ROLES, isArray: true, description: 'My current roles in the group' })
  myRoles: GroupRole[];
}
