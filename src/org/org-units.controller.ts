import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user.js';
import { Authenticated, CurrentUser, Roles } from '../common/auth/decorators.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import {
  CreateOrgPostDto,
  CreateOrgUnitDto,
  EndOrgPostDto,
  ListOrgPostsQueryDto,
  OrgPostDto,
  OrgUnitDto,
  OrgUnitTreeNodeDto,
} from './dto/org-unit.dto.js';
import { OrgUnitsService } from './org-units.service.js';
import { UuidParam } from '../common/http/uuid-param.js';

@ApiTags('org-units')
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED' })
@Controller('org-units')
export class OrgUnitsController {
  constructor(private readonly units: OrgUnitsService) {}

  @Post()
  @Roles('admin')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Create a unit (admin)' })
  @ApiCreatedResponse({ type: OrgUnitDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED, PARENT_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'ORG_UNIT_CODE_TAKEN' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'FORBIDDEN: not an admin' })
  create(@Body() dto: CreateOrgUnitDto, @CurrentUser() actor: AuthUser): Promise<OrgUnitDto> {
    return this.units.create(dto, actor.id);
  }

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'The whole tree of units (roots with nested children)' })
  @ApiOkResponse({ type: [OrgUnitTreeNodeDto] })
  tree(): Promise<OrgUnitTreeNodeDto[]> {
    return this.units.tree();
  }

  @Get(':id')
  @Authenticated()
  @ApiOkResponse({ type: OrgUnitDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'ORG_UNIT_NOT_FOUND' })
  get(@UuidParam('id') id: string): Promise<OrgUnitDto> {
    return this.units.get(id);
  }

  @Post(':id/posts')
  @Roles('admin')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Give a user a post in the unit, with dates (admin)' })
  @ApiCreatedResponse({ type: OrgPostDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED, USER_NOT_FOUND' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'ORG_UNIT_NOT_FOUND' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'FORBIDDEN: not an admin' })
  addPost(
    @UuidParam('id') id: string,
    @Body() dto: CreateOrgPostDto,
    @CurrentUser() actor: AuthUser,
  ): Promise<OrgPostDto> {
    return this.units.addPost(id, dto, actor.id);
  }

  @Post(':id/posts/:postId/end')
  @Roles('admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'End a holding: the holder keeps the post until `to`, inclusive (admin)' })
  @ApiOkResponse({ type: OrgPostDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED (to before from)' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'ORG_POST_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'ORG_POST_ALREADY_ENDED' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'FORBIDDEN: not an admin' })
  endPost(
    @UuidParam('id') id: string,
    @UuidParam('postId') postId: string,
    @Body() dto: EndOrgPostDto,
    @CurrentUser() actor: AuthUser,
  ): Promise<OrgPostDto> {
    return this.units.endPost(id, postId, dto.to, actor.id);
  }

  @Get(':id/posts')
  @Authenticated()
  @ApiOperation({ summary: "The unit's posts (all, or those held on `at`)" })
  @ApiOkResponse({ type: [OrgPostDto] })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'ORG_UNIT_NOT_FOUND' })
  posts(@UuidParam('id') id: string, @Query() query: ListOrgPostsQueryDto): Promise<OrgPostDto[]> {
    return this.units.listPosts(id, query);
  }
}
