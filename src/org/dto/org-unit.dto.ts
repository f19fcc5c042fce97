import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import type { PostKind } from '../entities/org-post.entity.js';
import { UserSummaryDto } from './user.dto.js';
import { DATE_ONLY, normalizeText, OptionalNotNull, toUpperTrim } from './transforms.js';

export const POST_KINDS: PostKind[] = ['head', 'deputy', 'member'];

/** 1 to 20 characters: upper-case letters, digits, `_`, `-`, starting with a letter (used in reference numbers). */
export const UNIT_CODE_PATTERN = /^[A-Z][A-Z0-9_-]{0,19}$/;

export class CreateOrgUnitDto {
  @ApiProperty({
    example: 'ICT',
    description: 'Unique; stored upper-case; 1-20 letters, digits, "_" or "-", starting with a letter',
  })
  @Transform(toUpperTrim)
  @IsString()
  @Matches(UNIT_CODE_PATTERN, {
    message: 'code must be 1-20 upper-case letters, digits, "_" or "-", starting with a letter',
  })
  code: string;

  @ApiProperty({ example: 'Department of Information and Communication Technology' })
  @Transform(normalizeText)
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name: string;

  @ApiPropertyOptional({ example: 'នាយកដ្ឋានព័ត៌មានវិទ្យា', type: String, nullable: true })
  @IsOptional()
  @Transform(normalizeText)
  @IsString()
  @MaxLength(300)
  nameKm?: string | null;

  @ApiPropertyOptional({ format: 'uuid', type: String, nullable: true })
  @IsOptional()
  @IsUUID()
  parentId?: string | null;
}

export class OrgUnitDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'ICT' })
  code: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: String, nullable: true })
  nameKm: string | null;

  @ApiProperty({ format: 'uuid', type: String, nullable: true })
  parentId: string | null;

  @ApiProperty()
  createdAt: Date;
}

export class OrgUnitTreeNodeDto extends OrgUnitDto {
  @ApiProperty({ type: () => [OrgUnitTreeNodeDto] })
  children: OrgUnitTreeNodeDto[];
}

export class CreateOrgPostDto {
  @ApiProperty({ example: 'Director' })
  @Transform(normalizeText)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title: string;

  @ApiPropertyOptional({ example: 'ប្រធាននាយកដ្ឋាន', type: String, nullable: true })
  @IsOptional()
  @Transform(normalizeText)
  @IsString()
  @MaxLength(200)
  titleKm?: string | null;

  @ApiProperty({ enum: POST_KINDS })
  @IsIn(POST_KINDS)
  kind: PostKind;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  userId: string;

  @ApiPropertyOptional({ example: '2026-01-01', description: 'First day held (inclusive); none: always' })
  @OptionalNotNull()
  @IsString()
  @Matches(DATE_ONLY, { message: 'from must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({
    example: '2027-12-31',
    type: String,
    nullable: true,
    description: 'Last day held (inclusive); none: still held',
  })
  @IsOptional()
  @IsString()
  @Matches(DATE_ONLY, { message: 'to must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  to?: string | null;
}

export class EndOrgPostDto {
  @ApiProperty({ example: '2026-12-31', description: 'Last day held (inclusive)' })
  @IsString()
  @Matches(DATE_ONLY, { message: 'to must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  to: string;
}

export class ListOrgPostsQueryDto {
  @ApiPropertyOptional({ example: '2026-06-01', description: 'Only the posts held on this date' })
  @IsOptional()
  @IsString()
  @Matches(DATE_ONLY, { message: 'at must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  at?: string;
}

export class OrgPostDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  orgUnitId: string;

  @ApiProperty({ enum: POST_KINDS })
  kind: PostKind;

  @ApiProperty()
  title: string;

  @ApiProperty({ type: String, nullable: true })
  titleKm: string | null;

  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty({ type: UserSummaryDto })
  user: UserSummaryDto;

  @ApiProperty({ type: String, nullable: true, example: '2026-01-01' })
  validFrom: string | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  validTo: string | null;

  @ApiProperty()
  createdAt: Date;
}

export class OrgUnitSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  code: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: String, nullable: true })
  nameKm: string | null;
}

export class HeldPostDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: POST_KINDS })
  kind: PostKind;

  @ApiProperty()
  title: string;

  @ApiProperty({ type: String, nullable: true })
  titleKm: string | null;

  @ApiProperty({ type: OrgUnitSummaryDto })
  orgUnit: OrgUnitSummaryDto;

  @ApiProperty({ type: String, nullable: true })
  validFrom: string | null;

  @ApiProperty({ type: String, nullable: true })
  validTo: string | null;
}
