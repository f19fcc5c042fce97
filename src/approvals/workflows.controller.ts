import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user.js';
import { Authenticated, CurrentUser, Roles } from '../common/auth/decorators.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import { WorkflowsService } from './workflows.service.js';
import { CreateWorkflowDto, WorkflowDto, WorkflowQueryDto } from './dto/workflow.dto.js';
import { WorkflowRoutePreviewDto, WorkflowRoutePreviewRequestDto } from './dto/workflow-preview.dto.js';
import { RoutePreviewService } from './route-preview.service.js';

const E = ErrorResponseDto;

@ApiTags('workflows')
@Controller('workflows')
export class WorkflowsController {
  constructor(
    private readonly workflows: WorkflowsService,
    private readonly routePreview: RoutePreviewService,
  ) {}

  /** Saves a template: version 1 for a new name, n+1 (and the older versions retired) for a known one. */
  @Roles('admin')
  @Post()
  @ApiCreatedResponse({ type: WorkflowDto })
  @ApiBadRequestResponse({ type: E, description: 'VALIDATION_FAILED, WORKFLOW_ROUTES_TO_NOBODY' })
  @ApiForbiddenResponse({ type: E, description: 'Admins only' })
  create(@Body() dto: CreateWorkflowDto, @CurrentUser() user: AuthUser): Promise<WorkflowDto> {
    return this.workflows.create(dto, user);
  }

  /** The route a document not yet written would take (a submitter, a type, an amount): reads only. */
  @Roles('admin')
  @Post('route-preview')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: WorkflowRoutePreviewDto })
  @ApiBadRequestResponse({
    type: E,
    description: 'VALIDATION_FAILED, USER_NOT_FOUND, ORG_UNIT_REQUIRED, METADATA_NUMBER_REQUIRED',
  })
  @ApiNotFoundResponse({ type: E, description: 'WORKFLOW_NOT_FOUND' })
  @ApiConflictResponse({ type: E, description: 'NO_WORKFLOW_FOR_DOCUMENT: no template applies' })
  @ApiForbiddenResponse({ type: E, description: 'Admins only' })
  preview(@Body() dto: WorkflowRoutePreviewRequestDto): Promise<WorkflowRoutePreviewDto> {
    return this.routePreview.previewHypothetical(dto);
  }

  @Authenticated()
  @Get()
  @ApiOkResponse({ type: [WorkflowDto] })
  list(@Query() q: WorkflowQueryDto): Promise<WorkflowDto[]> {
    return this.workflows.list(q.documentType);
  }
}
