import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination.js';
import {
  MEMBER_ROLES,
  MEMBER_STATUSES,
  type MemberRole,
  type MemberStatus,
} from '../entities/association-member.entity.js';
import { BOARD_ROLES, type BoardRole, type BoardSeatKind } from '../entities/board-member.entity.js';
import { IMPORT_PROBLEMS, type ImportProblemCode } from '../members-csv.js';

export class CreateAssociationDto {
  @ApiProperty({ example: "Workers' Association of the Ministry of Posts and Telecommunications" })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name: string;

  @ApiPropertyOptional({ example: 'សមាគមបុគ្គលិកក្រសួងប្រៃសណីយ៍និងទូរគមនាគមន៍' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  nameKm?: string;

  @ApiPropertyOptional({ example: '2001-05-01', format: 'date' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  foundedOn?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;
}

export class MyMembershipDto {
  @ApiProperty({ enum: MEMBER_STATUSES }) status: MemberStatus;
  @ApiProperty({ enum: MEMBER_ROLES }) role: MemberRole;
  @ApiProperty({ type: String, nullable: true }) memberNo: string | null;
  @ApiPropertyOptional({
    enum: [...BOARD_ROLES, 'substitute'],
    nullable: true,
    description:
      "The caller's seat on the board whose term has not ended (the sitting one, else the one certified for the next term); GET /associations/:id only",
  })
  boardRole?: BoardSeatKind | null;
}

export class AssociationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) nameKm: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) foundedOn: string | null;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty() createdAt: Date;
  @ApiPropertyOptional({
    type: MyMembershipDto,
    nullable: true,
    description: "The caller's membership (status, role, memberNo), if any",
  })
  myMembership?: MyMembershipDto | null;
  @ApiPropertyOptional({
    description:
      "Whether the caller may schedule the association's meetings (its admins and committee, the board's president, vice-president and secretary); GET /associations/:id only",
  })
  mayScheduleMeetings?: boolean;
}

export class AssociationPageDto {
  @ApiProperty({ type: [AssociationDto] }) items: AssociationDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class AddAssociationMemberDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  userId: string;

  @ApiProperty({ enum: MEMBER_STATUSES })
  @IsIn(MEMBER_STATUSES)
  status: MemberStatus;

  @ApiPropertyOptional({ example: 'A-0042' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  memberNo?: string;

  @ApiPropertyOptional({ format: 'date', example: '2010-03-01' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  joinedOn?: string;

  @ApiPropertyOptional({ enum: MEMBER_ROLES, default: 'member' })
  @IsOptional()
  @IsIn(MEMBER_ROLES)
  role?: MemberRole;
}

export class UpdateAssociationMemberDto {
  @ApiPropertyOptional({ enum: MEMBER_STATUSES })
  @IsOptional()
  @IsIn(MEMBER_STATUSES)
  status?: MemberStatus;

  @ApiPropertyOptional({ enum: MEMBER_ROLES })
  @IsOptional()
  @IsIn(MEMBER_ROLES)
  role?: MemberRole;
}

export class ImportMembersJsonDto {
  @ApiProperty({
    description:
      'CSV text with a header row: username or userId, status (active|retired), memberNo, joinedOn (YYYY-MM-DD), role (member|committee|admin)',
  })
  @IsString()
  @MaxLength(5 * 1024 * 1024)
  csv: string;
}

export class MemberImportRejectedRowDto {
  @ApiProperty({ description: 'Line in the CSV (the header is line 1)' }) line: number;
  @ApiProperty() reason: string;
}

export const MEMBER_IMPORT_OUTCOMES = ['imported', 'unchanged', 'rejected'] as const;
export type MemberImportOutcome = (typeof MEMBER_IMPORT_OUTCOMES)[number];

export class MemberImportProblemDto {
  @ApiProperty({ enum: IMPORT_PROBLEMS }) code: ImportProblemCode;
  @ApiProperty({ type: Number, nullable: true, description: 'The other line it concerns (a repeat)' })
  line: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'The value at fault' }) value: string | null;
}

export class MemberImportRowDto {
  @ApiProperty({ description: 'Line in the CSV (the header is line 1)' }) line: number;
  @ApiProperty({
    enum: MEMBER_IMPORT_OUTCOMES,
    description:
      '`imported`: added now; `unchanged`: already a member (a re-upload changes nothing); `rejected`: see `reason`',
  })
  outcome: MemberImportOutcome;
  @ApiProperty({ type: String, nullable: true, description: 'The username or userId the row names' })
  user: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why the row was rejected or left unchanged, in English',
  })
  reason: string | null;
  @ApiProperty({ type: [MemberImportProblemDto], description: 'The same, as stable codes' })
  problems: MemberImportProblemDto[];
}

export class MemberImportReportDto {
  @ApiProperty({ description: 'Rows added as members' }) imported: number;
  @ApiProperty({ description: 'Rows naming someone who is already a member (nothing changed)' })
  unchanged: number;
  @ApiProperty({ type: [MemberImportRejectedRowDto], description: 'The rejected rows (also in `rows`)' })
  rejected: MemberImportRejectedRowDto[];
  @ApiProperty({ type: [MemberImportRowDto], description: "Every row's outcome, by line" })
  rows: MemberImportRowDto[];
}

export class ImportMembersQueryDto {
  @ApiPropertyOptional({
    description:
      'Added to every line number in the report: a client that sends a long file in parts (the header repeated) ' +
      'passes the line of the first row of the part, minus 2, so the report speaks of lines of the whole file',
    minimum: 0,
    default: 0,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  lineOffset?: number;
}

export class AssociationMemberDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) associationId: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      "The sign-in name: only for those who manage members or run elections (the association's admins and " +
      'committee, system admins); null for other members, to whom a login name is no business',
  })
  username: string | null;
  @ApiProperty() fullName: string;
  @ApiProperty({ type: String, nullable: true }) fullNameKm: string | null;
  @ApiProperty({ type: String, nullable: true, description: "The person's unit of the ministry, if any" })
  unitName: string | null;
  @ApiProperty({ type: String, nullable: true }) unitNameKm: string | null;
  @ApiProperty({ enum: MEMBER_STATUSES }) status: MemberStatus;
  @ApiProperty({ type: String, nullable: true }) memberNo: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) joinedOn: string | null;
  @ApiProperty({
    enum: MEMBER_ROLES,
    description: 'Role in the association (who manages it, who runs elections)',
  })
  role: MemberRole;
  @ApiProperty({
    enum: [...BOARD_ROLES, 'substitute'],
    nullable: true,
    description:
      'Seat on the board whose term has not ended (the sitting board, else a newly certified one); null for none',
  })
  boardRole: BoardSeatKind | null;
}

