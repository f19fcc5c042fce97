import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { normalizeText } from '../../org/dto/transforms.js';
import { PERIOD_PATTERN } from '../periods.js';
import { REQUEST_STATUSES, type RequestStatus } from '../entities/report-request.entity.js';

export class NewRequestDto {
  @ApiProperty({ example: 'សូមបន្ថែមថវិកាសម្រាប់ការបណ្តុះបណ្តាល' })
  @Transform(normalizeText)
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  text: string;
}

export class CreateProgressReportDto {
  @ApiProperty({ example: '2026-Q3', description: 'A quarter (YYYY-Qn) or a month (YYYY-MM)' })
  @IsString()
  @Matches(PERIOD_PATTERN, { message: 'period must look like 2026-Q3 or 2026-11' })
  period: string;

  @ApiProperty({ minimum: 0, maximum: 100 })
  @IsInt()
  @Min(0)
  @Max(100)
  progressPercent: number;

  @ApiPropertyOptional({ description: 'Spaces only are none (null)' })
  @IsOptional()
  @Transform(normalizeText)
  @IsString()
  @MaxLength(20000)
  achievements?: string;

  @ApiPropertyOptional({ description: 'Spaces only are none (null)' })
  @IsOptional()
  @Transform(normalizeText)
  @IsString()
  @MaxLength(20000)
  challenges?: string;

  @ApiPropertyOptional({ type: [NewRequestDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => NewRequestDto)
  requests?: NewRequestDto[];
}

export class ListReportsQueryDto {
  @ApiPropertyOptional({ example: '2026-Q3' })
  @IsOptional()
  @IsString()
  @Matches(PERIOD_PATTERN, { message: 'period must look like 2026-Q3 or 2026-11' })
  period?: string;
}

const ANSWERS = ['accepted', 'declined', 'done'] as const;

export class RespondRequestDto {
  @ApiProperty()
  @Transform(normalizeText)
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  response: string;

  @ApiProperty({ enum: ANSWERS })
  @IsIn(ANSWERS)
  status: 'accepted' | 'declined' | 'done';
}

export class RequestDto {
  @ApiProperty() id: string;
  @ApiProperty() reportId: string;
  @ApiProperty({ description: 'The group of the report' }) groupId: string;
  @ApiProperty({ description: 'The group whose chair answers' }) addresseeGroupId: string;
  @ApiProperty() addresseeGroupName: string;
  @ApiProperty({ nullable: true, type: String }) addresseeGroupNameKm: string | null;
  @ApiProperty({
    description:
      'Unanswered, and a group stands above the addressee: the reporting group’s chair or secretary may raise it',
  })
  raisable: boolean;
  @ApiProperty() text: string;
  @ApiProperty({ enum: REQUEST_STATUSES }) status: RequestStatus;
  @ApiProperty({ nullable: true, type: String }) response: string | null;
  @ApiProperty({ nullable: true, type: String }) respondedById: string | null;
  @ApiProperty({ nullable: true, type: Date }) respondedAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) raisedToGroupId: string | null;
  @ApiProperty({ nullable: true, type: Date }) raisedAt: Date | null;
  @ApiProperty() createdAt: Date;
}

export class ProgressReportDto {
  @ApiProperty() id: string;
  @ApiProperty() groupId: string;
  @ApiProperty() groupName: string;
  @ApiProperty({ nullable: true, type: String }) groupNameKm: string | null;
  @ApiProperty() period: string;
  @ApiProperty() progressPercent: number;
  @ApiProperty({ nullable: true, type: String }) achievements: string | null;
  @ApiProperty({ nullable: true, type: String }) challenges: string | null;
  @ApiProperty() authorId: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ type: [RequestDto] }) requests: RequestDto[];
}

export class RollUpEntryDto {
  @ApiProperty() groupId: string;
  @ApiProperty() groupName: string;
  @ApiProperty({ nullable: true, type: String }) parentId: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2026-Q3' }) latestPeriod: string | null;
  @ApiProperty({ nullable: true, type: Number }) latestPercent: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Mean of the sub-groups, recursively' })
  rolledUpPercent: number | null;
}

export class ProgressReportsDto {
  @ApiProperty() groupId: string;
  @ApiProperty({ type: [ProgressReportDto] }) reports: ProgressReportDto[];
  @ApiProperty({ type: [RollUpEntryDto] }) rollUp: RollUpEntryDto[];
}
