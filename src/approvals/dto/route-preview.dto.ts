import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PersonDto, RoutingNoteDto, TASK_ORIGINS } from './document.dto.js';

export class RoutePreviewQueryDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'The template the submitter means to choose (one of `applicableWorkflows`); default: the chosen one',
  })
  @IsOptional()
  @IsUUID()
  workflowId?: string;
}

export class WorkflowRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'The name in English' }) name: string;
  @ApiProperty({ type: String, nullable: true, description: 'The name in Khmer' }) nameKm: string | null;
  @ApiProperty() version: number;
}

export class PostTitleDto {
  @ApiProperty() title: string;
  @ApiPropertyOptional({ type: String, nullable: true }) titleKm: string | null;
}

export class PreviewApproverDto {
  @ApiProperty({ type: PersonDto, description: 'Who would get the task' }) assignee: PersonDto;
  @ApiPropertyOptional({
    type: PersonDto,
    nullable: true,
    description: 'The approver the assignee would act for (delegation)',
  })
  actingFor: PersonDto | null;
  @ApiPropertyOptional({
    type: PostTitleDto,
    nullable: true,
    description: 'The post through which the approver (or who is acted for) is chosen',
  })
  post: PostTitleDto | null;
  @ApiProperty({ enum: TASK_ORIGINS }) origin: string;
}

export class PreviewStageDto {
  @ApiProperty() index: number;
  @ApiProperty({ description: 'The name in English' }) name: string;
  @ApiProperty({ type: String, nullable: true, description: 'The name in Khmer' }) nameKm: string | null;
  @ApiProperty({ enum: ['all', 'any', 'quorum'] }) mode: string;
  @ApiPropertyOptional({ type: Number, nullable: true }) quorum: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) slaHours: number | null;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid' }) escalateToUserId: string | null;
  @ApiProperty({ description: 'Routes to nobody today (a first stage blocked refuses the submission)' })
  blocked: boolean;
  @ApiProperty({ type: [PreviewApproverDto] }) approvers: PreviewApproverDto[];
  @ApiProperty({
    type: [RoutingNoteDto],
    description: 'How each approver resolves (as `routingNotes` of GET /documents/:id)',
  })
  routingNotes: RoutingNoteDto[];
}

/** The route a document would take if submitted now (who holds which post, delegations of today). */
export class RoutePreviewDto {
  @ApiProperty({ format: 'uuid' }) documentId: string;
  @ApiProperty({ type: WorkflowRefDto, description: 'The template the submission would use' })
  workflow: WorkflowRefDto;
  @ApiProperty({
    type: [WorkflowRefDto],
    description: 'The templates the submitter may choose with `workflowId` (the default first)',
  })
  applicableWorkflows: WorkflowRefDto[];
  @ApiProperty({ description: 'Some stage routes to nobody today' }) blocked: boolean;
  @ApiProperty({ type: [PreviewStageDto] }) stages: PreviewStageDto[];
}

/** POST /route-preview: what the new-document form knows before any draft exists. */
export class DraftRoutePreviewQueryDto {
  @ApiProperty({ example: 'budget_plan' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  documentType: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The issuing unit (default: the caller’s unit)' })
  @IsOptional()
  @IsUUID()
  orgUnitId?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { amount: 15000 },
    description: 'The metadata the document would carry (what template conditions read)',
  })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'One of `applicableWorkflows`; default: the chosen one',
  })
  @IsOptional()
  @IsUUID()
  workflowId?: string;
}

/** The route a document not yet created would take (as RoutePreviewDto, without a document). */
export class DraftRoutePreviewDto extends OmitType(RoutePreviewDto, ['documentId'] as const) {}
