import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsDateString,
  IsArray,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ArrayMaxSize,
} from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination.js';
import { USER_STATUSES } from '../../org/dto/user.dto.js';
import type { UserStatus } from '../../org/entities/user.entity.js';
import { DocumentDto, RoutingNoteDto, TaskDto } from './document.dto.js';

export class ApproveDto {
  @ApiPropertyOptional({ example: 'យល់ព្រម / Agreed' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  comment?: string;
}

export class ReasonDto {
  @ApiProperty({ example: 'Please correct the amount' })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  reason: string;
}

export class ReassignDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  userId: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  reason: string;
}

export class RouteBlockedDto extends ReassignDto {}

export class DecisionResultDto {
  @ApiProperty({ type: TaskDto }) task: TaskDto;
  @ApiProperty({ type: DocumentDto }) document: DocumentDto;
}

/** A decision taken before on the document, shown beside a pending task. */
export class ActedBeforeDto {
  @ApiProperty({ description: "The stage's name in English" }) stage: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: "The stage's name in Khmer" })
  stageKm?: string | null;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) nameKm: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) actingForId: string | null;
  @ApiProperty({ enum: ['approved', 'returned', 'rejected'] }) status: string;
  @ApiProperty({ type: String, nullable: true }) comment: string | null;
  @ApiProperty() decidedAt: string;
}

export class InboxItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) documentId: string;
  @ApiProperty() title: string;
  @ApiPropertyOptional({ type: String, nullable: true }) referenceNumber: string | null;
  @ApiProperty() documentType: string;
  @ApiProperty({ format: 'uuid', description: 'Who submitted the document' }) submitterId: string;
  @ApiProperty() submitterName: string;
  @ApiProperty({ type: String, nullable: true }) submitterNameKm: string | null;
  @ApiProperty({ description: "The stage's name in English" }) stageName: string;
  @ApiProperty({ type: String, nullable: true, description: "The stage's name in Khmer" })
  stageNameKm: string | null;
  @ApiProperty() stageIndex: number;
  @ApiPropertyOptional({ type: String, nullable: true }) dueAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) actingForId: string | null;
  @ApiProperty() versionNo: number;
  @ApiProperty() createdAt: string;
  @ApiProperty({
    type: [ActedBeforeDto],
    description: 'Who decided before on this document (stage, name, decision, time)',
  })
  actedBefore: ActedBeforeDto[];
}

export class InboxPageDto {
  @ApiProperty({ type: [InboxItemDto] }) items: InboxItemDto[];
  @ApiPropertyOptional({ type: String, nullable: true }) nextCursor: string | null;
}

/** An overdue task, for the administrators who may reassign it: whose it is. */
export class OverdueItemDto extends InboxItemDto {
  @ApiProperty({ format: 'uuid' }) assigneeId: string;
  @ApiProperty() assigneeName: string;
  @ApiProperty({ type: String, nullable: true }) assigneeNameKm: string | null;
  @ApiProperty({
    enum: USER_STATUSES,
    description:
      'Whether the assignee can sign in: a task held by a disabled or retired account waits on nobody',
  })
  assigneeStatus: UserStatus;
}

/** Pending tasks held by accounts that cannot sign in (`GET /approvals/held-by-inactive`). */
export class HeldTasksDto {
  @ApiProperty({ type: [OverdueItemDto] }) items: OverdueItemDto[];
  @ApiProperty({ description: 'More such tasks than listed (the longest held come first)' }) more: boolean;
}

export class OverduePageDto {
  @ApiProperty({ type: [OverdueItemDto] }) items: OverdueItemDto[];
  @ApiPropertyOptional({ type: String, nullable: true }) nextCursor: string | null;
}

export class OverdueQueryDto extends PageQueryDto {}

export class CreateDelegationDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  toUserId: string;

  @ApiProperty({ format: 'date-time' })
  @IsDateString({ strict: true })
  startsAt: string;

  @ApiProperty({ format: 'date-time' })
  @IsDateString({ strict: true })
  endsAt: string;

  @ApiPropertyOptional({ type: [String], description: 'Only these document types (default: all)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  documentTypes?: string[];
}

export class DelegationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) fromUserId: string;
  @ApiProperty({ format: 'uuid' }) toUserId: string;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiPropertyOptional({ type: [String], nullable: true }) documentTypes: string[] | null;
  @ApiPropertyOptional({ type: String, nullable: true }) revokedAt: string | null;
}

