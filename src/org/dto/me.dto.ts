import { ApiProperty } from '@nestjs/swagger';
import { HeldPostDto, OrgUnitSummaryDto } from './org-unit.dto.js';
import { UserDto } from './user.dto.js';

/** The caller: their profile, unit and the posts they hold today. */
export class MeDto extends UserDto {
  @ApiProperty({ type: OrgUnitSummaryDto, nullable: true })
  orgUnit: OrgUnitSummaryDto | null;

  @ApiProperty({ type: [HeldPostDto], description: 'Posts held today' })
  posts: HeldPostDto[];
}
