import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination.js';
import {
  MEMBER_ROLES,
  MEMBER_STATUSES,
  type MemberRole,
  type MemberStatus,
} from '../../associations/entities/association-member.entity.js';
import { ELECTION_STATUSES, type ElectionStatus } from '../election-state.js';

export class MyElectionsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ELECTION_STATUSES, description: 'Only elections in this status' })
  @IsOptional()
  @IsIn(ELECTION_STATUSES)
  status?: ElectionStatus;
}

/** An election as one of the caller's: where it stands and where the caller stands in it. */
export class MyElectionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true }) titleKm: string | null;
  @ApiProperty({ enum: ELECTION_STATUSES }) status: ElectionStatus;
  @ApiProperty({ format: 'uuid' }) associationId: string;
  @ApiProperty() associationName: string;
  @ApiProperty({ type: String, nullable: true }) associationNameKm: string | null;
  @ApiProperty({ format: 'uuid' }) termId: string;
  @ApiProperty() seats: number;
  @ApiProperty({ enum: MEMBER_STATUSES, isArray: true }) eligibleStatuses: MemberStatus[];
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) nominationsOpenAt: Date | null;
  @ApiProperty({ format: 'date-time' }) votingOpensAt: Date;
  @ApiProperty({ format: 'date-time' }) votingClosesAt: Date;
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date-time',
    description: 'When voting actually opened (null until it has); votingOpensAt is the plan',
  })
  votingOpenedAt: Date | null;
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date-time',
    description: 'When voting actually closed (null until it has); votingClosesAt is the plan',
  })
  votingClosedAt: Date | null;
  @ApiProperty({
    type: String,
    nullable: true,
    enum: MEMBER_STATUSES,
    description: "The caller's membership status (null for an admin who is not a member)",
  })
  myStatus: MemberStatus | null;
  @ApiProperty({ type: String, nullable: true, enum: MEMBER_ROLES, description: "The caller's role" })
  myRole: MemberRole | null;
  @ApiProperty({
    description:
      'Whether the caller may vote: on the voter roll once voting has opened (frozen then); before that, ' +
      'whether their membership status is one the election allows',
  })
  eligible: boolean;
  @ApiProperty({ description: 'Whether the caller has voted (never how)' }) voted: boolean;
  @ApiProperty({ description: 'Voting is open, the caller is on the roll and has not voted yet' })
  mayVoteNow: boolean;
  @ApiProperty({ description: "The caller runs it: the association's committee, its admins, or an admin" })
  mayRun: boolean;
}

export class MyElectionPageDto {
  @ApiProperty({ type: [MyElectionDto] }) items: MyElectionDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