export class RevokedDelegationDto extends DelegationDto {
  @ApiProperty({
    description:
      'How many pending tasks the delegate held for the approver under this delegation came back to the approver',
  })
  takenBack: number;
}

export class SignerActingForDto {
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) nameKm: string | null;
  @ApiProperty({ type: String, nullable: true }) post: string | null;
  @ApiProperty({ type: String, nullable: true }) postKm: string | null;
}

export class SignerDto {
  @ApiProperty() name: string;
  @ApiPropertyOptional({ type: String, nullable: true }) nameKm: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) post: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) postKm: string | null;
  @ApiPropertyOptional({ type: SignerActingForDto, nullable: true, description: 'Whom the signer acted for' })
  actingFor: SignerActingForDto | null;
  @ApiProperty({ description: "The stage's name in English (as signed)" }) stage: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: "The stage's name in Khmer, as signed (absent from sign-offs made before stages had one)",
  })
  stageKm?: string | null;
  @ApiProperty() at: string;
}

export class VerificationUnitDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) nameKm: string | null;
}

export class VerificationDto {
  @ApiProperty() referenceNumber: string;
  @ApiProperty() title: string;
  @ApiProperty({ example: 'letter' }) documentType: string;
  @ApiProperty({ type: String, nullable: true, description: "The document type's Khmer display name" })
  documentTypeNameKm: string | null;
  @ApiProperty({ type: String, nullable: true, description: "The document type's English display name" })
  documentTypeNameEn: string | null;
  @ApiProperty({ type: VerificationUnitDto }) issuingUnit: VerificationUnitDto;
  @ApiProperty() approvedAt: string;
  @ApiProperty({ type: [SignerDto] }) signers: SignerDto[];
  @ApiProperty() sha256: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'SHA-256 of the signed copy (approved version + sign-off sheet, PDF), once made',
  })
  signedCopySha256: string | null;
  @ApiProperty() versionNo: number;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The signed manifest' })
  manifest: Record<string, unknown>;
  @ApiProperty({
    description: 'Ed25519 signature (base64) over the canonical manifest (keys sorted, no spaces)',
  })
  signature: string;
  @ApiProperty() publicKeyId: string;
  @ApiProperty({ example: 'Ed25519' }) algorithm: string;
  @ApiProperty({
    enum: ['approved', 'revoked'],
    description:
      'approved: genuine and in force; revoked: genuine, but the issuer revoked it (see revokedAt)',
  })
  status: 'approved' | 'revoked';
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) revokedAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why the issuer revoked it' })
  revocationReason: string | null;
}

export class VerifyFileResultDto {
  @ApiProperty() match: boolean;
  @ApiPropertyOptional({
    nullable: true,
    enum: ['approved_version', 'signed_copy', 'rendered_from'],
    description:
      'Which file matched: the approved version itself, its signed copy (PDF with the sign-off sheet), or (a document signed as its rendering, e.g. minutes) the version the signed PDF was made from',
  })
  matched: 'approved_version' | 'signed_copy' | 'rendered_from' | null;
  @ApiProperty() sha256: string;
}

export class BlockedRequestDto {
  @ApiProperty({ format: 'uuid' }) requestId: string;
  @ApiProperty({ format: 'uuid' }) documentId: string;
  @ApiProperty() title: string;
  @ApiPropertyOptional({ type: String, nullable: true }) referenceNumber: string | null;
  @ApiProperty() stageIndex: number;
  @ApiProperty({ description: "The stage's name in English" }) stageName: string;
  @ApiProperty({ type: String, nullable: true, description: "The stage's name in Khmer" })
  stageNameKm: string | null;
  @ApiProperty({
    type: [RoutingNoteDto],
    description: 'How each approver resolved (which post is vacant)',
  })
  routingNotes: RoutingNoteDto[];
}
