import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user.js';
import { Authenticated, CurrentUser, Roles } from '../common/auth/decorators.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import { WorkflowsService } from './workflows.service.js';
import { CreateWorkflowDto, WorkflowDto, WorkflowQueryDto } from './dto/workflow.dto.js';

const E = ErrorResponseDto;

@ApiTags('workflows')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: E })
@Controller('workflows')
export class WorkflowsController {
  constructor(private readonly workflows: WorkflowsService) {}

  /** Saves a template: version 1 for a new name, n+1 (and the older versions retired) for a known one. */
  @Roles('admin')
  @Post()
  @ApiCreatedResponse({ type: WorkflowDto })
  @ApiBadRequestResponse({ type: E, description: 'VALIDATION_FAILED, WORKFLOW_ROUTES_TO_NOBODY' })
  @ApiForbiddenResponse({ type: E, description: 'Admins only' })
  create(@Body() dto: CreateWorkflowDto, @CurrentUser() user: AuthUser): Promise<WorkflowDto> {
    return this.workflows.create(dto, user);
  }

  @Authenticated()
  @Get()
  @ApiOkResponse({ type: [WorkflowDto] })
  list(@Query() q: WorkflowQueryDto): Promise<WorkflowDto[]> {
    return this.workflows.list(q.documentType);
  }
}
