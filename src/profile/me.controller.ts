import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user.js';
import { Authenticated, CurrentUser, EvenBeforePasswordChange } from '../common/auth/decorators.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import { MeDto } from '../org/dto/me.dto.js';
import { UpdateMeDto } from '../org/dto/user.dto.js';
import { UsersService } from '../org/users.service.js';
import { ProfileDto } from './dto/profile.dto.js';
import { ProfileService } from './profile.service.js';

@ApiTags('users')
@Authenticated()
// Who one is and one's language, also while an administrator's password must still be replaced.
@EvenBeforePasswordChange()
@Controller('me')
export class MeController {
  constructor(
    private readonly users: UsersService,
    private readonly profiles: ProfileService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The caller: profile, roles, unit, the posts held today, and associations and working groups',
  })
  @ApiOkResponse({ type: ProfileDto })
  me(@CurrentUser() user: AuthUser): Promise<ProfileDto> {
    return this.profiles.profile(user);
  }

  @Patch()
  @ApiOperation({ summary: "Change one's own locale or e-mail" })
  @ApiOkResponse({ type: MeDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED' })
  update(@CurrentUser() user: AuthUser, @Body() dto: UpdateMeDto): Promise<MeDto> {
    return this.users.updateMe(user.id, dto);
  }
}
