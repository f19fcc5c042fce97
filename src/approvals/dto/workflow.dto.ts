import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

export class ApproverDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'A named user' })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'With `post`: whoever holds that post in this unit' })
  @IsOptional()
  @IsUUID()
  orgUnitId?: string;

  @ApiPropertyOptional({ enum: ['head', 'deputy'] })
  @IsOptional()
  @IsIn(['head', 'deputy'])
  post?: 'head' | 'deputy';

  @ApiPropertyOptional({ enum: ['submitter_unit_head', 'submitter_parent_unit_head'] })
  @IsOptional()
  @IsIn(['submitter_unit_head', 'submitter_parent_unit_head'])
  relative?: 'submitter_unit_head' | 'submitter_parent_unit_head';
}

export class StageDto {
  @ApiProperty({ example: 'Director', description: "The stage's name in English" })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'ប្រធាននាយកដ្ឋាន',
    description: "The stage's name in Khmer (omitted or null: the stage has only `name`)",
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  nameKm?: string | null;

  @ApiProperty({ enum: ['all', 'any', 'quorum'] })
  @IsIn(['all', 'any', 'quorum'])
  mode: 'all' | 'any' | 'quorum';

  @ApiPropertyOptional({ minimum: 1, description: 'k of n, for mode quorum' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  quorum?: number;

  @ApiProperty({
    type: [ApproverDto],
    description: 'Each one of `{ userId }`, `{ orgUnitId, post }` or `{ relative }`',
  })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ApproverDto)
  approvers: ApproverDto[];

  @ApiPropertyOptional({ description: 'Hours until the task is overdue (fractions allowed)', example: 48 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.0001)
  @Max(8760)
  slaHours?: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'Who gets vacant posts and overdue tasks' })
  @IsOptional()
  @IsUUID()
  escalateToUserId?: string;
}

export class CreateWorkflowDto {
  @ApiProperty({
    example: 'Budget plan',
    description: "The template's name in English; saving under a known name makes its next version",
  })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'ផែនការថវិកា',
    description: "The template's name in Khmer, for display (omitted or null: none)",
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  nameKm?: string | null;

  @ApiProperty({ example: 'budget_plan' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  documentType: string;

  @ApiPropertyOptional({
    example: 'ផែនការថវិកា',
    description:
      "The document type's Khmer display name, saved for the type (every template of it) with this template; omitted: unchanged",
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  documentTypeNameKm?: string;

  @ApiPropertyOptional({
    example: 'Budget plan',
    description: "The document type's English display name, as documentTypeNameKm",
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  documentTypeNameEn?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'When this template applies, on the document metadata: `{ field, op, value }` with op one of = != > >= < <= in exists, combined with `{ and: [] }`, `{ or: [] }`, `{ not: {} }`',
    example: { field: 'amount', op: '>', value: 10000 },
  })
  @IsOptional()
  @IsObject()
  condition?: Record<string, unknown>;

  @ApiPropertyOptional({
    description:
      'false saves the new version switched off: no new submission takes this template (default true)',
  })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiProperty({ type: [StageDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => StageDto)
  stages: StageDto[];
}

export class WorkflowQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  documentType?: string;
}

export class WorkflowDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'The name in English' }) name: string;
  @ApiProperty({ type: String, nullable: true, description: 'The name in Khmer' }) nameKm: string | null;
  @ApiProperty() documentType: string;
  @ApiProperty({ type: String, nullable: true, description: "The document type's Khmer display name" })
  documentTypeNameKm: string | null;
  @ApiProperty({ type: String, nullable: true, description: "The document type's English display name" })
  documentTypeNameEn: string | null;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true })
  condition: Record<string, unknown> | null;
  @ApiProperty() version: number;
  @ApiProperty({ description: 'Only the latest version of a name is offered for new submissions' })
  active: boolean;
  @ApiProperty({ type: [StageDto] }) stages: StageDto[];
  @ApiProperty() createdAt: string;
}
