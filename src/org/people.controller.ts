import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated } from '../common/auth/decorators.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import type { Page } from '../common/http/pagination.js';
import { UuidParam } from '../common/http/uuid-param.js';
import { ListPeopleQueryDto, PersonEntryDto, PersonPageDto } from './dto/person-entry.dto.js';
import { PeopleService } from './people.service.js';

@ApiTags('users')
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED, INVALID_CURSOR' })
@Controller('people')
export class PeopleController {
  constructor(private readonly people: PeopleService) {}

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'The directory: active colleagues by name, with their unit',
    description:
      '`search` matches Latin and Khmer substrings of the names. No sign-in names, e-mail, roles or ' +
      'status: those are for administrators (GET /users).',
  })
  @ApiOkResponse({ type: PersonPageDto })
  list(@Query() query: ListPeopleQueryDto): Promise<Page<PersonEntryDto>> {
    return this.people.list(query);
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({ summary: 'One person by id: names and unit' })
  @ApiOkResponse({ type: PersonEntryDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'USER_NOT_FOUND' })
  get(@UuidParam('id') id: string): Promise<PersonEntryDto> {
    return this.people.get(id);
  }
}
