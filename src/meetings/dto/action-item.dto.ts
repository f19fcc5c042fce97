import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination.js';
import { ACTION_ITEM_STATUSES, type ActionItemStatus } from '../entities/action-item.entity.js';

export class ListActionItemsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Default: me (unless another filter is given)' })
  @IsOptional()
  @IsUUID()
  ownerUserId?: string;

  @ApiPropertyOptional({ enum: ACTION_ITEM_STATUSES })
  @IsOptional()
  @IsIn(ACTION_ITEM_STATUSES)
  status?: ActionItemStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  workingGroupId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  meetingId?: string;
}

export class UpdateActionItemDto {
  @ApiPropertyOptional({ enum: ACTION_ITEM_STATUSES })
  @IsOptional()
  @IsIn(ACTION_ITEM_STATUSES)
  status?: ActionItemStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  progressNote?: string;
}

export class ActionItemDto {
  @ApiProperty() id: string;
  @ApiProperty() meetingId: string;
  @ApiProperty({ nullable: true, type: String }) meetingTitle: string | null;
  @ApiProperty({ example: 'wg:<uuid>', description: 'The body: wg:, association: or unit: and its id' })
  bodyKey: string;
  @ApiProperty({ nullable: true, type: String, description: 'The agenda item it came out of' })
  agendaItemId: string | null;
  @ApiProperty() text: string;
  @ApiProperty() ownerUserId: string;
  @ApiProperty({ nullable: true, type: String }) ownerName: string | null;
  @ApiProperty({ example: '2026-12-15' }) dueOn: string;
  @ApiProperty({ enum: ACTION_ITEM_STATUSES }) status: ActionItemStatus;
  @ApiProperty({ nullable: true, type: String }) progressNote: string | null;
  @ApiProperty({ description: 'Past its due day and not resolved' }) overdue: boolean;
  @ApiProperty() updatedAt: Date;
}

export class ActionItemPageDto {
  @ApiProperty({ type: [ActionItemDto] }) items: ActionItemDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
