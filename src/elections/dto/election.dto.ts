import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import {
  Allow,
  ArrayMaxSize,
  IsArray,
  IsBoolean,
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
import { UniqueItems } from '../../common/http/validators.js';
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

  @ApiPropertyOptional({
    example: 'ការបោះឆ្នោតជ្រើសរើសក្រុមប្រឹក្សាភិបាលអាណត្តិទី ៧',
    type: String,
    nullable: true,
    description: 'The title in Khmer, for Khmer readers; `title` for the others',
  })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  titleKm?: string | null;

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
  @ArrayMaxSize(MEMBER_STATUSES.length)
  @UniqueItems()
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

  @ApiPropertyOptional({ type: String, nullable: true, description: 'null or empty clears it' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  titleKm?: string | null;

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

  /**
   * Refused whenever present (400 LOT_SEED_NOT_ACCEPTED): the lot draws with the seed committed when
   * voting opened. Kept in the DTO so that the refusal has its own code instead of a generic one.
   */
  @ApiPropertyOptional({
    type: String,
    description: 'Not accepted (400 LOT_SEED_NOT_ACCEPTED): the lot uses the seed committed at the opening',
    deprecated: true,
  })
  @Allow()
  seed?: unknown;

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

/** An election whose seats differ from its term's board seats: certifying it installs a board of `seats`. */
export class BoardSizeChangeDto {
  @ApiProperty({ description: "The term's board seats (the term's boardSeats)" }) boardSeats: number;
  @ApiProperty({
    description: "The seats this election fills: certifying makes the elected the term's whole board",
  })
  seats: number;
}

export class ElectionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) associationId: string;
  @ApiProperty({ format: 'uuid' }) termId: string;
  @ApiProperty({ description: "The term's number" }) termNumber: number;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) parentElectionId: string | null;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true }) titleKm: string | null;
  @ApiProperty() seats: number;
  @ApiProperty() maxChoices: number;
  @ApiProperty({ enum: MEMBER_STATUSES, isArray: true }) eligibleStatuses: MemberStatus[];
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) nominationsOpenAt: Date | null;
  @ApiProperty({ format: 'date-time' }) votingOpensAt: Date;
  @ApiProperty({ format: 'date-time' }) votingClosesAt: Date;
  @ApiProperty({ type: Number, nullable: true }) quorumPercent: number | null;
  @ApiProperty({ enum: ['lot', 'runoff'] }) tieBreak: TieBreakMethod;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      "SHA-256 (hex) of the lot's seed, drawn and published when voting opens; the draw reveals the seed (results.lotSeed)",
  })
  lotCommitment: string | null;
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
  @ApiProperty({
    type: BoardSizeChangeDto,
    nullable: true,
    description:
      "Set when the seats differ from the term's board seats (null for a runoff): certifying then needs " +
      '`confirmBoardSizeChange: true` (409 BOARD_SIZE_CHANGE_UNCONFIRMED without it)',
  })
  boardSizeChange: BoardSizeChangeDto | null;
}

export class CertifyElectionDto {
  @ApiPropertyOptional({
    description:
      "Required (true) when the election's boardSizeChange is set: the caller has been told that the " +
      "elected become the term's whole board, of another size than the term's board seats",
  })
  @IsOptional()
  @IsBoolean()
  confirmBoardSizeChange?: boolean;
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

export class CandidateResultDto {
  @ApiProperty({ format: 'uuid' }) candidateId: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ type: String, nullable: true }) fullNameKm: string | null;
  @ApiProperty({ type: Number, nullable: true }) ballotOrder: number | null;
  @ApiProperty() votes: number;
  @ApiProperty({ description: 'Competition rank by votes: equal votes, equal rank' }) rank: number;
  @ApiProperty({ enum: ['elected', 'tied', 'substitute', 'not_elected'] })
  outcome: 'elected' | 'tied' | 'substitute' | 'not_elected';
}

export class SubstituteDto {
  @ApiProperty({ format: 'uuid' }) candidateId: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ description: '1 steps in first' }) rank: number;
  @ApiProperty({ description: 'Equal votes with another substitute (ordered by the lot)' }) tied: boolean;
}

