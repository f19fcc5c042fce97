import { Body, Controller, Get, HttpCode, HttpStatus, Patch, Post, Query } from '@nestjs/common';
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
import { CurrentUser, Roles } from '../common/auth/decorators.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import type { Page } from '../common/http/pagination.js';
import { CreateUserDto, ListUsersQueryDto, UpdateUserDto, UserDto, UserPageDto } from './dto/user.dto.js';
import { UsersService } from './users.service.js';
import { UuidParam } from '../common/http/uuid-param.js';

@ApiTags('users')
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED, INVALID_CURSOR' })
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @Roles('admin')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Create a user (admin)' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'USERNAME_TAKEN' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'FORBIDDEN: not an admin' })
  create(@Body() dto: CreateUserDto, @CurrentUser() actor: AuthUser): Promise<UserDto> {
    return this.users.create(dto, actor.id);
  }

  @Get()
  @Roles('admin')
  @ApiOperation({
    summary: 'The accounts, by username (admin; colleagues find each other in GET /people)',
    description: '`search` matches Latin and Khmer substrings of the username and both names.',
  })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'FORBIDDEN: not an admin' })
  @ApiOkResponse({ type: UserPageDto })
  list(@Query() query: ListUsersQueryDto): Promise<Page<UserDto>> {
    return this.users.list(query);
  }

  @Get(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'One account (admin; a name and unit for anyone: GET /people/{id})' })
  @ApiOkResponse({ type: UserDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'FORBIDDEN: not an admin' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'USER_NOT_FOUND' })
  get(@UuidParam('id') id: string): Promise<UserDto> {
    return this.users.get(id);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Change a user (admin): names, e-mail, locale, status, roles, unit, password' })
  @ApiOkResponse({ type: UserDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'USER_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'LAST_ADMIN, CANNOT_DISABLE_SELF' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'FORBIDDEN: not an admin' })
  update(
    @UuidParam('id') id: string,
    @Body() dto: UpdateUserDto,
    @CurrentUser() actor: AuthUser,
  ): Promise<UserDto> {
    return this.users.update(id, dto, actor.id);
  }
}
