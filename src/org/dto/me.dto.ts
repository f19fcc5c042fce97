import { ApiProperty } from '@nestjs/swagger';
import { HeldPostDto, OrgUnitSummaryDto } from './org-unit.dto.js';
import { UserDto } from './user.dto.js';

/** The caller: their profile, unit and the posts they hold today. */
export class MeDto extends UserDto {
  @ApiProperty({ type: OrgUnitSummaryDto, nullable: true })
  orgUnit: OrgUnitSummaryDto | null;

  @ApiProperty({ type: [HeldPostDto], description: 'Posts held today' })
  posts: HeldPostDto[];

  @ApiProperty({
    description:
      'The password was set by an administrator: until its owner chooses their own (POST ' +
      '/auth/change-password), other routes answer 403 PASSWORD_CHANGE_REQUIRED',
  })
  mustChangePassword: boolean;
}
