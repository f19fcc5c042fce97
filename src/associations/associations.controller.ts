import { Body, Controller, Get, HttpCode, HttpStatus, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user.js';
import { Authenticated, CurrentUser, Roles } from '../common/auth/decorators.js';
import { badRequest } from '../common/errors/domain-error.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import { PageQueryDto, type Page } from '../common/http/pagination.js';
import { UuidParam } from '../common/http/uuid-param.js';
import { AssociationsService } from './associations.service.js';
import { BoardService } from './board.service.js';
import { MemberImportService } from './member-import.service.js';
import { MembersService } from './members.service.js';
import { TermsService } from './terms.service.js';
import {
  AddAssociationMemberDto,
  AssociationDto,
  AssociationPageDto,
  BoardDto,
  CreateAssociationDto,
  CreateTermDto,
  ImportMembersJsonDto,
  ImportMembersQueryDto,
  MemberImportReportDto,
  AssociationMemberDto,
  AssociationMemberPageDto,
  AssociationMembersQueryDto,
  SetBoardRoleDto,
  TermDto,
  TermsListDto,
  UpdateAssociationMemberDto,
} from './dto/association.dto.js';

@ApiTags('associations')
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED, INVALID_CURSOR' })
@ApiNotFoundResponse({ type: ErrorResponseDto, description: 'ASSOCIATION_NOT_FOUND (also for non-members)' })
@Controller('associations')
export class AssociationsController {
  constructor(
    private readonly associations: AssociationsService,
    private readonly memberService: MembersService,
    private readonly memberImport: MemberImportService,
    private readonly termService: TermsService,
    private readonly boardService: BoardService,
  ) {}

  @Post()
  @Roles('admin')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Create an association (admin)' })
  @ApiCreatedResponse({ type: AssociationDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'FORBIDDEN: not an admin' })
  create(@Body() dto: CreateAssociationDto, @CurrentUser() user: AuthUser): Promise<AssociationDto> {
    return this.associations.create(user, dto);
  }

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'The associations I belong to (all of them for an admin)' })
  @ApiOkResponse({ type: AssociationPageDto })
  list(@Query() query: PageQueryDto, @CurrentUser() user: AuthUser): Promise<Page<AssociationDto>> {
    return this.associations.list(user, query.limit ?? 50, query.cursor);
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({ summary: 'An association (members and admins)' })
  @ApiOkResponse({ type: AssociationDto })
  get(@UuidParam('id') id: string, @CurrentUser() user: AuthUser): Promise<AssociationDto> {
    return this.associations.get(user, id);
  }

  @Post(':id/members')
  @Authenticated()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Add a member (association admin or admin)' })
  @ApiCreatedResponse({ type: AssociationMemberDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'NOT_ASSOCIATION_ADMIN' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'ALREADY_MEMBER, MEMBER_NO_TAKEN' })
  addMember(
    @UuidParam('id') id: string,
    @Body() dto: AddAssociationMemberDto,
    @CurrentUser() user: AuthUser,
  ): Promise<AssociationMemberDto> {
    return this.memberService.addMember(user, id, dto);
  }

  @Post(':id/members/import')
  @Authenticated()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Import members from CSV, row by row (association admin or admin)',
    description:
      'Body: `text/csv` (or `text/plain`), or JSON `{ csv }`. Header row with columns `username` or `userId`, ' +
      '`status` (active|retired), `memberNo`, `joinedOn` (YYYY-MM-DD), `role` (member|committee|admin). ' +
      'Good rows are imported and bad rows reported: `rows` gives every line its outcome (`imported`, ' +
      '`unchanged` for someone already a member, `rejected` with a reason). Importing the same file again ' +
      'changes nothing. One transaction: a failure other than a bad row imports nothing.',
  })
  @ApiConsumes('text/csv', 'application/json')
  @ApiBody({ type: ImportMembersJsonDto })
  @ApiCreatedResponse({ type: MemberImportReportDto })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description: 'CSV_INVALID (the file as a whole: no header, unknown columns, no rows, too many rows)',
  })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'NOT_ASSOCIATION_ADMIN' })
  importMembers(
    @UuidParam('id') id: string,
    @Query() query: ImportMembersQueryDto,
    @Body() body: unknown,
    @CurrentUser() user: AuthUser,
  ): Promise<MemberImportReportDto> {
    return this.memberImport.importMembers(user, id, csvOf(body), query.lineOffset ?? 0);
  }

  @Get(':id/members')
  @Authenticated()
  @ApiOperation({ summary: 'Members (members of the association and admins)' })
  @ApiOkResponse({ type: AssociationMemberPageDto })
  members(
    @UuidParam('id') id: string,
    @Query() query: AssociationMembersQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<Page<AssociationMemberDto>> {
    return this.memberService.listMembers(user, id, query);
  }

  @Patch(':id/members/:userId')
  @Authenticated()
  @ApiOperation({
    summary: "Change a member's status (e.g. retired) or role (association admin or admin)",
    description: 'A change to what the member already has writes nothing (no audit entry).',
  })
  @ApiOkResponse({ type: AssociationMemberDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'NOT_ASSOCIATION_ADMIN' })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'LAST_ASSOCIATION_ADMIN (the only admin of the association may not stop being one)',
  })
  @ApiNotFoundResponse({
    type: ErrorResponseDto,
    description: 'ASSOCIATION_NOT_FOUND (also for non-members), MEMBER_NOT_FOUND',
  })
  updateMember(
    @UuidParam('id') id: string,
    @UuidParam('userId') userId: string,
    @Body() dto: UpdateAssociationMemberDto,
    @CurrentUser() user: AuthUser,
  ): Promise<AssociationMemberDto> {
    return this.memberService.updateMember(user, id, userId, dto);
  }

  @Post(':id/terms')
  @Authenticated()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Create a board term (association admin or admin)' })
  @ApiCreatedResponse({ type: TermDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'NOT_ASSOCIATION_ADMIN' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'TERM_NUMBER_TAKEN' })
  createTerm(
    @UuidParam('id') id: string,
    @Body() dto: CreateTermDto,
    @CurrentUser() user: AuthUser,
  ): Promise<TermDto> {
    return this.termService.createTerm(user, id, dto);
  }

  @Get(':id/terms')
  @Authenticated()
  @ApiOperation({ summary: 'Terms of the association (members and admins)' })
  @ApiOkResponse({ type: TermsListDto })
  terms(@UuidParam('id') id: string, @CurrentUser() user: AuthUser): Promise<TermsListDto> {
    return this.termService.listTerms(user, id);
  }

  @Get(':id/terms/:termId/board')
  @Authenticated()
  @ApiOperation({
    summary: "The term's board: members with roles, and substitutes by rank (members and admins)",
  })
  @ApiOkResponse({ type: BoardDto })
  board(
    @UuidParam('id') id: string,
    @UuidParam('termId') termId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<BoardDto> {
    return this.boardService.board(user, id, termId);
  }

  @Put(':id/terms/:termId/board/:userId/role')
  @Authenticated()
  @ApiOperation({ summary: 'Give a seated board member a role (association admin or admin)' })
  @ApiOkResponse({ type: BoardDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'NOT_ASSOCIATION_ADMIN' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'BOARD_ROLE_TAKEN' })
  setBoardRole(
    @UuidParam('id') id: string,
    @UuidParam('termId') termId: string,
    @UuidParam('userId') userId: string,
    @Body() dto: SetBoardRoleDto,
    @CurrentUser() user: AuthUser,
  ): Promise<BoardDto> {
    return this.boardService.setBoardRole(user, id, termId, userId, dto.role);
  }
}

/** The CSV text of an import body: raw text (text/csv, text/plain) or JSON `{ csv }`. */
function csvOf(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const keys = Object.keys(body);
    const csv = (body as { csv?: unknown }).csv;
    if (keys.length === 1 && typeof csv === 'string') return csv;
  }
  throw badRequest('VALIDATION_FAILED', 'Request validation failed', [
    { field: 'csv', problems: ['send text/csv, or JSON { csv: string } with no other fields'] },
  ]);
}
