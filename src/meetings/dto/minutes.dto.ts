import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
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

export class MinutesItemInputDto {
  @ApiProperty()
  @IsUUID()
  agendaItemId: string;

  @ApiProperty({ example: 'ក្រុមការងាររងបានរាយការណ៍អំពីវឌ្ឍនភាព ៦០%។' })
  @IsString()
  @MaxLength(50000)
  notes: string;
}

export class DecisionInputDto {
  @ApiProperty({ example: 'អង្គប្រជុំបានអនុម័តផែនការសកម្មភាពឆ្នាំ២០២៧' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(10000)
  text: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  agendaItemId?: string;

  @ApiPropertyOptional({ description: 'Where a vote was taken' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100000)
  votesFor?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100000)
  votesAgainst?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100000)
  abstentions?: number;
}

export class ActionItemInputDto {
  @ApiPropertyOptional({
    description:
      'The id of an action item of an earlier revision, to keep it (the server assigns ids to new ones)',
  })
  @IsOptional()
  @IsUUID()
  id?: string;

  @ApiProperty({ example: 'រៀបចំសេចក្តីព្រាងគោលនយោបាយ' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  text: string;

  @ApiProperty()
  @IsUUID()
  ownerUserId: string;

  @ApiProperty({ example: '2026-12-15' })
  @IsISO8601({ strict: true })
  dueOn: string;

  @ApiPropertyOptional({ description: 'The agenda item it came out of (none: the meeting as a whole)' })
  @IsOptional()
  @IsUUID()
  agendaItemId?: string;
}

export class SaveMinutesDto {
  @ApiProperty({ description: 'The revision this edit started from (0 for the first save)', minimum: 0 })
  @IsInt()
  @Min(0)
  baseRevision: number;

  @ApiProperty({ type: [MinutesItemInputDto] })
  @IsArray()
  @ArrayMaxSize(300)
  @ValidateNested({ each: true })
  @Type(() => MinutesItemInputDto)
  items: MinutesItemInputDto[];

  @ApiProperty({ type: [DecisionInputDto] })
  @IsArray()
  @ArrayMaxSize(300)
  @ValidateNested({ each: true })
  @Type(() => DecisionInputDto)
  decisions: DecisionInputDto[];

  @ApiProperty({ type: [ActionItemInputDto] })
  @IsArray()
  @ArrayMaxSize(300)
  @ValidateNested({ each: true })
  @Type(() => ActionItemInputDto)
  actionItems: ActionItemInputDto[];
}

export class MinutesQueryDto {
  @ApiPropertyOptional({ description: 'A given revision (default: the latest)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  revision?: number;
}

export class MinutesDiffQueryDto {
  @ApiProperty()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  from: number;

  @ApiProperty()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  to: number;
}

export class CreateErratumDto {
  @ApiProperty({ example: 'កែតម្រូវ៖ សំឡេងគាំទ្រគឺ ១០ មិនមែន ៩ ទេ' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  text: string;
}
