import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../common/auth/password.js';
import { UserDto } from '../../org/dto/user.dto.js';

export class LoginDto {
  @ApiProperty({ example: 'admin', description: 'Case-insensitive' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  username: string;

  @ApiProperty({ example: 'secret-password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  password: string;
}

export class RefreshDto {
  @ApiPropertyOptional({
    description:
      'The refresh token of the last login or refresh. Browsers leave it out: the `refresh_token` cookie ' +
      'that login and refresh set is used instead (with a JSON body, e.g. `{}`).',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  refreshToken?: string;

  @ApiPropertyOptional({
    type: Boolean,
    description:
      'For a page load that asks "am I still signed in?": when true and there is no token at all (none ' +
      'in the body, no cookie), the answer is 204 No Content instead of 401 REFRESH_TOKEN_MISSING, so ' +
      'an anonymous visit logs no error. Any token present is checked as always.',
  })
  @IsOptional()
  @IsBoolean()
  ifPresent?: boolean;
}

export class ChangePasswordDto {
  @ApiProperty({ description: 'The password the caller signs in with now' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_PASSWORD_LENGTH)
  currentPassword: string;

  @ApiProperty({
    minLength: MIN_PASSWORD_LENGTH,
    maxLength: MAX_PASSWORD_LENGTH,
    description: `At least ${MIN_PASSWORD_LENGTH} characters (as an administrator's reset); shorter is 400 PASSWORD_TOO_WEAK`,
  })
  @IsString()
  @MaxLength(MAX_PASSWORD_LENGTH)
  newPassword: string;
}

export class PasswordChangedDto {
  @ApiProperty({ example: 2, description: 'How many other logins of the user were ended' })
  otherSessionsEnded: number;
}

export class TokensDto {
  @ApiProperty({ description: 'JWT for `Authorization: Bearer ...`; short-lived' })
  accessToken: string;

  @ApiProperty({ description: 'Opaque; single use: each refresh returns the next one' })
  refreshToken: string;

  @ApiProperty({ example: 'Bearer' })
  tokenType: 'Bearer';

  @ApiProperty({ example: 900, description: 'Seconds until the access token expires' })
  expiresIn: number;

  @ApiProperty({ type: UserDto })
  user: UserDto;
}
