import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ArrayNotEmpty,
} from 'class-validator';
import { MEMBER_STATUSES, type MemberStatus } from '../../associations/entities/association-member.entity.js';
import { ELECTION_STATUSES, type ElectionStatus } from '../election-state.js';
import type { TieBreakMethod } from '../entities/election.entity.js';

export class CreateElectionDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  termId: string;

  @ApiProperty({ example: 'ការបោះឆ្នោតជ្រើសរើសគណៈកម្មការអាណត្តិទី៧' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title: string;

  @ApiProperty({ example: 11 })
  @IsInt()
  @Min(1)
  @Max(500)
  seats: number;

  @ApiPropertyOptional({ description: 'Most candidates a ballot may choose; default: seats (at most seats)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  maxChoices?: number;

  @ApiPropertyOptional({ enum: MEMBER_STATUSES, isArray: true, default: ['active'] })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(MEMBER_STATUSES, { each: true })
  eligibleStatuses?: MemberStatus[];

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  nominationsOpenAt?: string;

  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true })
  votingOpensAt: string;

  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true })
  votingClosesAt: string;

  @ApiPropertyOptional({ description: 'Minimum turnout, percent of the voter roll', example: 50 })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  @Max(100)
  quorumPercent?: number;

  @ApiProperty({ enum: ['lot', 'runoff'] })
  @IsIn(['lot', 'runoff'])
  tieBreak: TieBreakMethod;
}

export class UpdateElectionDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Only before nominations open' })
  @IsOptional()
  @IsISO8601({ strict: true })
  nominationsOpenAt?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Only before voting opens' })
  @IsOptional()
  @IsISO8601({ strict: true })
  votingOpensAt?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Until voting closes' })
  @IsOptional()
  @IsISO8601({ strict: true })
  votingClosesAt?: string;
}

export class NominateDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  userId: string;

  @ApiPropertyOptional({ description: 'In Khmer or English', example: 'ខ្ញុំសូមបម្រើសមាជិកទាំងអស់' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  statement?: string;
}

export class CastBallotDto {
  @ApiProperty({
    type: [String],
    description: 'Candidate ids (0 = blank ballot, at most maxChoices, each at most once)',
  })
  @IsArray()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  candidateIds: string[];
}

export class TieBreakDto {
  @ApiProperty({ enum: ['lot', 'runoff'] })
  @IsIn(['lot', 'runoff'])
  method: TieBreakMethod;

  @ApiPropertyOptional({ description: 'lot: the seed to publish (generated when absent)' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  seed?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'runoff: when its voting opens' })
  @IsOptional()
  @IsISO8601({ strict: true })
  votingOpensAt?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'runoff: when its voting closes' })
  @IsOptional()
  @IsISO8601({ strict: true })
  votingClosesAt?: string;
}

export class CandidateDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ type: String, nullable: true }) fullNameKm: string | null;
  @ApiProperty({ type: String, nullable: true }) statement: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Drawn once when voting opens' }) ballotOrder:
    number | null;
  @ApiProperty({ enum: ['active', 'withdrawn'] }) status: 'active' | 'withdrawn';
}

export class TurnoutDto {
  @ApiProperty({ description: 'Ballots cast so far (a count, nothing more)' }) voted: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Voters on the roll (once voting opened)' })
  eligible: number | null;
}

export class ElectionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) associationId: string;
  @ApiProperty({ format: 'uuid' }) termId: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) parentElectionId: string | null;
  @ApiProperty() title: string;
  @ApiProperty() seats: number;
  @ApiProperty() maxChoices: number;
  @ApiProperty({ enum: MEMBER_STATUSES, isArray: true }) eligibleStatuses: MemberStatus[];
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) nominationsOpenAt: Date | null;
  @ApiProperty({ format: 'date-time' }) votingOpensAt: Date;
  @ApiProperty({ format: 'date-time' }) votingClosesAt: Date;
  @ApiProperty({ type: Number, nullable: true }) quorumPercent: number | null;
  @ApiProperty({ enum: ['lot', 'runoff'] }) tieBreak: TieBreakMethod;
  @ApiProperty({ enum: ELECTION_STATUSES }) status: ElectionStatus;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) votingOpenedAt: Date | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) votingClosedAt: Date | null;
  @ApiProperty({ type: [CandidateDto], description: 'In ballot order once voting opened' })
  candidates: CandidateDto[];
  @ApiProperty({ type: TurnoutDto }) turnout: TurnoutDto;
  @ApiProperty({ description: 'True once closed and tallied' }) resultsAvailable: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'A pending runoff' })
  runoffElectionId: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) certifiedBy: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) certifiedAt: Date | null;
}

export class ElectionListDto {
  @ApiProperty({ type: [ElectionDto] }) items: ElectionDto[];
}

export class BallotReceiptDto {
  @ApiProperty({
    description: 'Keep it: it is in the published list after closing',
    example: 'K7QM4-XW2PD-9TRHA-3NVCE',
  })
  receipt: string;
}

export class MyVoteDto {
  @ApiProperty() voted: boolean;
  @ApiProperty({ description: 'Whether I am on the voter roll (once voting opened)' }) eligible: boolean;
}

export class PublishedReceiptsDto {
  @ApiProperty({ type: [String], description: 'Every receipt code, sorted' }) receipts: string[];
  @ApiProperty() count: number;
}

export class PublishedBallotDto {
  @ApiProperty({ type: [String], description: 'Chosen candidate ids (empty: blank)' }) choices: string[];
}

export class PublishedBallotsDto {
  @ApiProperty({ type: [PublishedBallotDto], description: 'Anonymised, in random order' })
  ballots: PublishedBallotDto[];
  @ApiProperty() count: number;
}

export class ElectionResultsDto {
  @ApiProperty({ format: 'uuid' }) electionId: string;
  @ApiProperty({ enum: ELECTION_STATUSES }) status: ElectionStatus;
  @ApiProperty() seats: number;
  @ApiProperty() eligible: number;
  @ApiProperty() ballotsCast: number;
  @ApiProperty() blankBallots: number;
  @ApiProperty() turnoutPercent: number;
  @ApiProperty({ type: Number, nullable: true }) quorumPercent: number | null;
  @ApiProperty() quorumMet: boolean;
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: 'Per candidate: votes, rank, outcome',
  })
  candidates: unknown[];
  @ApiProperty({ type: [String], description: 'Elected candidate ids, best first' }) elected: string[];
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: '{ candidateId, userId, rank }' })
  substitutes: unknown[];
  @ApiProperty({
    type: Object,
    nullable: true,
    description: '{ candidateIds, seatsLeft, votes } while a tie waits',
  })
  tie: unknown;
  @ApiProperty({ type: Object, nullable: true, description: 'The lot (seed, procedure, draw) or the runoff' })
  tieBreak: unknown;
  @ApiProperty({ description: 'Nothing waits (no pending tie)' }) final: boolean;
  @ApiProperty() rules: string;
  @ApiPropertyOptional({
    description:
      'The results as an SVG bar chart, a plain link signed for the caller (valid about 10 minutes)',
  })
  chartUrl?: string;
}

export class TieBreakResultDto {
  @ApiPropertyOptional({ type: ElectionResultsDto }) results?: ElectionResultsDto;
  @ApiPropertyOptional({ type: ElectionDto }) runoffElection?: ElectionDto;
}
