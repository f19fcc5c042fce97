import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../common/auth/auth-user.js';
import { AssociationsService } from '../associations/associations.service.js';
import { UsersService } from '../org/users.service.js';
import { WorkingGroupsService } from '../working-groups/working-groups.service.js';
import type { ProfileDto } from './dto/profile.dto.js';

/** The caller's profile with their memberships: `GET /me`, and the server-rendered pages' user. */
@Injectable()
export class ProfileService {
  constructor(
    private readonly users: UsersService,
    private readonly associations: AssociationsService,
    private readonly workingGroups: WorkingGroupsService,
  ) {}

  async profile(user: AuthUser): Promise<ProfileDto> {
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
}