export class TieDto {
  @ApiProperty({ type: [String] }) candidateIds: string[];
  @ApiProperty({ description: 'Seats still to fill from the tied candidates' }) seatsLeft: number;
  @ApiProperty() votes: number;
}

export class LotDrawDto {
  @ApiProperty({ format: 'uuid' }) candidateId: string;
  @ApiProperty({ description: 'SHA-256 (lower-case hex) of "<seed>:<candidateId>": the draw orders by it' })
  hash: string;
}

export class LotRecordDto {
  @ApiProperty({ enum: ['lot'] }) method: 'lot';
  @ApiProperty() seed: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'SHA-256 of the seed, published when voting opened (null: opened before seeds were committed)',
  })
  lotCommitment: string | null;
  @ApiProperty() procedure: string;
  @ApiProperty({ type: [String] }) tiedCandidateIds: string[];
  @ApiProperty() seatsLeft: number;
  @ApiProperty({ type: [LotDrawDto] }) draw: LotDrawDto[];
  @ApiProperty({ type: [String] }) winners: string[];
  @ApiProperty() drawnAt: string;
  @ApiProperty({ format: 'uuid' }) drawnBy: string;
}

export class RunoffRecordDto {
  @ApiProperty({ enum: ['runoff'] }) method: 'runoff';
  @ApiProperty({ format: 'uuid' }) runoffElectionId: string;
  @ApiProperty({ type: [String] }) tiedCandidateIds: string[];
  @ApiProperty() seatsLeft: number;
  @ApiProperty({ type: [String], nullable: true, description: "Filled when the runoff's result is final" })
  winners: string[] | null;
}

export class SubstituteLotGroupDto {
  @ApiProperty() votes: number;
  @ApiProperty({ type: [LotDrawDto] }) draw: LotDrawDto[];
}

export class SubstituteLotDto {
  @ApiProperty() procedure: string;
  @ApiProperty({ type: [SubstituteLotGroupDto] }) groups: SubstituteLotGroupDto[];
  @ApiProperty() drawnAt: string;
}

@ApiExtraModels(LotRecordDto, RunoffRecordDto)
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
  @ApiProperty({ type: [CandidateResultDto], description: 'Per candidate: votes, rank, outcome' })
  candidates: CandidateResultDto[];
  @ApiProperty({ type: [String], description: 'Elected candidate ids, best first' }) elected: string[];
  @ApiProperty({ type: [SubstituteDto], description: 'Runners-up in the order they step in' })
  substitutes: SubstituteDto[];
  @ApiProperty({ type: TieDto, nullable: true, description: 'A tie across the last seat, while it waits' })
  tie: TieDto | null;
  @ApiProperty({
    oneOf: [{ $ref: getSchemaPath(LotRecordDto) }, { $ref: getSchemaPath(RunoffRecordDto) }],
    nullable: true,
    description: 'How the tie across the last seat was broken: the lot or the runoff (by `method`)',
  })
  tieBreak: LotRecordDto | RunoffRecordDto | null;
  @ApiProperty({ type: String, nullable: true, description: 'Published when voting opened' })
  lotCommitment: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The lot seed, once a draw revealed it: SHA-256 of it equals lotCommitment',
  })
  lotSeed: string | null;
  @ApiProperty({
    type: SubstituteLotDto,
    nullable: true,
    description: 'The lot order of substitutes tied on votes',
  })
  substituteLot: SubstituteLotDto | null;
  @ApiProperty({ description: 'Nothing waits (no pending tie)' }) final: boolean;
  @ApiProperty() rules: string;
  @ApiPropertyOptional({
    description:
      'The results as an SVG bar chart, a plain link signed for the caller (valid about 10 minutes)',
  })
  chartUrl?: string;
  @ApiPropertyOptional({
    description:
      'The anonymised ballots (JSON), a plain link signed for the caller: it opens in a new tab or is saved as a file',
  })
  ballotsUrl?: string;
  @ApiPropertyOptional({ description: 'The receipt codes (JSON), a plain link signed for the caller' })
  receiptsUrl?: string;
}

export class TieBreakResultDto {
  @ApiPropertyOptional({ type: ElectionResultsDto }) results?: ElectionResultsDto;
  @ApiPropertyOptional({ type: ElectionDto }) runoffElection?: ElectionDto;
}
