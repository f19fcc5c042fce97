import { ApiProperty } from '@nestjs/swagger';
import { PageQueryDto } from '../../common/http/pagination.js';
import { SearchQuery } from './transforms.js';
import { OrgUnitSummaryDto } from './org-unit.dto.js';

/**
 * A person as colleagues see them (the directory): names and unit. Sign-in names, e-mail
 * addresses, roles and account status go to administrators only (`GET /users`).
 */
export class PersonEntryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Sean Sokha' })
  fullName: string;

  @ApiProperty({ type: String, nullable: true, example: 'ស៊ាន សុខា' })
  fullNameKm: string | null;

  @ApiProperty({ type: OrgUnitSummaryDto, nullable: true, description: 'Tells namesakes apart' })
  orgUnit: OrgUnitSummaryDto | null;
}

export class PersonPageDto {
  @ApiProperty({ type: [PersonEntryDto] })
  items: PersonEntryDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

export class ListPeopleQueryDto extends PageQueryDto {
  @SearchQuery('Substring of the Latin or the Khmer name (case-insensitive)')
  search?: string;
}
