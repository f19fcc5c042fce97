import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { GROUP_ROLES, type GroupRole } from '../entities/working-group-member.entity.js';

export class CreateWorkingGroupDto {
  @ApiProperty({ example: 'Digital Government Project Working Group' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name: string;

  @ApiPropertyOptional({ example: 'ក្រុមការងារគម្រោងរដ្ឋាភិបាលឌីជីថល' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  nameKm?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  purpose?: string;

  @ApiPropertyOptional({ description: 'The parent group: this one is its sub-group' })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  orgUnitId?: string;
}

export class AddMemberDto {
  @ApiProperty()
  @IsUUID()
  userId: string;

  @ApiProperty({ enum: GROUP_ROLES })
  @IsIn(GROUP_ROLES)
  role: GroupRole;

  @ApiPropertyOptional({ example: '2026-01-01', description: 'First day (default: today)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'Last day (inclusive); none: open-ended' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class WorkingGroupSummaryDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) nameKm: string | null;
  @ApiProperty({ nullable: true, type: String }) parentId: string | null;
}

export class WorkingGroupDto extends WorkingGroupSummaryDto {
  @ApiProperty({ nullable: true, type: String }) purpose: string | null;
  @ApiProperty({ nullable: true, type: String }) orgUnitId: string | null;
  @ApiProperty() createdAt: Date;
}

export class MembershipDto {
  @ApiProperty() id: string;
  @ApiProperty() groupId: string;
  @ApiProperty() userId: string;
  @ApiProperty({ nullable: true, type: String }) fullName: string | null;
  @ApiProperty({ nullable: true, type: String }) fullNameKm: string | null;
  @ApiProperty({ enum: GROUP_ROLES }) role: GroupRole;
  @ApiProperty({ example: '2026-01-01' }) from: string;
  @ApiProperty({ nullable: true, type: String }) to: string | null;
}

export class MyGroupDto extends WorkingGroupDto {
  @ApiProperty({
    enum: GROUP_ROLES,
    isArray: true,
    description: 'My current roles (empty for an admin who is not a member)',
  })
  myRoles: GroupRole[];
}
