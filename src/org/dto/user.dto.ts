import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { QueryBoolean, UniqueItems } from '../../common/http/validators.js';
import { PageQueryDto } from '../../common/http/pagination.js';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../common/auth/password.js';
import type { Role } from '../../common/auth/role.js';
import type { Locale } from '../../common/i18n/locale.js';
import type { UserStatus } from '../entities/user.entity.js';
import { normalizeText, OptionalNotNull, SearchQuery, toLowerTrim } from './transforms.js';

export const LOCALES: Locale[] = ['km', 'en'];
export const USER_STATUSES: UserStatus[] = ['active', 'retired', 'disabled'];
export const ROLE_NAMES: Role[] = ['admin'];

/** 3 to 64 characters: lower-case letters, digits, `.`, `_`, `-`; starts and ends with a letter or digit. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,62}[a-z0-9]$/;
const USERNAME_MESSAGE =
  'username must be 3-64 characters: letters, digits, ".", "_" or "-", starting and ending with a letter or digit';

export class CreateUserDto {
  @ApiProperty({ example: 'sokha.sean', description: 'Stored lower-case. ' + USERNAME_MESSAGE })
  @Transform(toLowerTrim)
  @IsString()
  @Matches(USERNAME_PATTERN, { message: USERNAME_MESSAGE })
  username: string;

  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH, maxLength: MAX_PASSWORD_LENGTH })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(MAX_PASSWORD_LENGTH)
  password: string;

  @ApiProperty({ example: 'Sean Sokha' })
  @Transform(normalizeText)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  fullName: string;

  @ApiPropertyOptional({ example: 'ស៊ាន សុខា', type: String, nullable: true })
  @IsOptional()
  @Transform(normalizeText)
  @IsString()
  @MaxLength(200)
  fullNameKm?: string | null;

  @ApiPropertyOptional({ example: 'sokha@example.gov.kh', type: String, nullable: true })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ enum: LOCALES, default: 'km' })
  @OptionalNotNull()
  @IsIn(LOCALES)
  locale?: Locale;

  @ApiPropertyOptional({ enum: ROLE_NAMES, isArray: true, default: [] })
  @OptionalNotNull()
  @IsArray()
  @UniqueItems()
  @ArrayMaxSize(10)
  @IsIn(ROLE_NAMES, { each: true })
  roles?: Role[];

  @ApiPropertyOptional({ format: 'uuid', type: String, nullable: true })
  @IsOptional()
  @IsUUID()
  orgUnitId?: string | null;

  @ApiPropertyOptional({ enum: USER_STATUSES, default: 'active' })
  @OptionalNotNull()
  @IsIn(USER_STATUSES)
  status?: UserStatus;

  @ApiPropertyOptional({
    default: true,
    description:
      'The person must choose their own password when they first sign in (until then their login ' +
      'may only change it, read and set their profile, and sign out: 403 PASSWORD_CHANGE_REQUIRED)',
  })
  @OptionalNotNull()
  @IsBoolean()
  mustChangePassword?: boolean;
}

/** What an admin may change. `null` clears a nullable field. */
export class UpdateUserDto {
  @ApiPropertyOptional()
  @OptionalNotNull()
  @Transform(normalizeText)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  fullName?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @Transform(normalizeText)
  @IsString()
  @MaxLength(200)
  fullNameKm?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ enum: LOCALES })
  @OptionalNotNull()
  @IsIn(LOCALES)
  locale?: Locale;

  @ApiPropertyOptional({
    enum: USER_STATUSES,
    description: 'disabled: the user can no longer log in, and their tokens stop working at once',
  })
  @OptionalNotNull()
  @IsIn(USER_STATUSES)
  status?: UserStatus;

  @ApiPropertyOptional({ enum: ROLE_NAMES, isArray: true })
  @OptionalNotNull()
  @IsArray()
  @UniqueItems()
  @ArrayMaxSize(10)
  @IsIn(ROLE_NAMES, { each: true })
  roles?: Role[];

  @ApiPropertyOptional({ format: 'uuid', type: String, nullable: true })
  @IsOptional()
  @IsUUID()
  orgUnitId?: string | null;

  @ApiPropertyOptional({
    minLength: MIN_PASSWORD_LENGTH,
    description: 'A new password (an admin resets a forgotten one); it also clears a lockout',
  })
  @OptionalNotNull()
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(MAX_PASSWORD_LENGTH)
  password?: string;

  @ApiPropertyOptional({
    description:
      'With `password` only (else 400 PASSWORD_REQUIRED_WITH_FLAG): whether the person must replace ' +
      'the new password with their own when they next sign in (true when left out)',
  })
  @OptionalNotNull()
  @IsBoolean()
  mustChangePassword?: boolean;
}

/** What users may change about themselves. */
export class UpdateMeDto {
  @ApiPropertyOptional({ enum: LOCALES })
  @OptionalNotNull()
  @IsIn(LOCALES)
  locale?: Locale;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;
}

export class ListUsersQueryDto extends PageQueryDto {
  @SearchQuery('Substring of the username, the Latin or the Khmer name (case-insensitive)')
  search?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  orgUnitId?: string;

  @ApiPropertyOptional({ enum: USER_STATUSES })
  @IsOptional()
  @IsIn(USER_STATUSES)
  status?: UserStatus;

  @ApiPropertyOptional({
    type: Boolean,
    description: 'true: only people of a unit (staff), not accounts that belong to none (the administrator)',
  })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  inUnit?: boolean;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'sokha.sean' })
  username: string;

  @ApiProperty({ example: 'Sean Sokha' })
  fullName: string;

  @ApiProperty({ type: String, nullable: true, example: 'ស៊ាន សុខា' })
  fullNameKm: string | null;

  @ApiProperty({ type: String, nullable: true })
  email: string | null;

  @ApiProperty({ enum: LOCALES })
  locale: Locale;

  @ApiProperty({ enum: USER_STATUSES })
  status: UserStatus;

  @ApiProperty({ enum: ROLE_NAMES, isArray: true })
  roles: Role[];

  @ApiProperty({ format: 'uuid', type: String, nullable: true })
  orgUnitId: string | null;

  @ApiProperty()
  createdAt: Date;

  @ApiProperty()
  updatedAt: Date;
}

export class UserSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  username: string;

  @ApiProperty()
  fullName: string;

  @ApiProperty({ type: String, nullable: true })
  fullNameKm: string | null;
}

export class UserPageDto {
  @ApiProperty({ type: [UserDto] })
  items: UserDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}
