import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
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