export class AssociationMemberPageDto {
  @ApiProperty({ type: [AssociationMemberDto] }) items: AssociationMemberDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class AssociationMembersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: MEMBER_STATUSES })
  @IsOptional()
  @IsIn(MEMBER_STATUSES)
  status?: MemberStatus;

  @ApiPropertyOptional({
    description:
      'Part of a name (Latin or Khmer) or member number; a username too, for those who see usernames',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;
}

export class CreateTermDto {
  @ApiProperty({ example: 7, description: 'The term number (7 for the 7th term)' })
  @IsInt()
  @Min(1)
  @Max(100000)
  number: number;

  @ApiProperty({ format: 'date', example: '2014-01-01' })
  @IsISO8601({ strict: true, strictSeparator: true })
  startsOn: string;

  @ApiProperty({ format: 'date', example: '2015-12-31' })
  @IsISO8601({ strict: true, strictSeparator: true })
  endsOn: string;

  @ApiProperty({ example: 11 })
  @IsInt()
  @Min(1)
  @Max(500)
  boardSeats: number;
}

export class TermDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) associationId: string;
  @ApiProperty() number: number;
  @ApiProperty({ format: 'date' }) startsOn: string;
  @ApiProperty({ format: 'date' }) endsOn: string;
  @ApiProperty() boardSeats: number;
}

export class BoardSeatDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ type: String, nullable: true }) fullNameKm: string | null;
  @ApiProperty({ enum: [...BOARD_ROLES, 'substitute'] }) role: BoardRole | 'substitute';
  @ApiProperty({ type: Number, nullable: true }) substituteRank: number | null;
  @ApiProperty({ type: Number, nullable: true }) votes: number | null;
}

export class BoardDto {
  @ApiProperty({ type: TermDto }) term: TermDto;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) electionId: string | null;
  @ApiProperty({ type: [BoardSeatDto], description: 'Seated members with their roles' })
  members: BoardSeatDto[];
  @ApiProperty({ type: [BoardSeatDto], description: 'Substitutes, by rank' }) substitutes: BoardSeatDto[];
}

export class SetBoardRoleDto {
  @ApiProperty({ enum: BOARD_ROLES })
  @IsIn(BOARD_ROLES)
  role: BoardRole;
}

export class TermsListDto {
  @ApiProperty({ type: [TermDto] }) items: TermDto[];
}
