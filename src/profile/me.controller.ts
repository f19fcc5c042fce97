import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user.js';
import { Authenticated, CurrentUser } from '../common/auth/decorators.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import { AssociationsService } from '../associations/associations.service.js';
import { MeDto } from '../org/dto/me.dto.js';
import { UpdateMeDto } from '../org/dto/user.dto.js';
import { UsersService } from '../org/users.service.js';
import { WorkingGroupsService } from '../working-groups/working-groups.service.js';
import { ProfileDto } from './dto/profile.dto.js';

@ApiTags('users')
@Authenticated()
@Controller('me')
export class MeController {
  constructor(
    private readonly users: UsersService,
    private readonly associations: AssociationsService,
    private readonly workingGroups: WorkingGroupsService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The caller: profile, roles, unit, the posts held today, and associations and working groups',
  })
  @ApiOkResponse({ type: ProfileDto })
  async me(@CurrentUser() user: AuthUser): Promise<ProfileDto> {
    const [profile, associations, groups] = await Promise.all([
      this.users.me(user.id),
      this.associations.membershipsOfUser(user.id),
      // As a plain member: an admin's "my groups" lists every group, memberships only their own.
      this.workingGroups.listMine({ ...user, roles: [] }),
    ]);
    return {
      ...profile,
      memberships: {
        associations,
        workingGroups: groups.map((g) => ({
          groupId: g.id,
          name: g.name,
          nameKm: g.nameKm,
          parentId: g.parentId,
          roles: g.myRoles,
        })),
      },
    };
  }

  @Patch()
  @ApiOperation({ summary: "Change one's own locale or e-mail" })
  @ApiOkResponse({ type: MeDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED' })
  update(@CurrentUser() user: AuthUser, @Body() dto: UpdateMeDto): Promise<MeDto> {
    return this.users.updateMe(user.id, dto);
  }
}
