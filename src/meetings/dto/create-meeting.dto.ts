import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PARTICIPANT_ROLES, type ParticipantRole } from '../entities/meeting-participant.entity.js';

export class AgendaItemInputDto {
  @ApiProperty({ example: 'របាយការណ៍វឌ្ឍនភាពនៃក្រុមការងាររង' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  title: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  presenterUserId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1440 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1440)
  durationMinutes?: number;

  @ApiPropertyOptional({ type: () => [AgendaItemInputDto], description: 'Sub-items (up to 3 levels)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AgendaItemInputDto)
  children?: AgendaItemInputDto[];
}

export class ParticipantInputDto {
  @ApiPropertyOptional({ description: 'A user; or give `name` for a guest without an account' })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ example: 'ឯកឧត្តម ជា វ៉ាន់ដេត', description: "A guest's name" })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name?: string;

  @ApiPropertyOptional({ example: 'Minister', description: "A guest's title or post" })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  title?: string;

  @ApiProperty({
    enum: PARTICIPANT_ROLES,
    description: 'Guests and observers do not count towards the quorum',
  })
  @IsIn(PARTICIPANT_ROLES)
  role: ParticipantRole;
}

export class CreateMeetingDto {
  @ApiProperty({ example: 'Progress meeting, 3rd quarter' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  title: string;

  @ApiPropertyOptional({ example: 'កិច្ចប្រជុំវឌ្ឍនភាព ត្រីមាសទី៣' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  titleKm?: string;

  @ApiPropertyOptional({ description: 'Exactly one of workingGroupId, associationId, orgUnitId' })
  @IsOptional()
  @IsUUID()
  workingGroupId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  associationId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  orgUnitId?: string;

  @ApiProperty({ example: '2026-12-01T02:00:00Z' })
  @IsISO8601({ strict: true })
  startsAt: string;

  @ApiPropertyOptional({ example: '2026-12-01T04:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  endsAt?: string;

  @ApiPropertyOptional({ example: 'បន្ទប់ប្រជុំជាន់ទី៣' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  location?: string;

  @ApiProperty()
  @IsUUID()
  chairUserId: string;

  @ApiProperty()
  @IsUUID()
  secretaryUserId: string;

  @ApiPropertyOptional({ description: 'Quorum as a number of voting participants present' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10000)
  quorum?: number;

  @ApiPropertyOptional({
    description:
      'Quorum as a percentage of the voting participants (used when `quorum` is not given); default: more than half',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  quorumPercent?: number;

  @ApiPropertyOptional({ type: [AgendaItemInputDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => AgendaItemInputDto)
  agenda?: AgendaItemInputDto[];

  @ApiPropertyOptional({
    type: [ParticipantInputDto],
    description: 'The chair and the secretary are added when not listed',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => ParticipantInputDto)
  participants?: ParticipantInputDto[];
}

export class RescheduleMeetingDto {
  @ApiProperty({ example: '2026-12-08T02:00:00Z', description: 'The new start (in the future)' })
  @IsISO8601({ strict: true })
  startsAt: string;

  @ApiPropertyOptional({ example: '2026-12-08T04:00:00Z', description: 'The new end (default: none)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  endsAt?: string;

  @ApiPropertyOptional({ description: 'The new place (default: unchanged)' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  location?: string;

  @ApiPropertyOptional({ description: 'Why it moved (told to the participants)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class CancelMeetingDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}
