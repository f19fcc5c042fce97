import { ApiProperty } from '@nestjs/swagger';
import {
  MEMBER_ROLES,
  MEMBER_STATUSES,
  type MemberRole,
  type MemberStatus,
} from '../../associations/entities/association-member.entity.js';
import { MeDto } from '../../org/dto/me.dto.js';
import { GROUP_ROLES, type GroupRole } from '../../working-groups/entities/working-group-member.entity.js';

export class AssociationMembershipDto {
  @ApiProperty() associationId: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) nameKm: string | null;
  @ApiProperty({ enum: MEMBER_STATUSES }) status: MemberStatus;
  @ApiProperty({ enum: MEMBER_ROLES }) role: MemberRole;
  @ApiProperty({ nullable: true, type: String }) memberNo: string | null;
}

export class GroupMembershipDto {
  @ApiProperty() groupId: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) nameKm: string | null;
  @ApiProperty({ nullable: true, type: String }) parentId: string | null;
  @ApiProperty({ enum: GROUP_ROLES, isArray: true }) roles: GroupRole[];
}

export class MembershipsDto {
  @ApiProperty({ type: [AssociationMembershipDto] }) associations: AssociationMembershipDto[];
  @ApiProperty({ type: [GroupMembershipDto] }) workingGroups: GroupMembershipDto[];
}

/** GET /me: the profile, the posts held today, and the associations and working groups one belongs to. */
export class ProfileDto extends MeDto {
  @ApiProperty({ type: MembershipsDto }) memberships: MembershipsDto;
}
