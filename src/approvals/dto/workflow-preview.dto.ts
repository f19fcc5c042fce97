import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PreviewStageDto, WorkflowRefDto } from './route-preview.dto.js';

/** A document that does not exist yet: who would submit it, its type and its metadata (e.g. amount). */
export class WorkflowRoutePreviewRequestDto {
  @ApiProperty({ format: 'uuid', description: 'The submitter; the document is issued by their unit' })
  @IsUUID()
  submitterId: string;

  @ApiProperty({ example: 'budget_plan' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  documentType: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { amount: 15000 },
    description: "The document's metadata, which the templates' conditions read",
  })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'Preview this template (any version, even when it would not be chosen); default: the template a submission would choose',
  })
  @IsOptional()
  @IsUUID()
  workflowId?: string;
}

/** The route of a hypothetical document, computed by the code that routes submissions. */
export class WorkflowRoutePreviewDto {
  @ApiProperty({ type: WorkflowRefDto, description: 'The template whose route is shown' })
  workflow: WorkflowRefDto;
  @ApiProperty({
    description:
      'Whether a submission with this input would take `workflow` (false: another template, or none, would apply)',
  })
  applies: boolean;
  @ApiProperty({
    type: [WorkflowRefDto],
    description: 'The templates such a submission may take (the default first; empty: none applies)',
  })
  applicableWorkflows: WorkflowRefDto[];
  @ApiProperty({ description: 'Some stage routes to nobody today' }) blocked: boolean;
  @ApiProperty({ type: [PreviewStageDto] }) stages: PreviewStageDto[];
}
